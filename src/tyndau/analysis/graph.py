"""The propagation graph between sources, its communities, and the discovery frontier.

**References.** Every item that takes or points at another source's content yields one
reference per source it names (an item naming a source twice counts once):

- ``forward``: a forwarded message (``item.forward_from``, a source key); forwards of people's
  messages (``p:…``) are counted but are not references — people are never graph nodes;
- ``repost``: a repost (``item.repost_of_key``, VK ``copy_history``): the original's source;
- ``link``: a URL in the item (``item.links`` and ``item_text.urls``), resolved by
  :mod:`tyndau.analysis.links`;
- ``mention``: an ``@mention`` (``item_text.mentions``) and, in VK, ``[club123|…]``. Mentions are
  read from posts of channels and communities only: in comments and group chats they are mostly
  people answering people.

References resolve to a stored source when they can: by key, by handle or screen name (case
does not matter), by the reference of the source's own ``url``, or for sites by domain (a
subdomain falls back to the nearest stored parent domain). The rest keep their canonical
reference (``telegram:@handle``, ``vk:@screen_name``, ``youtube:@handle``, ``web:domain``) and
become nodes of their own. A reference from a source to itself is dropped.

**Direction.** An edge ``A → B`` means content or attention flowed from ``A`` to ``B``: ``B``
forwarded or reposted ``A``'s content, or ``B``'s content links to or mentions ``A``. Its
``weight`` counts ``B``'s items that did so; ``first_at`` and ``last_at`` are the first and last
of those items' publication times (UTC). Out-strength is how much others took from a source,
in-strength how much it took from others.

**Monitored.** A source is monitored when it has items of its own in the store. Originals that
the VK connector imports from a repost's ``copy_history`` do not count as own items: a community
seen only through others' reposts is not monitored.

**Communities.** Leiden (``leidenalg``, RB configuration model, resolution parameter, fixed seed)
on the undirected projection of the graph, edge weights summed over kinds and both directions.

**Frontier.** References to sources that are not monitored, from items of monitored sources,
ranked by how many monitored sources point at them, then how many references, then how recent
the last one is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tyndau.analysis.links import (
    reference_platform,
    resolve_mention,
    resolve_url,
    resolve_urls,
    telegram_handle,
    vk_screen_name,
    web_domain,
    youtube_handle,
)
from tyndau.store import Store

KINDS = ("forward", "repost", "link", "mention")
CONVENTION = (
    "An edge A → B means content or attention flowed from A to B: B forwarded or reposted A's "
    "content, or B's content links to or @mentions A. weight = number of B's items that did so; "
    "first_at/last_at = publication time (UTC) of the first and last of them."
)
_TMP = "_tyndau_graph"


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat() + "Z"


def iso_strings(column: pa.ChunkedArray | pa.Array) -> list[str | None]:
    """Timestamps as ISO strings to the second, ``Z`` for UTC (nulls stay ``None``)."""
    if len(column) == 0:
        return []
    seconds = pc.cast(column, pa.timestamp("s", tz="UTC"), safe=False)
    return pc.strftime(seconds, format="%Y-%m-%dT%H:%M:%SZ").to_pylist()


# -- the sources we know ---------------------------------------------------------------------

@dataclass(slots=True)
class SourceIndex:
    """Stored sources: titles, own item counts and the references that name each of them."""

    titles: dict[str, str] = field(default_factory=dict)
    own_items: dict[str, int] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)
    forward_titles: dict[str, str] = field(default_factory=dict)

    @property
    def monitored(self) -> set[str]:
        return {k for k, n in self.own_items.items() if n > 0}

    def node_for(self, ref: str) -> str:
        """The node a canonical reference stands for: a stored source's key, else itself."""
        hit = self.aliases.get(ref)
        if hit is not None:
            return hit
        if ref.startswith("web:"):
            domain = ref[4:]
            while "." in domain:
                domain = domain.split(".", 1)[1]
                hit = self.aliases.get("web:" + domain)
                if hit is not None and "." in domain:
                    return hit
        return ref

    def title(self, key: str) -> str | None:
        return self.titles.get(key) or self.forward_titles.get(key)


def _handle_reference(platform: str, handle: str) -> str | None:
    if platform == "telegram":
        return telegram_handle(handle)
    if platform == "vk":
        return vk_screen_name(handle)
    if platform == "youtube":
        return youtube_handle(handle)
    return None


def load_source_index(store: Store) -> SourceIndex:
    index = SourceIndex()
    rows = store.query("""
        WITH copied AS (
            SELECT DISTINCT o.item_key
            FROM item r JOIN item o ON o.item_key = r.repost_of_key
            WHERE o.source_key <> r.source_key AND o.origin_file = r.origin_file
        ), own AS (
            SELECT i.source_key, count(*) AS n
            FROM item i LEFT JOIN copied c USING (item_key)
            WHERE c.item_key IS NULL
            GROUP BY 1
        )
        SELECT coalesce(s.source_key, own.source_key), s.platform, s.source_id, s.handle, s.url,
               s.title, coalesce(own.n, 0), s.source_key IS NOT NULL
        FROM source s FULL OUTER JOIN own ON own.source_key = s.source_key
        ORDER BY coalesce(own.n, 0) ASC, 1 DESC
    """)
    # Ascending by own items, then descending key: when two sources claim the same alias, the
    # one with more own items (then the smaller key) is written last and wins.
    for key, platform, source_id, handle, url, title, own, stored in rows:
        index.own_items[key] = int(own)
        if stored:
            index.known.add(key)
        if title:
            index.titles[key] = title
        refs = []
        if platform and handle:
            refs.append(_handle_reference(platform, handle.strip()))
        if platform == "web" and source_id:
            refs.append(web_domain(source_id))
        if url:
            refs.append(resolve_url(url))
        for ref in refs:
            if ref is not None:
                index.aliases[ref] = key
    for ref, title in store.query("""
        SELECT forward_from, arg_max(forward_from_title, published_at)
        FROM item
        WHERE forward_from IS NOT NULL AND forward_from_title IS NOT NULL
          AND forward_from NOT LIKE 'p:%'
        GROUP BY 1
    """):
        index.forward_titles[ref] = title
    return index


# -- references ------------------------------------------------------------------------------

def _window(column: str, since: datetime | None, until: datetime | None) -> tuple[str, list]:
    cond, params = ["TRUE"], []
    if since is not None:
        cond.append(f"{column} >= ?")
        params.append(since)
    if until is not None:
        cond.append(f"{column} < ?")
        params.append(until)
    return " AND ".join(cond), params


class References:
    """Item-level references in temporary tables of the store's connection (a context manager).

    ``{_TMP}_refs`` holds one row per item and node it references (``src``: the node referenced,
    ``dst``: the item's source, ``kind``, ``item_key``, ``published_at``), self-references removed;
    ``{_TMP}_monitored`` the keys of monitored sources. ``stats`` counts what was left out.
    """

    def __init__(self, store: Store, index: SourceIndex, *, kinds: Iterable[str] = KINDS,
                 since: datetime | None = None, until: datetime | None = None) -> None:
        self.store, self.index = store, index
        wanted = set(kinds)
        self.kinds = tuple(k for k in KINDS if k in wanted)
        unknown = wanted - set(KINDS)
        if unknown:
            raise ValueError(f"unknown reference kinds: {sorted(unknown)}")
        self.since, self.until = since, until
        self.table = f"{_TMP}_refs"
        self.stats: dict[str, Any] = {}
        self._tables: list[str] = []
        self._views: list[str] = []

    def __enter__(self) -> References:
        try:
            self._build()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        con = self.store.con
        for name in self._tables:
            con.execute(f"DROP TABLE IF EXISTS {name}")
        for name in self._views:
            with contextlib.suppress(Exception):
                con.unregister(name)
        self._tables, self._views = [], []

    def _temp(self, name: str, sql: str, params: list | None = None) -> str:
        full = f"{_TMP}_{name}"
        self.store.con.execute(f"CREATE OR REPLACE TEMP TABLE {full} AS {sql}", params or [])
        self._tables.append(full)
        return full

    def _register(self, name: str, table: pa.Table) -> str:
        full = f"{_TMP}_{name}"
        self.store.con.register(full, table)
        self._views.append(full)
        return full

    def _build(self) -> None:
        store, index = self.store, self.index
        win, wp = _window("i.published_at", self.since, self.until)
        monitored = sorted(index.monitored)
        view = self._register("monitored_keys", pa.table({"key": pa.array(monitored,
                                                                            pa.string())}))
        self._temp("monitored", f"SELECT key FROM {view}")
        parts: list[str] = []
        params: list = []
        if "forward" in self.kinds:
            parts.append(f"""
                SELECT i.forward_from AS src, i.source_key AS dst, 'forward' AS kind,
                       i.item_key, i.published_at
                FROM item i
                WHERE i.forward_from IS NOT NULL AND i.repost_of_key IS NULL
                  AND i.forward_from NOT LIKE 'p:%' AND contains(i.forward_from, ':') AND {win}""")
            params += wp
        if "repost" in self.kinds:
            parts.append(f"""
                SELECT regexp_extract(i.repost_of_key, '^(.+):[^:]*$', 1) AS src,
                       i.source_key AS dst, 'repost' AS kind, i.item_key, i.published_at
                FROM item i
                WHERE i.repost_of_key IS NOT NULL AND contains(i.repost_of_key, ':')
                  AND coalesce(i.forward_from, '') NOT LIKE 'p:%' AND {win}""")
            params += wp
        if "link" in self.kinds:
            occ = self._temp("url_occ", f"""
                SELECT item_key, dst, published_at, u FROM (
                    SELECT i.item_key, i.source_key AS dst, i.published_at,
                           unnest(list_distinct(list_concat(coalesce(i.links, []),
                                                            coalesce(t.urls, [])))) AS u
                    FROM item i LEFT JOIN item_text t USING (item_key)
                    WHERE (i.links IS NOT NULL OR t.urls IS NOT NULL) AND {win})""", wp)
            urls = store.arrow(f"SELECT DISTINCT u FROM {occ} WHERE u IS NOT NULL")["u"]
            refs, reasons = resolve_urls(urls.to_pylist())
            node_of = {r: index.node_for(r) for r in set(refs) if r is not None}
            nodes = [node_of[r] if r is not None else None for r in refs]
            url_map = self._register("url_map", pa.table({
                "u": urls.combine_chunks() if isinstance(urls, pa.ChunkedArray) else urls,
                "node": pa.array(nodes, pa.string()), "reason": pa.array(reasons, pa.string())}))
            self.stats["urls"] = dict(store.query(
                f"SELECT m.reason, count(*) FROM {occ} o JOIN {url_map} m USING (u) "
                "GROUP BY 1 ORDER BY 1"))
            parts.append(f"""
                SELECT m.node AS src, o.dst, 'link' AS kind, o.item_key, o.published_at
                FROM {occ} o JOIN {url_map} m USING (u) WHERE m.node IS NOT NULL""")
        if "mention" in self.kinds:
            eligible = ("i.kind <> 'comment' AND coalesce(s.kind, '') <> 'group'")
            occ = self._temp("mention_occ", f"""
                SELECT item_key, dst, published_at, platform, m FROM (
                    SELECT i.item_key, i.source_key AS dst, i.published_at, i.platform,
                           unnest(list_distinct(t.mentions)) AS m
                    FROM item i JOIN item_text t USING (item_key)
                         LEFT JOIN source s ON s.source_key = i.source_key
                    WHERE t.mentions IS NOT NULL AND {eligible} AND {win})""", wp)
            distinct = store.query(f"SELECT DISTINCT platform, m FROM {occ} WHERE m IS NOT NULL")
            mapped = [resolve_mention(m, p) for p, m in distinct]
            mention_map = self._register("mention_map", pa.table({
                "platform": pa.array([p for p, _ in distinct], pa.string()),
                "m": pa.array([m for _, m in distinct], pa.string()),
                "node": pa.array([index.node_for(r) if r else None for r in mapped],
                                 pa.string())}))
            self.stats["mentions_unresolved"] = int(store.query(
                f"SELECT count(*) FROM {occ} o JOIN {mention_map} m USING (platform, m) "
                "WHERE m.node IS NULL")[0][0])
            parts.append(f"""
                SELECT m.node AS src, o.dst, 'mention' AS kind, o.item_key, o.published_at
                FROM {occ} o JOIN {mention_map} m USING (platform, m)
                WHERE m.node IS NOT NULL""")
            parts.append(f"""
                SELECT 'vk:-' || CAST(CAST(x AS HUGEINT) AS VARCHAR) AS src, dst,
                       'mention' AS kind, item_key, published_at
                FROM (SELECT i.item_key, i.source_key AS dst, i.published_at,
                             unnest(regexp_extract_all(
                                 i.text, '\\[(?:club|public|event)([0-9]{{1,19}})\\|', 1)) AS x
                      FROM item i LEFT JOIN source s ON s.source_key = i.source_key
                      WHERE i.platform = 'vk' AND {eligible} AND contains(i.text, '|')
                        AND {win})""")
            params += wp
        if not parts:
            parts.append("SELECT NULL::VARCHAR AS src, NULL::VARCHAR AS dst, "
                         "NULL::VARCHAR AS kind, NULL::VARCHAR AS item_key, "
                         "NULL::TIMESTAMPTZ AS published_at WHERE FALSE")
        union = " UNION ALL ".join(f"({p})" for p in parts)
        all_refs = self._temp("all_refs", f"SELECT DISTINCT * FROM ({union}) "
                                          "WHERE src IS NOT NULL AND src <> ''", params)
        self._temp("refs", f"SELECT * FROM {all_refs} WHERE src <> dst")
        by_kind = dict(store.query(f"SELECT kind, count(*) FROM {self.table} GROUP BY 1"))
        self.stats["references"] = {k: int(by_kind.get(k, 0)) for k in self.kinds}
        self.stats["self_references"] = int(store.query(
            f"SELECT count(*) FROM {all_refs} WHERE src = dst")[0][0])
        self.store.con.execute(f"DROP TABLE {all_refs}")
        self._tables.remove(all_refs)
        self.stats["person_forwards"] = int(store.query(
            f"SELECT count(*) FROM item i WHERE i.forward_from LIKE 'p:%' AND {win}", wp)[0][0])


# -- the graph -------------------------------------------------------------------------------

@dataclass(slots=True)
class PropagationGraph:
    """Nodes (sorted by key) and aggregated edges, as arrays; communities when computed."""

    nodes: list[str]
    titles: list[str | None]
    monitored: np.ndarray
    items: np.ndarray
    edges: pa.Table  # src, dst, kind, weight, first_at, last_at (heaviest first)
    src: np.ndarray  # node index of each edge's src
    dst: np.ndarray
    weight: np.ndarray
    in_strength: np.ndarray
    out_strength: np.ndarray
    in_degree: np.ndarray  # distinct sources a node took from
    out_degree: np.ndarray  # distinct sources that took from a node
    membership: np.ndarray | None = None
    modularity: float | None = None
    communities: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def platforms(self) -> list[str]:
        return [reference_platform(k) for k in self.nodes]

    def node_dicts(self) -> list[dict[str, Any]]:
        member = self.membership
        return [
            {"key": k, "platform": reference_platform(k), "title": self.titles[i],
             "monitored": bool(self.monitored[i]), "items": int(self.items[i]),
             "community": int(member[i]) if member is not None else None,
             "in_strength": int(self.in_strength[i]), "out_strength": int(self.out_strength[i]),
             "in_degree": int(self.in_degree[i]), "out_degree": int(self.out_degree[i])}
            for i, k in enumerate(self.nodes)
        ]

    def edge_dicts(self, limit: int | None = None) -> list[dict[str, Any]]:
        e = self.edges if limit is None else self.edges.slice(0, limit)
        cols = [e["src"].to_pylist(), e["dst"].to_pylist(), e["kind"].to_pylist(),
                e["weight"].to_pylist(), iso_strings(e["first_at"]), iso_strings(e["last_at"])]
        return [{"src": s, "dst": d, "kind": k, "weight": int(w), "first_at": f, "last_at": la}
                for s, d, k, w, f, la in zip(*cols, strict=True)]


def aggregate_edges(store: Store, refs: References, *, min_weight: int = 1) -> pa.Table:
    return store.arrow(f"""
        SELECT src, dst, kind, count(*)::BIGINT AS weight, min(published_at) AS first_at,
               max(published_at) AS last_at
        FROM {refs.table}
        GROUP BY src, dst, kind
        HAVING count(*) >= ?
        ORDER BY weight DESC, src, dst, kind
    """, [min_weight])


def build_graph(index: SourceIndex, edges: pa.Table) -> PropagationGraph:
    """Nodes: every edge end and every monitored source; arrays indexed by node."""
    ends = pa.chunked_array([edges["src"], edges["dst"]]).unique().to_pylist()
    nodes = sorted(set(ends) | index.monitored)
    n = len(nodes)
    value_set = pa.array(nodes, pa.string())
    src = _indices(edges["src"], value_set)
    dst = _indices(edges["dst"], value_set)
    weight = edges["weight"].to_numpy().astype(np.int64) if edges.num_rows else np.zeros(
        0, np.int64)
    pairs = np.unique(src * max(n, 1) + dst) if n else np.zeros(0, np.int64)
    return PropagationGraph(
        nodes=nodes,
        titles=[index.title(k) for k in nodes],
        monitored=np.array([index.own_items.get(k, 0) > 0 for k in nodes], dtype=bool),
        items=np.array([index.own_items.get(k, 0) for k in nodes], dtype=np.int64),
        edges=edges, src=src, dst=dst, weight=weight,
        in_strength=np.bincount(dst, weights=weight, minlength=n).astype(np.int64),
        out_strength=np.bincount(src, weights=weight, minlength=n).astype(np.int64),
        in_degree=np.bincount(pairs % max(n, 1), minlength=n).astype(np.int64),
        out_degree=np.bincount(pairs // max(n, 1), minlength=n).astype(np.int64),
    )


def _indices(column: pa.ChunkedArray, value_set: pa.Array) -> np.ndarray:
    if len(column) == 0:
        return np.zeros(0, np.int64)
    return pc.index_in(column, value_set=value_set).to_numpy().astype(np.int64)


def undirected_projection(graph: PropagationGraph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(a, b, weight)`` with ``a < b``: weights summed over kinds and directions."""
    n = max(len(graph.nodes), 1)
    keep = graph.src != graph.dst
    lo = np.minimum(graph.src[keep], graph.dst[keep])
    hi = np.maximum(graph.src[keep], graph.dst[keep])
    pair, inverse = np.unique(lo * n + hi, return_inverse=True)
    w = np.bincount(inverse, weights=graph.weight[keep], minlength=len(pair))
    return pair // n, pair % n, w


def detect_communities(graph: PropagationGraph, *, resolution: float = 1.0,
                       seed: int = 0) -> None:
    """Leiden communities (RB configuration, ``resolution``; modularity at 1.0) on the
    undirected weighted projection; ids by size, largest first. Sets ``membership`` and
    ``modularity`` (standard modularity of the partition found)."""
    import igraph as ig
    import leidenalg

    n = len(graph.nodes)
    a, b, w = undirected_projection(graph)
    if n == 0:
        graph.membership, graph.modularity = np.zeros(0, np.int64), None
        return
    g = ig.Graph(n=n, edges=list(zip(a.tolist(), b.tolist(), strict=True)), directed=False)
    weights = w.tolist()
    if not weights:
        graph.membership, graph.modularity = np.arange(n, dtype=np.int64), None
        return
    part = leidenalg.find_partition(g, leidenalg.RBConfigurationVertexPartition,
                                    weights=weights, resolution_parameter=resolution, seed=seed)
    membership = np.asarray(part.membership, dtype=np.int64)
    # renumber by (size desc, smallest member key) so ids do not depend on leidenalg's ties
    sizes = np.bincount(membership)
    first = np.full(len(sizes), n, dtype=np.int64)
    np.minimum.at(first, membership, np.arange(n))
    order = np.lexsort((first, -sizes))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    graph.membership = rank[membership]
    graph.modularity = float(g.modularity(graph.membership.tolist(), weights=weights))


def summarise_communities(store: Store, graph: PropagationGraph, *,
                          since: datetime | None = None, until: datetime | None = None,
                          top: int = 5) -> list[dict[str, Any]]:
    """Communities of two nodes or more: members (strongest first), internal weight, and the
    function and narrative labels of the members' items (items counted once per label)."""
    if graph.membership is None or not len(graph.nodes):
        return []
    member = graph.membership
    sizes = np.bincount(member)
    big = np.flatnonzero(sizes >= 2)
    if not len(big):
        return []
    strength = graph.in_strength + graph.out_strength
    internal = member[graph.src] == member[graph.dst] if len(graph.src) else np.zeros(0, bool)
    internal_w = np.bincount(member[graph.src][internal], weights=graph.weight[internal],
                             minlength=len(sizes)) if len(graph.src) else np.zeros(len(sizes))
    in_big = np.isin(member, big)
    labels: dict[int, dict[str, dict[str, int]]] = {}
    keys = [graph.nodes[i] for i in np.flatnonzero(in_big & graph.monitored)]
    if keys:
        win, wp = _window("i.published_at", since, until)
        name = f"{_TMP}_membership"
        store.con.register(name, pa.table({
            "key": pa.array(keys, pa.string()),
            "community": pa.array(member[np.flatnonzero(in_big & graph.monitored)],
                                  pa.int64())}))
        try:
            rows = store.query(f"""
                SELECT m.community, a.axis, a.label, count(DISTINCT a.item_key)
                FROM {name} m JOIN item i ON i.source_key = m.key
                     JOIN annotation a ON a.item_key = i.item_key
                WHERE a.axis IN ('function', 'narrative') AND {win}
                GROUP BY ALL ORDER BY 1, 2, 4 DESC, 3""", wp)
        finally:
            store.con.unregister(name)
        for cid, axis, label, count in rows:
            labels.setdefault(int(cid), {}).setdefault(axis, {})[label] = int(count)
    out = []
    for cid in big:
        idx = np.flatnonzero(member == cid)
        idx = idx[np.lexsort((idx, -strength[idx]))]
        got = labels.get(int(cid), {})
        out.append({
            "id": int(cid), "size": len(idx),
            "monitored": int(graph.monitored[idx].sum()),
            "internal_weight": int(internal_w[cid]),
            "top": [{"key": graph.nodes[i], "title": graph.titles[i],
                     "strength": int(strength[i])} for i in idx[:top]],
            "functions": got.get("function", {}), "narratives": got.get("narrative", {}),
            "sources": [graph.nodes[i] for i in idx],
        })
    return out


@contextlib.contextmanager
def references(store: Store, *, kinds: Iterable[str] = KINDS, since: datetime | None = None,
               until: datetime | None = None) -> Iterator[References]:
    """The source index and the item-level references, dropped again on exit."""
    index = load_source_index(store)
    with References(store, index, kinds=kinds, since=since, until=until) as refs:
        yield refs
