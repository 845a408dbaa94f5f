"""The region profile "Since …": what changed in the atlas's figures for one region since a
past version of the data (or the version live on a date) — new, revised, gone — and the
marks on the tiles. A change between versions is a change in what the atlas holds, never a
change in the world (``atlas.changes`` words each one as what it is)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from atlas import changes, i18n, kept
from atlas.i18n import t
from atlas.queries import Runner
from atlas.views.shapes import Choice, Column, Table, table

NONE = ""


@dataclass(frozen=True)
class SinceView:
    since: str  # the version compared with the live data
    title: str  # "Since 06/12/2026 (version …)"
    summary: str  # the counts, "no changes", or why it cannot be compared
    note: str  # "changes in what the atlas holds, not in the world"
    counts: dict[str, int] = field(default_factory=dict)
    table: Table | None = None
    marks: dict[str, str] = field(default_factory=dict)  # indicator_id -> "revised" …
    ok: bool = True


def since_choice(run: Runner, lang: str, db_path: str | None = None) -> Choice:
    """The past versions to compare with (newest first), each labelled by its date."""
    items = [m for m in kept.list_versions(Path(db_path) if db_path else None) if not m["live"]]
    labels = {NONE: t("profile.since_none", lang)}
    for m in items:
        s = changes.Side(m["version"], m.get("published_at") or "")
        labels[m["version"]] = changes.version_label(s, lang)
    return Choice("since", t("profile.since_version", lang), tuple(labels), labels.get, NONE)


def resolve(since: str, since_date: str, db_path: str | None = None) -> str:
    """The version chosen, or the one live on ``since_date`` (ISO) when no version is."""
    if since or not since_date:
        return since
    try:
        day = date.fromisoformat(since_date)
    except ValueError:
        return NONE
    return changes.version_at(day, Path(db_path) if db_path else None) or NONE


def since_view(
    run: Runner, code: str, since: str, lang: str, db_path: str | None = None
) -> SinceView | None:
    """The changes for region ``code`` from version ``since`` to the live data (None: no
    version chosen). Cached by the page per (region, version, language, live build)."""
    if not since:
        return None
    note = t("changes.not_world", lang)
    try:
        vc = changes.between(since, kept.LIVE, Path(db_path) if db_path else None, code)
    except kept.VersionError as exc:
        msg = t(f"changes.{exc.kind}", lang, version=exc.version)
        title = t("profile.since_title_plain", lang)
        return SinceView(since=since, title=title, summary=msg, note=note, ok=False)
    when = vc.old.when()
    on = i18n.fmt_date(when, lang) if when else "?"
    title = t("profile.since_title", lang, date=on, version=vc.old.version)
    marks: dict[str, list[str]] = {}
    for _, r in vc.figures.iterrows():
        text = changes.short_text(r["change"], r["period"], lang)
        if text not in marks.setdefault(r["indicator_id"], []):
            marks[r["indicator_id"]].append(text)
    tbl = changes.table(vc, lang)
    cols = [Column(c, c, c) for c in tbl.columns if c != t("changes.col.region", lang)]
    return SinceView(
        since=since,
        title=title,
        summary=changes.counts_text(vc, lang),
        note=note,
        counts=vc.counts(),
        table=table(tbl, cols, lang) if len(tbl) else None,
        marks={
            k: t("profile.since_mark", lang, date=on, mark="; ".join(v)) for k, v in marks.items()
        },
    )
