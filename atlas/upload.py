"""View models for the data upload page: problems, changes, versions and the audit log as
translated tables, and the before/after map of the most changed indicator.

No Streamlit and no ``etl`` import: the page hands in what ``etl.publish``/``etl.versions``
return (problems are read by attribute: file, line, column, value, message, hint,
suggestions; changes and versions are plain DataFrames and dicts).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from atlas import classify, i18n
from atlas.export import safe_csv
from atlas.i18n import t

PROBLEM_COLUMNS = ("file", "sheet", "line", "column", "value", "message", "suggestion")
PREVIEW_MAP_SIZE = (560, 440)
MAX_SHOWN_VALUE = 200  # characters of a bad cell shown in the problems table


def _label(columns: Iterable[str], lang: str) -> dict[str, str]:
    return {c: t(f"upload.col.{c}", lang) for c in columns}


# --- problems -------------------------------------------------------------------------------


def problems_frame(problems: Sequence[object], lang: str) -> pd.DataFrame:
    """One row per problem: where (file, line, column), what (value, message), and the fix."""
    rows = []
    for p in problems:
        tips = []
        if getattr(p, "suggestions", None):
            tips.append(t("upload.did_you_mean", lang, names=", ".join(p.suggestions)))
        if getattr(p, "hint", None):
            tips.append(p.hint)
        value = getattr(p, "value", None)
        rows.append(
            {
                "file": Path(p.file).name if getattr(p, "file", None) else "",
                "sheet": getattr(p, "sheet", None) or "",
                "line": "" if getattr(p, "line", None) is None else str(p.line),
                "column": getattr(p, "column", None) or "",
                "value": "" if value is None else str(value)[:MAX_SHOWN_VALUE],
                "message": getattr(p, "message", str(p)),
                "suggestion": "; ".join(tips),
            }
        )
    frame = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))
    return frame.rename(columns=_label(PROBLEM_COLUMNS, lang))


@dataclass
class ProblemsView:
    summary: str
    frame: pd.DataFrame
    csv: bytes
    csv_name: str = "atlas_upload_problems.csv"


def problems_view(problems: Sequence[object], lang: str) -> ProblemsView:
    frame = problems_frame(problems, lang)
    return ProblemsView(t("upload.problems", lang, n=len(frame)), frame, safe_csv(frame))


# --- what would change ----------------------------------------------------------------------


def table_changes_frame(tables: pd.DataFrame, lang: str) -> pd.DataFrame:
    return tables[["table", "added", "changed", "removed"]].rename(
        columns=_label(("table", "added", "changed", "removed"), lang)
    )


def _spec(group: pd.DataFrame, side: str, lang: str, title: str) -> classify.ChoroplethSpec:
    frame = pd.DataFrame(
        {
            "region_code": group["region_code"],
            "name": group["name_el" if lang == "el" else "name_en"],
            "value": group[f"{side}_value"].astype(float),
            "qualifier": group[f"{side}_qualifier"],
            "value_high": group[f"{side}_value_high"].astype(float),
        }
    )
    return classify.choropleth_spec(frame, lang=lang, title=title, unit=group["unit"].iloc[0])


def _class_of(spec: classify.ChoroplethSpec, value: object, qualifier: object, lang: str) -> str:
    """The legend entry a region falls in, as the map shows it."""
    if classify.is_missing(value):
        return t("common.no_data", lang)
    if (qualifier if isinstance(qualifier, str) else "=") in i18n.PLAIN_QUALIFIERS:
        classes = [item.label for item in spec.legend if item.kind == "class"]
        return classes[classify.class_index(float(value), spec.breaks)] if classes else ""
    return t("upload.bound_class", lang)


def _text(value: object, qualifier: object, high: object, unit: str | None, lang: str) -> str:
    q = qualifier if isinstance(qualifier, str) else "="
    return i18n.fmt_value(
        None if classify.is_missing(value) else float(value),
        lang,
        unit=unit,
        qualifier=q,
        value_high=None if classify.is_missing(high) else float(high),
    )


@dataclass
class ValuePreview:
    table: pd.DataFrame  # one row per region whose map value or class changes
    per_indicator: pd.DataFrame  # indicator, regions changed
    indicator: str | None = None  # the most changed indicator ...
    period: str | None = None  # ... and its most changed period
    before: classify.ChoroplethSpec | None = None
    after: classify.ChoroplethSpec | None = None


def value_preview(values: pd.DataFrame, lang: str) -> ValuePreview:
    """``values``: etl.publish.changes(...).values (all regions of each changed indicator and
    period). Keeps the regions whose value or map class changes, old → new."""
    cols = ("indicator", "period", "region", "before", "after", "class_before", "class_after")
    rows, specs = [], {}
    name_col = "indicator_el" if lang == "el" else "indicator_en"
    for (ind, period), group in values.groupby(["indicator_id", "period"], sort=True):
        name = group[name_col].iloc[0] if isinstance(group[name_col].iloc[0], str) else ind
        title = f"{name} — {i18n.fmt_partial(period, lang)}"
        before, after = _spec(group, "old", lang, title), _spec(group, "new", lang, title)
        specs[(ind, period)] = (before, after)
        unit = group["unit"].iloc[0]
        for r in group.itertuples(index=False):
            old = (r.old_value, r.old_qualifier, r.old_value_high)
            new = (r.new_value, r.new_qualifier, r.new_value_high)
            same = all(
                (classify.is_missing(a) and classify.is_missing(b)) or a == b
                for a, b in zip(old, new)
            )
            c_old = _class_of(before, r.old_value, r.old_qualifier, lang)
            c_new = _class_of(after, r.new_value, r.new_qualifier, lang)
            if same and c_old == c_new:
                continue
            rows.append(
                (
                    ind,
                    name,
                    i18n.fmt_partial(period, lang),
                    period,
                    r.name_el if lang == "el" else r.name_en,
                    _text(*old, unit, lang),
                    _text(*new, unit, lang),
                    c_old,
                    c_new,
                )
            )
    frame = pd.DataFrame(
        rows, columns=["indicator_id", "indicator", "period", "period_raw", *cols[2:]]
    )
    labels = _label(cols, lang)
    if frame.empty:
        return ValuePreview(frame[list(cols)].rename(columns=labels), pd.DataFrame())
    per = frame.groupby(["indicator_id", "indicator"], as_index=False).size()
    per = per.sort_values(["size", "indicator_id"], ascending=[False, True])
    top = per.iloc[0]["indicator_id"]
    periods = frame[frame["indicator_id"] == top].groupby("period_raw").size()
    period = max(periods.index, key=lambda p: (periods[p], p))
    before, after = specs[(top, period)]
    per_table = per[["indicator", "size"]].rename(
        columns={"indicator": labels["indicator"], "size": t("upload.col.regions_changed", lang)}
    )
    return ValuePreview(
        table=frame[list(cols)].rename(columns=labels),
        per_indicator=per_table,
        indicator=top,
        period=period,
        before=before,
        after=after,
    )


def before_after_png(preview: ValuePreview, lang: str) -> tuple[bytes, bytes] | None:
    """Small static maps (the same spec as the interactive map) before and after publishing;
    the indicator and period go in the captions (a long title would not fit this size)."""
    if preview.before is None or preview.after is None:
        return None
    from atlas import static_map

    return tuple(
        static_map.render_map(
            spec, source="", date_text="", title=t(key, lang), size=PREVIEW_MAP_SIZE
        )
        for key, spec in (("upload.before", preview.before), ("upload.after", preview.after))
    )


@dataclass
class PreviewView:
    tables: pd.DataFrame  # rows added / changed / removed per input table
    values: ValuePreview
    maps: list[tuple[bytes, str]]  # (PNG, caption): before and after, or nothing


def preview_view(tables: pd.DataFrame, values: pd.DataFrame, lang: str) -> PreviewView:
    """``tables``/``values``: what etl.publish.changes(live, staged) returns."""
    vp = value_preview(values, lang)
    pngs = before_after_png(vp, lang) or ()
    title = vp.after.title if vp.after else ""
    captions = [f"{t(k, lang)}: {title}" for k in ("upload.before", "upload.after")]
    return PreviewView(table_changes_frame(tables, lang), vp, list(zip(pngs, captions)))


# --- versions and the audit log -------------------------------------------------------------


def when_text(moment: str | None, lang: str) -> str:
    """'01/12/2026 14:57 UTC' (Greek) / '1 Dec 2026 14:57 UTC' from an ISO timestamp."""
    if not moment:
        return ""
    try:
        dt = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    return f"{i18n.fmt_date(dt.date(), lang)} {dt:%H:%M} UTC"


def own_files(manifest: dict) -> list[str]:
    return [i["file"] for i in manifest.get("inputs", []) if i.get("origin") != "bundled"]


def versions_frame(items: Sequence[dict], lang: str) -> pd.DataFrame:
    cols = ("version", "state", "published_at", "published_by", "files", "rows")
    rows = []
    for m in items:
        state = t("upload.state.live", lang) if m.get("live") else ""
        if m.get("status") == "baseline":
            state = ", ".join(filter(None, [state, t("upload.state.baseline", lang)]))
        counts = (m.get("row_counts") or {}).get("tables", {})
        rows.append(
            (
                m["version"],
                state,
                when_text(m.get("published_at"), lang),
                m.get("published_by", ""),
                ", ".join(own_files(m)),
                i18n.fmt_number(counts.get("region_indicator_values", 0), lang),
            )
        )
    return pd.DataFrame(rows, columns=list(cols)).rename(columns=_label(cols, lang))


def version_label(manifest: dict, lang: str) -> str:
    live = f" · {t('upload.state.live', lang)}" if manifest.get("live") else ""
    return f"{manifest['version']} — {when_text(manifest.get('published_at'), lang)}{live}"


def audit_frame(entries: Sequence[dict], lang: str) -> pd.DataFrame:
    cols = ("at", "event", "who", "details")
    rows = []
    for e in entries:
        details = {k: v for k, v in e.items() if k not in ("at", "event", "who")}
        text = "; ".join(
            f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
            for k, v in details.items()
        )
        event = e.get("event", "")
        shown = t(f"upload.event.{event}", lang) if i18n.has(f"upload.event.{event}") else event
        rows.append((when_text(e.get("at"), lang), shown, e.get("who", ""), text))
    return pd.DataFrame(rows, columns=list(cols)).rename(columns=_label(cols, lang))
