"""The HELIOS page's views: coverage by region (built like the map explorer's map), national
figures with sources, phases and milestones, facts, and the briefing tour of the regions.

Every figure keeps its source; what the data does not hold is said to be unknown, never
filled in. The same frames feed the screen and the CSV downloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from atlas import classify, i18n, labels, measures
from atlas.charts import helios as hcharts
from atlas.charts import timeline as tl
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import programmes as pq
from atlas.queries.core import regions as all_regions
from atlas.views.common import SOURCE_CSV, as_given
from atlas.views.programmes import facts_table
from atlas.views.shapes import Chart, Choice, Column, Export, MapSpec, Table, csv_export, table
from atlas.views.timelines import TimelineView, event_table, events_map_spec

HELIOS = "helios"
HELIOS_SUCCESSOR = "helios_successor"
NATIONAL_CSV = (
    "programme_id",
    "region_code",
    "period",
    "metric",
    "value",
    "qualifier",
    "value_high",
    "unit",
    "confidence",
    "note",
    *SOURCE_CSV,
)


# --- coverage map --------------------------------------------------------------------------


@dataclass
class CoverageView:
    title: str
    frame: pd.DataFrame
    map: MapSpec
    has_regional: bool
    notice: str  # what to say when no region has a figure ('' when some have)
    metric_options: list[str] = field(default_factory=list)


def coverage_options(run: Runner, programme_id: str = HELIOS) -> list[str]:
    """'metric|period' for every metric and period with at least one regional figure."""
    df = pq.regional_metrics(run, programme_id)
    return [f"{m}|{p}" for m, p in zip(df["metric"], df["period"])]


def coverage_option_label(option: str, lang: str, names: dict | None = None) -> str:
    """'Persons enrolled in HELIOS since July 2019 (cumulative) — 14/10/2020': the metric as
    the data names it (``names``: metric → row of the metrics mart)."""
    metric, period = option.split("|", 1)
    row = (names or {}).get(metric)
    return f"{hcharts.metric_label(metric, lang, row)} — {i18n.fmt_partial(period, lang)}"


def coverage_choices(options: list[str], lang: str) -> list[Choice]:
    """Metric and period (when some region has a figure), and the measure."""
    metric = Choice(
        "helios_metric",
        t("helios.metric", lang),
        tuple(options),
        lambda o: coverage_option_label(o, lang),
    )
    measure = Choice(
        "helios_measure",
        t("helios.measure", lang),
        ("value", "per_1000"),
        lambda m: measures.measure_label(m, lang),
    )
    return [metric, measure]


def coverage_map_view(
    run: Runner, lang: str, option: str | None, measure: str = "value", programme_id: str = HELIOS
) -> CoverageView:
    """The HELIOS choropleth, built exactly like the map explorer's: a 13-region frame →
    ``classify.choropleth_spec``. Without a regional figure every region is 'no data'."""
    options = coverage_options(run, programme_id)
    if option and option in options:
        metric, period = option.split("|", 1)
        values = pq.coverage_map_values(run, programme_id, metric, period)
        title = coverage_option_label(option, lang)
    else:
        values = pq.coverage_map_values(run, programme_id, "", "")
        title = t("helios.map_title_none", lang)
    frame = pd.DataFrame(
        {
            "region_code": values["region_code"],
            "name": labels.local(values, "name", lang),
            "value": values["value"].astype(float),
            "qualifier": values["qualifier"],
            "value_high": values["value_high"].astype(float),
            "source_publisher": values["source_publisher"],
            "source_title": values["source_title"],
            "population": values["population"],
            "census_year": values["census_year"],
        }
    )
    unit = values["unit"].dropna().iloc[0] if values["unit"].notna().any() else None
    if measure == "per_1000":
        rate = frame["value"] / frame["population"] * 1000
        frame = frame.assign(
            value=rate, value_high=frame["value_high"] / frame["population"] * 1000
        )
        unit = "per_1000"
        title += f" ({t('measure.per_1000', lang).lower()})"
    extra = {
        r.region_code: [
            (
                t("common.source", lang),
                labels.citation(labels.greek_or(r, "source_publisher", lang), r.source_title),
            )
        ]
        for r in frame.itertuples(index=False)
        if isinstance(r.source_title, str)
    }
    spec = classify.choropleth_spec(frame, lang=lang, title=title, unit=unit, extra_tooltip=extra)
    srcs = frame.dropna(subset=["source_title"]).drop_duplicates("source_title")
    line = "; ".join(
        labels.citations(labels.greek_or(srcs, "source_publisher", lang), srcs["source_title"])
    )
    if measure == "per_1000" and frame["census_year"].notna().any():
        year = int(frame["census_year"].dropna().iloc[0])
        line += " · " + t("explorer.population_note_year", lang, year=year)
    has_regional = bool(frame["value"].notna().any())
    caption = f"{t('common.source', lang)}: {line}" if line and has_regional else ""
    return CoverageView(
        title=title,
        frame=frame,
        map=MapSpec(spec, caption=caption),
        has_regional=has_regional,
        notice="" if has_regional else t("helios.no_regional", lang),
        metric_options=options,
    )


# --- national figures, milestones, facts, learning centres, briefing tour ------------------


@dataclass
class NationalView:
    chart: Chart
    table: Table
    exports: list[Export]


def national_view(run: Runner, lang: str, programme_id: str = HELIOS) -> NationalView:
    df = pq.coverage(run, programme_id, national=True)
    title = t("helios.national_title", lang)
    chart = Chart(partial(hcharts.national_series, df, lang=lang, title=title))
    rows = df.assign(
        metric_label=[hcharts.metric_label(r.metric, lang, r) for r in df.itertuples()],
        period_label=[i18n.fmt_partial(p, lang) for p in df["period"]],
        shown=[hcharts.value_text(r, lang) for r in df.itertuples()],
        confidence_label=[t(f"common.confidence_{c}", lang) for c in df["confidence"]],
        source=labels.citations(labels.greek_or(df, "source_publisher", lang), df["source_title"]),
        note_text=df["note"].fillna(""),
    )
    shown = (
        ("metric_label", "helios.metric"),
        ("period_label", "common.period"),
        ("shown", "common.value"),
        ("confidence_label", "programmes.confidence"),
        ("source", "common.source"),
        ("note_text", "common.notes"),
    )
    columns = [Column(f, t(k, lang)) for f, k in shown] + [Column(f, csv=f) for f in NATIONAL_CSV]
    tbl = table(rows, columns, lang)
    csv = csv_export(
        tbl,
        f"atlas_helios_national_{lang}.csv",
        t("helios.download_national", lang),
        footer=[title],
    )
    return NationalView(chart, tbl, [csv])


def learning_centres(run: Runner, lang: str) -> Table:
    """Towns where a HELIOS learning centre is documented (an incomplete list: shown as
    places with their source, never counted per region)."""
    df = pq.municipal_items(run, "helios_learning_centre")
    rows = pd.DataFrame(
        {
            "place": [tl.place_label(m, lang) for m in df["municipality"]],
            "region": labels.local(df, "name", lang),
            "reference": [
                as_given(x, lang, missing="common.undated") for x in df["reference_date"]
            ],
            "source": labels.citations(
                labels.greek_or(df, "source_publisher", lang), df["source_title"]
            ),
            "note": df["note"].fillna(""),
        }
    )
    keys = ("timeline.place", "common.region", "common.reference_date", "common.source")
    keys += ("common.notes",)
    return table(rows, [Column(f, t(k, lang)) for f, k in zip(rows.columns, keys)], lang)


def helios_facts(run: Runner, lang: str) -> Table:
    facts = pq.programme_facts(run)
    return facts_table(facts[facts["programme_id"].isin([HELIOS, HELIOS_SUCCESSOR])], lang)


def helios_milestones(run: Runner, lang: str) -> TimelineView:
    """HELIOS and its successor: the same timeline builder, one lane."""
    ev = pq.events(run)
    ev = ev[ev["programme_id"].isin([HELIOS, HELIOS_SUCCESSOR])]
    placed = tl.placeable(ev)
    title = t("helios.milestones_title", lang)
    chart = Chart(partial(tl.timeline_figure, ev, lang=lang, title=title))
    spec = events_map_spec(ev, lang, all_regions(run))
    return TimelineView(
        chart=chart,
        dated=event_table(ev[placed], lang),
        undated=event_table(ev[~placed], lang),
        n_dated=int(placed.sum()),
        n_undated=int((~placed).sum()),
        map=MapSpec(spec),
        n_greece_no_region=0,
        exports=[],
    )


@dataclass
class VisitsView:
    map: MapSpec
    table: Table
    counts: dict[str, int]


def visits_view(run: Runner, lang: str, programme_id: str = HELIOS_SUCCESSOR) -> VisitsView:
    df = pq.visits(run, programme_id)
    frame = df.assign(name=labels.local(df, "name", lang))
    spec = hcharts.visit_status_spec(frame, lang=lang, title=t("helios.tour_title", lang))
    status = hcharts.visit_status(frame)
    rows = pd.DataFrame(
        {
            "region": frame["name"],
            "status": [
                hcharts.visit_status_text(s, d, lang) for s, d in zip(status, frame["date_text"])
            ],
            "when": [as_given(d, lang) for d in frame["date_text"]],
            "purpose": labels.local(frame, "purpose", lang).fillna(""),
            "source": labels.citations(
                labels.greek_or(frame, "source_publisher", lang), frame["source_title"]
            ),
        }
    )
    order = {s: i for i, s in enumerate(hcharts.VISIT_STATUSES)}
    rows = rows.iloc[sorted(range(len(status)), key=lambda i: order[status.iloc[i]])]
    keys = ("common.region", "helios.visit_status", "helios.visit_date", "helios.visit_purpose")
    keys += ("common.source",)
    tbl = table(rows, [Column(f, t(k, lang)) for f, k in zip(rows.columns, keys)], lang)
    return VisitsView(MapSpec(spec), tbl, status.value_counts().to_dict())
