"""The Activities page's view (issue 27): who does what, where, when, from the partners'
monthly reports — a map by region, who-does-what-where matrices, a monthly timeline, and the
coverage gaps beside the census 2021 foreign residents.

Truth rules: with no reports loaded the view says so and offers the template (nothing real
is bundled); a SYNTHETIC set is labelled SYNTHETIC everywhere; a month no report covers is
"not reported", never 0; a region without reports has "no activity reported", never "no
activity"; person counts below the disclosure threshold read "<5" (i18n.is_suppressed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial

import pandas as pd

from atlas import activity_template, classify, export, i18n, labels
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import activities as aq
from atlas.views.common import ALL, with_all
from atlas.views.shapes import (
    MIME,
    Chart,
    Choice,
    Column,
    Export,
    MapSpec,
    Table,
    csv_export,
    png_export,
    shown_table,
    table,
)
from geo import municipalities

MEASURES = ("activities", "partners", "indicator")
LEVELS = ("region", "municipality")  # the map drawn: one at a time (a rerun draws one map)
MIME.setdefault("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass
class ActivitiesView:
    empty: bool  # no report loaded: the page says so and offers the template
    synthetic: bool
    template: Export
    notice: str = ""
    map: MapSpec | None = None
    municipal_map: MapSpec | None = None  # the municipal units (local-map's drawing)
    partners_matrix: Table | None = None
    sectors_matrix: Table | None = None
    timeline: Table | None = None
    chart: Chart | None = None
    coverage: Table | None = None
    gaps: list[str] = field(default_factory=list)  # regions with no activity reported
    exports: list[Export] = field(default_factory=list)


def _name(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    return {r["id"]: labels.local(r, "name", lang) for _, r in frame.iterrows()}


def choices(run: Runner, lang: str) -> list[Choice]:
    """Programme, sector, partner, period (first and last month), measure, indicator."""
    out = []
    for name in ("programme", "sector", "partner"):
        ref = aq.reference_list(run, name)
        names = _name(ref, lang)
        out.append(
            Choice(
                f"act_{name}",
                t(f"activities.col.{name}", lang),
                (ALL, *names),
                with_all(partial(_get, names), lang),
            )
        )
    months = aq.months(run)
    month = with_all(lambda m: i18n.fmt_partial(m, lang), lang)
    out.append(Choice("act_from", t("activities.from", lang), (ALL, *months), month))
    out.append(Choice("act_to", t("activities.to", lang), (ALL, *months), month))
    levels = {lv: t(f"activities.level.{lv}", lang) for lv in LEVELS}
    out.append(
        Choice(
            "act_level",
            t("activities.level_label", lang),
            LEVELS,
            partial(_get, levels),
            radio=True,
        )
    )
    measures = {m: t(f"activities.measure.{m}", lang) for m in MEASURES}
    out.append(
        Choice(
            "act_measure", t("activities.measure_label", lang), MEASURES, partial(_get, measures)
        )
    )
    indicators = _name(aq.reference_list(run, "indicator"), lang)
    default = aq.REACH_INDICATOR if aq.REACH_INDICATOR in indicators else None
    out.append(
        Choice(
            "act_indicator",
            t("activities.col.indicator", lang),
            tuple(indicators),
            partial(_get, indicators),
            default=default,
        )
    )
    return out


def _get(names: dict[str, str], key: str) -> str:
    return names.get(key, key)


def template_lists(run: Runner) -> activity_template.TemplateLists:
    munis = municipalities.municipalities()[["code", "name_el", "name_en", "region_code"]]
    ref = partial(aq.reference_list, run)
    return activity_template.TemplateLists(
        partners=ref("partner"),
        programmes=ref("programme"),
        sectors=ref("sector"),
        activities=ref("activity"),
        indicators=ref("indicator"),
        regions=ref("region"),
        municipalities=munis.sort_values(["region_code", "name_el"]).reset_index(drop=True),
    )


def template_export(run: Runner, lang: str, partner: str | None = None) -> Export:
    make = partial(activity_template.workbook_bytes, template_lists(run), partner, date.today())
    return Export(
        "xlsx",
        t("activities.template.download", lang),
        activity_template.file_name(partner),
        make,
        "template",
    )


def _shown(value: float | None, unit: str | None, lang: str) -> str:
    if value is None or pd.isna(value):
        return ""
    return i18n.fmt_value(float(value), lang, unit=unit)


def _labelled(text: str, synthetic: bool, lang: str) -> str:
    return f"{t('activities.synthetic_tag', lang)} · {text}" if synthetic else text


def activities_view(
    run: Runner,
    programme: str,
    sector: str,
    partner: str,
    month_from: str,
    month_to: str,
    measure: str,
    indicator: str | None,
    lang: str,
    level: str = "region",
) -> ActivitiesView:
    template = template_export(run, lang, partner or None)
    if aq.report_count(run) == 0:
        return ActivitiesView(True, False, template, t("activities.none_loaded", lang))
    synthetic = aq.synthetic(run)
    filters = [x or None for x in (programme, sector, partner, month_from, month_to)]
    rows = aq.cells(run, indicator, filters)  # partner × sector × region aggregates
    inds = aq.reference_list(run, "indicator")
    units = dict(zip(inds["id"], inds["unit"], strict=True))
    unit = units.get(indicator)
    regions = aq.reference_list(run, "region")
    region_names = _name(regions, lang)
    totals = aq.region_totals(run, indicator, filters).set_index("region_code")
    view = ActivitiesView(False, synthetic, template)
    view.notice = t("activities.synthetic_notice", lang) if synthetic else ""
    view.map = _map(totals, regions, region_names, measure, indicator, unit, inds, synthetic, lang)
    municipal = aq.municipal_totals(run, indicator, filters) if level == "municipality" else ()
    if len(municipal):
        view.municipal_map = _municipal_map(
            municipal, measure, indicator, unit, inds, synthetic, lang
        )
    view.partners_matrix = _matrix(
        rows,
        "partner_id",
        region_names,
        measure,
        indicator,
        unit,
        _name(aq.reference_list(run, "partner"), lang),
        lang,
    )
    view.sectors_matrix = _matrix(
        rows,
        "sector_id",
        region_names,
        measure,
        indicator,
        unit,
        _name(aq.reference_list(run, "sector"), lang),
        lang,
    )
    monthly = aq.monthly(run, indicator, filters)
    view.timeline, view.chart = _timeline(monthly, indicator, unit, inds, synthetic, lang)
    view.coverage, view.gaps = _coverage(run, rows, region_names, lang)
    view.exports = _exports(view, rows, unit, synthetic, lang, run)
    return view


def _measure_values(totals: pd.DataFrame, measure: str) -> pd.Series:
    column = {"activities": "activities", "partners": "partners"}.get(measure, "indicator_sum")
    return totals[column] if column in totals else pd.Series(dtype=float)


def _map(totals, regions, names, measure, indicator, unit, inds, synthetic, lang) -> MapSpec:
    values = _measure_values(totals, measure)
    shown_unit = unit if measure == "indicator" else None
    frame = pd.DataFrame({"region_code": regions["id"], "name": regions["id"].map(names)})
    frame["value"] = frame["region_code"].map(values).astype(float)
    frame["qualifier"] = "="
    frame["value_high"] = float("nan")
    small = [i18n.is_suppressed(v, shown_unit) for v in frame["value"]]
    frame.loc[small, "qualifier"] = "<"  # disclosure: the bound, never the count
    frame.loc[small, "value"] = float(i18n.DISCLOSURE_THRESHOLD)
    none = t("activities.no_activity_reported", lang)
    extra = {
        c: [(t("activities.status_label", lang), none)]
        for c in frame.loc[frame["value"].isna(), "region_code"]
    }
    what = t(f"activities.measure.{measure}", lang)
    if measure == "indicator":
        what = _name(inds, lang).get(indicator, indicator or "")
    title = _labelled(t("activities.map_title", lang, what=what), synthetic, lang)
    spec = classify.choropleth_spec(
        frame, lang=lang, title=title, unit=shown_unit, extra_tooltip=extra
    )
    reported = frame["value"].notna().sum()
    description = t("activities.map_description", lang, n=int(reported), what=what)
    caption = t("activities.source_line", lang)
    return MapSpec(spec, caption=_labelled(caption, synthetic, lang), description=description)


def _municipal_map(totals, measure, indicator, unit, inds, synthetic, lang) -> MapSpec:
    """The measure per drawn municipal unit, on the municipal map of the Municipalities page
    (atlas.views.municipalities: its units and frame; geo.municipal_units sums a merged
    unit only where all its municipalities have a figure)."""
    from atlas.views import municipalities as mv
    from geo import municipal_units as mu

    column = {"activities": "activities", "partners": "partners"}.get(measure, "indicator_sum")
    values = mu.unit_values(totals.set_index("code")[column].astype(float))
    frame = mv.map_frame(mv.units_frame(lang), values, lang)
    shown_unit = unit if measure == "indicator" else None
    small = [i18n.is_suppressed(v, shown_unit) for v in frame["value"]]
    frame.loc[small, "qualifier"] = "<"
    frame.loc[small, "value"] = float(i18n.DISCLOSURE_THRESHOLD)
    what = t(f"activities.measure.{measure}", lang)
    if measure == "indicator":
        what = _name(inds, lang).get(indicator, indicator or "")
    title = _labelled(t("activities.municipal_map_title", lang, what=what), synthetic, lang)
    spec = classify.choropleth_spec(
        frame,
        lang=lang,
        title=title,
        unit=shown_unit,
        place_label=t("activities.col.municipality", lang),
    )
    n = int(frame["value"].notna().sum())
    return MapSpec(
        spec,
        caption=_labelled(t("activities.source_line", lang), synthetic, lang),
        description=t("activities.municipal_map_description", lang, n=n, what=what),
        units=(),
    )


def _matrix(rows, by, region_names, measure, indicator, unit, names, lang) -> Table:
    """``by`` (partner or sector) × region: activities (partner × activity), or the
    indicator's sum when that is the measure; an empty cell: nothing reported."""
    if measure == "indicator":
        cells = rows.dropna(subset=["indicator_sum"]).groupby([by, "region_code"])
        text = cells["indicator_sum"].sum().map(lambda v: _shown(v, unit, lang))
    else:
        text = rows.groupby([by, "region_code"])["activities"].sum()
        text = text.map(lambda v: i18n.fmt_number(v, lang))
    grid = text.unstack("region_code").fillna("") if len(text) else pd.DataFrame()
    grid = grid[[c for c in region_names if c in grid.columns]]
    grid.columns = [region_names[c] for c in grid.columns]
    grid.index = [names.get(i, i) for i in grid.index]
    grid = grid.rename_axis(t(f"activities.col.{by.removesuffix('_id')}", lang)).reset_index()
    return shown_table(grid, lang)


def month_span(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return out


def _timeline(monthly, indicator, unit, inds, synthetic, lang) -> tuple[Table, Chart]:
    """Every month from the first to the last reported; a month no report covers (or with
    no row of this indicator) is "not reported", never 0."""
    from atlas.charts import activities as charts

    span = month_span(monthly["month"].min(), monthly["month"].max()) if len(monthly) else []
    sums = monthly.dropna(subset=["value"]).set_index("month")["value"]
    frame = pd.DataFrame({"month": span})
    frame["value"] = frame["month"].map(sums)
    frame["label"] = [i18n.fmt_partial(m, lang) for m in frame["month"]]
    # a withheld count (<5) is drawn up to the threshold, never at its own height
    frame["plot"] = [
        float(i18n.DISCLOSURE_THRESHOLD) if i18n.is_suppressed(v, unit) else v
        for v in frame["value"]
    ]
    frame["shown"] = [
        t("activities.not_reported", lang) if pd.isna(v) else _shown(v, unit, lang)
        for v in frame["value"]
    ]
    what = _name(inds, lang).get(indicator, indicator or "")
    title = _labelled(t("activities.timeline_title", lang, what=what), synthetic, lang)
    missing = frame.loc[frame["value"].isna(), "month"].tolist()
    description = t(
        "activities.timeline_description", lang, n=len(span), missing=", ".join(missing) or "—"
    )
    chart = Chart(
        partial(charts.monthly_bars, frame, lang=lang, title=title, unit=unit), description
    )
    cols = [
        Column("label", t("activities.col.month", lang)),
        Column("month", None, "month"),
        Column("shown", what, "value"),
    ]
    return table(frame, cols, lang), chart


def _coverage(run, rows, region_names, lang) -> tuple[Table, list[str]]:
    """Per region: census 2021 foreign residents, persons reached (sum of the monthly
    reports: one person may be counted in several months or by several partners), reach
    per 1,000 foreign residents; "no activity reported" where no report names the region."""
    foreign = aq.foreign_residents(run).set_index("region_code")["foreign_residents"]
    reach = rows.dropna(subset=["reach"]).groupby("region_code")["reach"].sum()
    reported = set(rows["region_code"])
    out, gaps = [], []
    for code, name in region_names.items():
        residents = foreign.get(code)
        value = reach.get(code)
        if code not in reported:
            status = t("activities.no_activity_reported", lang)
            if residents and residents > 0:
                gaps.append(name)
        else:
            status = t("activities.reported", lang)
        small = value is not None and i18n.is_suppressed(value, "persons")
        per_1000 = None if value is None or small or not residents else 1000 * value / residents
        out.append(
            {
                "region": name,
                "foreign_residents": _shown(residents, None, lang),
                "reach": _shown(value, "persons", lang) if value is not None else "",
                "per_1000": "" if per_1000 is None else i18n.fmt_number(per_1000, lang, 2),
                "status": status,
            }
        )
    frame = pd.DataFrame(out)
    cols = [
        Column("region", t("activities.col.region", lang), "region"),
        Column(
            "foreign_residents", t("activities.foreign_residents", lang), "foreign_residents_2021"
        ),
        Column("reach", t("activities.reach", lang), "persons_reached"),
        Column("per_1000", t("activities.per_1000", lang), "reach_per_1000_foreign_residents"),
        Column("status", t("activities.status_label", lang), "status"),
    ]
    return table(frame, cols, lang), gaps


def _exports(view: ActivitiesView, rows, unit, synthetic, lang, run) -> list[Export]:
    """CSV of the who-does-what-where cells (partner × sector × region: activities, the
    indicator's sum, persons reached; <5 withheld), of the coverage gaps, and the map PNG."""
    footer = [t("activities.synthetic_notice", lang)] if synthetic else []
    footer.append(t("activities.source_line", lang))
    data = rows.copy()
    for column, of in (("indicator_sum", unit), ("reach", "persons")):
        small = [i18n.is_suppressed(v, of) for v in data[column]]
        data[column] = data[column].astype(object)
        data.loc[small, column] = f"<{i18n.DISCLOSURE_THRESHOLD}"
    tag = "synthetic_" if synthetic else ""
    out = [
        csv_export(
            data,
            f"atlas_{tag}activities_who_what_where.csv",
            t("activities.csv_reports", lang),
            footer=footer,
        ),
        csv_export(
            view.coverage,
            f"atlas_{tag}activity_coverage.csv",
            t("activities.csv_coverage", lang),
            footer=footer,
        ),
    ]
    out[1] = Export("csv", out[1].label, out[1].file_name, out[1].make, "csv_coverage")
    built = aq.built_at(run)
    make = partial(
        export.map_png,
        view.map.choropleth,
        source=view.map.caption,
        date_text=export.date_line(
            i18n.fmt_date(date.fromisoformat(built), lang) if built else "", lang
        ),
    )
    out.append(
        png_export(make, f"atlas_{tag}activities_map_{lang}.png", t("activities.png_map", lang))
    )
    return out


def region_lines(run: Runner, code: str, lang: str) -> list[tuple[str, str]]:
    """(title, detail) per partner × activity reported in region ``code``: the latest month
    reported, how many months, and the report files (the source). SYNTHETIC when it is."""
    frame = aq.region_activities(run, code)
    if frame.empty:
        return []
    synthetic = aq.synthetic(run)
    out = []
    for _, row in frame.iterrows():
        partner = row["partner_el"] if lang == "el" else row["partner_en"]
        activity = row["activity_el"] if lang == "el" else row["activity_en"]
        title = _labelled(
            f"{partner or row['partner_id']}: {activity or row['activity_id']}", synthetic, lang
        )
        detail = t(
            "profile.activities_detail",
            lang,
            latest=i18n.fmt_partial(row["latest_month"], lang),
            months=int(row["months"]),
            files=row["files"],
        )
        out.append((title, detail))
    return out
