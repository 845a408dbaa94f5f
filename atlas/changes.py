"""Changes between two kept versions of the database (or a version and the live one), in words.

A change between versions is a change in what the atlas holds — a newer figure, a corrected
one, another source — never a change in the world: the wording says which it is ("new figure
for 2024", "revised", "source changed") and never "rose" or "fell". Pure: no Streamlit, no
``etl``; the SQL is ``atlas.queries.changes``; ``python -m etl --diff`` prints this, the data
updates log, the region profile and the brief show it.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from atlas import config, db, i18n, kept
from atlas.export import safe_csv
from atlas.i18n import t
from atlas.queries import changes as q

NEW_KINDS = ("new_period", "added")
REVISED_KINDS = ("revised", "source_changed")
GROUPS = {"new": NEW_KINDS, "revised": REVISED_KINDS, "removed": ("removed",)}
CSV_COLUMNS = (
    "region_code", "indicator_id", "period", "change",
    "old_value", "old_qualifier", "old_value_high", "old_source_id", "old_revision",
    "new_value", "new_qualifier", "new_value_high", "new_source_id", "new_revision",
    "unit", "file",
)  # fmt: skip


@dataclass(frozen=True)
class Side:
    """One end of a comparison: a version name (or 'live') and when it was published."""

    version: str
    published_at: str = ""  # ISO, UTC ('' when the live file was built outside the versions)

    def when(self) -> date | None:
        try:
            return datetime.fromisoformat(self.published_at).date()
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True)
class VersionChanges:
    old: Side
    new: Side
    figures: pd.DataFrame  # atlas.queries.changes.figure_changes

    @property
    def identical(self) -> bool:
        return self.figures.empty

    def counts(self) -> dict[str, int]:
        kinds = self.figures["change"] if len(self.figures) else pd.Series(dtype=str)
        return {g: int(kinds.isin(ks).sum()) for g, ks in GROUPS.items()}

    def for_region(self, region_code: str) -> VersionChanges:
        rows = self.figures[self.figures["region_code"] == region_code]
        return VersionChanges(self.old, self.new, rows.reset_index(drop=True))


# --- reading two databases ----------------------------------------------------------------------


def attach_pair(old_db: Path, new_db: Path) -> duckdb.DuckDBPyConnection:
    """A connection with ``old_db`` as catalog ``o`` and ``new_db`` as ``n``, read-only."""
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS o (READ_ONLY)", [str(old_db)])
        con.execute("ATTACH ? AS n (READ_ONLY)", [str(new_db)])
    except duckdb.Error as exc:
        con.close()
        raise db.DatabaseUnavailable("invalid", Path(new_db), str(exc).splitlines()[0]) from None
    return con


_PAIRS: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_PAIRS_LOCK = threading.Lock()
PAIR_ENTRIES = 64


def compare(old_db: Path, new_db: Path, region_code: str | None = None) -> pd.DataFrame:
    """Every regional figure that differs between two database files. Kept once per pair of
    file identities (a kept version never changes; a replaced live file is a new identity).
    The frame is shared: read it, do not change it."""
    key = (db.identity(Path(old_db)), db.identity(Path(new_db)), region_code)
    with _PAIRS_LOCK:
        if key in _PAIRS:
            _PAIRS.move_to_end(key)
            return _PAIRS[key]
    con = attach_pair(old_db, new_db)
    try:
        frame = q.figure_changes(lambda sql, params=(): db.execute(con, sql, params), region_code)
    finally:
        con.close()
    with _PAIRS_LOCK:
        _PAIRS[key] = frame
        while len(_PAIRS) > PAIR_ENTRIES:
            _PAIRS.popitem(last=False)
    return frame


def side(version: str, db_path: Path | None = None) -> Side:
    manifest = kept.manifest_of(version, db_path)
    name = manifest.get("version") or version
    return Side(name, manifest.get("published_at") or manifest.get("built_at") or "")


def between(
    old: str, new: str = kept.LIVE, db_path: Path | None = None, region_code: str | None = None
) -> VersionChanges:
    """The changes from version ``old`` to ``new`` ('live': the live database). Raises
    ``kept.VersionError`` for a version that was pruned or never kept."""
    db_path = Path(db_path or config.db_path())
    old_db, new_db = kept.database_of(old, db_path), kept.database_of(new, db_path)
    vc = VersionChanges(side(old, db_path), side(new, db_path), compare(old_db, new_db))
    # one comparison per pair, shared by every region (the profile switches regions)
    return vc.for_region(region_code) if region_code else vc


def version_at(moment: date, db_path: Path | None = None) -> str | None:
    """The version that was live at the end of ``moment``'s day: the newest kept one
    published on or before it (None: none was)."""
    day = moment.isoformat()
    for m in kept.list_versions(db_path):
        if (m.get("published_at") or "")[:10] <= day:
            return m["version"]
    return None


# --- words ----------------------------------------------------------------------------------------


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def _text(x: object) -> str | None:
    return None if _missing(x) else str(x)


def version_label(s: Side, lang: str) -> str:
    """'version 20261206T101500Z (06/12/2026)'; the live file built outside the versions:
    'the live data'."""
    if s.version == kept.LIVE:
        return t("changes.live", lang)
    when = s.when()
    on = i18n.fmt_date(when, lang) if when else "?"
    return t("changes.version", lang, version=s.version, date=on)


def period_text(period: object, lang: str) -> str:
    return i18n.fmt_partial(_text(period), lang)


def figure_text(row: pd.Series | dict, side_: str, lang: str) -> str:
    """A figure as the atlas shows it (qualifier, unit; small person counts '<5')."""
    value = row[f"{side_}_value"]
    return i18n.fmt_value(
        None if _missing(value) else float(value),
        lang,
        unit=_text(row[f"{side_}_unit"]),
        qualifier=_text(row[f"{side_}_qualifier"]) or "=",
        value_high=None if _missing(row[f"{side_}_value_high"]) else row[f"{side_}_value_high"],
    )


def source_text(row: pd.Series | dict, side_: str) -> str:
    publisher, title = _text(row[f"{side_}_publisher"]), _text(row[f"{side_}_title"])
    if publisher or title:
        return ", ".join(x for x in (publisher, f"«{title}»" if title else None) if x)
    return _text(row[f"{side_}_source_id"]) or "?"


def change_text(row: pd.Series | dict, lang: str) -> str:
    """What happened to one figure, as what it is: 'new figure for 2024', 'revised (2023):
    1.000 → 1.050', 'source changed (2021): A → B', 'no longer in the data (2019)'."""
    kind, period = row["change"], period_text(row["period"], lang)
    old, new = figure_text(row, "old", lang), figure_text(row, "new", lang)
    if kind in NEW_KINDS:
        return t(f"changes.kind.{kind}", lang, period=period, new=new)
    if kind == "revised":
        extra = ""
        before, after = _text(row["old_revision"]), _text(row["new_revision"])
        if before != after:
            extra = t(
                "changes.revision_note",
                lang,
                old=_revision(before, lang),
                new=_revision(after, lang),
            )
        return t("changes.kind.revised", lang, period=period, old=old, new=new) + extra
    if kind == "source_changed":
        return t(
            "changes.kind.source_changed",
            lang,
            period=period,
            old=old,
            new=new,
            old_source=source_text(row, "old"),
            new_source=source_text(row, "new"),
        )
    return t("changes.kind.removed", lang, period=period, old=old)


def _revision(value: str | None, lang: str) -> str:
    return t(f"changes.revision.{value}", lang) if value else t("changes.revision.none", lang)


def short_text(kind: str, period: object, lang: str) -> str:
    """The mark on a key-figure tile: 'new figure for 2024', 'revised', 'source changed'."""
    if kind in NEW_KINDS:
        return t("changes.kind.new_period_short", lang, period=period_text(period, lang))
    return t(f"changes.kind.{kind}_short", lang)


def counts_text(vc: VersionChanges, lang: str) -> str:
    """'2 new figures, 1 revised, 0 removed' — or 'no changes'."""
    if vc.identical:
        return t("changes.none", lang)
    return t("changes.counts", lang, **vc.counts())


def header_text(vc: VersionChanges, lang: str) -> str:
    return t(
        "changes.header",
        lang,
        old=version_label(vc.old, lang),
        new=version_label(vc.new, lang),
    )


def table(vc: VersionChanges, lang: str) -> pd.DataFrame:
    """One row per change, in the reader's language: region, indicator, what happened,
    the file that brought it."""
    f = vc.figures
    cols = [t(f"changes.col.{c}", lang) for c in ("region", "indicator", "change", "file")]
    rows = [
        (
            _text(r[f"region_{lang}"]) or r["region_code"],
            _text(r[f"indicator_{lang}"]) or r["indicator_id"],
            change_text(r, lang),
            _text(r["new_file"]) or _text(r["old_file"]) or "",
        )
        for _, r in f.iterrows()
    ]
    return pd.DataFrame(rows, columns=cols)


def _disclosed(value: object, unit: object, qualifier: object) -> tuple[object, object]:
    """A small person count becomes the bound '<' threshold, as in every other export."""
    if _missing(value):
        return None, _text(qualifier)
    if i18n.is_suppressed(float(value), _text(unit), _text(qualifier) or "="):
        return config.DISCLOSURE_THRESHOLD, "<"
    return value, _text(qualifier)


def csv_frame(vc: VersionChanges) -> pd.DataFrame:
    rows = []
    for _, r in vc.figures.iterrows():
        unit = _text(r["new_unit"]) or _text(r["old_unit"])
        row = {c: r[c] for c in CSV_COLUMNS if c in r.index}
        for s in ("old", "new"):
            row[f"{s}_value"], row[f"{s}_qualifier"] = _disclosed(
                r[f"{s}_value"], r[f"{s}_unit"], r[f"{s}_qualifier"]
            )
            if row[f"{s}_qualifier"] == "<" and r[f"{s}_qualifier"] != "<":
                row[f"{s}_value_high"] = None
        row["unit"], row["file"] = unit, _text(r["new_file"]) or _text(r["old_file"])
        rows.append(row)
    return pd.DataFrame(rows, columns=list(CSV_COLUMNS))


def csv_bytes(vc: VersionChanges) -> bytes:
    return safe_csv(csv_frame(vc))


def lines(vc: VersionChanges, lang: str) -> list[str]:
    """The changes as text lines (the terminal; the brief's annex): the header, the counts,
    then per region its changes, indicator by indicator."""
    out = [header_text(vc, lang), counts_text(vc, lang)]
    if vc.identical:
        return out
    for code, group in vc.figures.groupby("region_code", sort=True):
        first = group.iloc[0]
        out.append(f"{_text(first[f'region_{lang}']) or code} ({code})")
        for _, r in group.iterrows():
            name = _text(r[f"indicator_{lang}"]) or r["indicator_id"]
            file = _text(r["new_file"]) or _text(r["old_file"])
            tail = f"  [{t('changes.col.file', lang)}: {file}]" if file else ""
            out.append(f"  - {name}: {change_text(r, lang)}{tail}")
    return out


def file_changes(old: dict, new: dict) -> dict[str, list[str]]:
    """The input files one version changed against another (manifests): added, changed
    (other content), removed."""

    def files(m: dict) -> dict[str, str]:
        return {i["file"]: i.get("sha256", "") for i in m.get("inputs", [])}

    a, b = files(old), files(new)
    return {
        "added": sorted(set(b) - set(a)),
        "changed": sorted(f for f in set(a) & set(b) if a[f] != b[f]),
        "removed": sorted(set(a) - set(b)),
    }


# --- the data updates log --------------------------------------------------------------------


@dataclass(frozen=True)
class Update:
    """One published version in the public log: when, which files it changed against the
    version before it, and how many figures (None: not comparable, ``note`` says why)."""

    version: str
    published_at: str
    live: bool
    pruned: bool
    files: dict[str, list[str]]
    counts: dict[str, int] | None
    note: str  # '', 'first', 'pruned', 'previous_pruned'


def updates(db_path: Path | None = None) -> list[Update]:
    """Every published version, newest first, each against the one published before it.
    Never a name of a person (the audit log stays on the upload page)."""
    db_path = Path(db_path or config.db_path())
    items = kept.history(db_path)
    out = []
    for i, m in enumerate(items):
        before = items[i + 1] if i + 1 < len(items) else None
        counts, files, note = None, {}, ""
        if m["pruned"]:
            note = "pruned"
        elif before is None:
            note = "first"
        elif before["pruned"]:
            note = "previous_pruned"
        else:
            files = file_changes(before, m)
            old = kept.database_of(before["version"], db_path)
            new = kept.database_of(m["version"], db_path)
            counts = VersionChanges(
                side(before["version"], db_path), side(m["version"], db_path), compare(old, new)
            ).counts()
        out.append(
            Update(
                version=m["version"],
                published_at=m.get("published_at") or "",
                live=bool(m.get("live")),
                pruned=bool(m["pruned"]),
                files=files,
                counts=counts,
                note=note,
            )
        )
    return out


# --- the brief ------------------------------------------------------------------------------------

BRIEF_LINES = 4  # changes listed on page one; the annex has them all


@dataclass(frozen=True)
class BriefChanges:
    """'Changes since the last brief (date)' for one region: page one shows the title, the
    counts and the first lines; the annex every line."""

    title: str
    summary: str
    lines: tuple[str, ...]


def brief_changes(vc: VersionChanges, lang: str) -> BriefChanges | None:
    """The block for the brief (None when nothing changed: the brief says nothing)."""
    if vc.identical:
        return None
    when = vc.old.when()
    title = t("brief.changes_title", lang, date=i18n.fmt_date(when, lang) if when else "?")
    summary = f"{counts_text(vc, lang)}. {t('changes.not_world', lang)}"
    lines = tuple(
        f"{_text(r[f'indicator_{lang}']) or r['indicator_id']}: {change_text(r, lang)}"
        for _, r in vc.figures.iterrows()
    )
    return BriefChanges(title, summary, lines)
