"""The map explorer's view: one indicator, period and measure across the 13 regions, as a
map, a ranking, a summary, a table and its downloads. The overview's population map and the
reception page's shares are the same view.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd

from atlas import classify, export, i18n, labels, measures, queries
from atlas.classify import ChoroplethSpec
from atlas.config import POPULATION_INDICATOR
from atlas.i18n import t
from atlas.queries import Runner
from atlas.views.common import built_at_text
from atlas.views.shapes import (
    Chart,
    Choice,
    Column,
    Export,
    MapSpec,
    Table,
    csv_export,
    png_export,
    table,
)


@dataclass
class ExplorerView:
    title: str
    unit: str | None
    frame: pd.DataFrame  # one row per region: the measure, its qualifier, rank, sources
    map: MapSpec
    summary: str
    table: Table
    chart: Chart  # the ranking
    exports: list[Export]  # CSV, map PNG (screen, print), ranking PNG


def indicator_names(inds: pd.DataFrame, lang: str) -> dict[str, str]:
    """indicator_id → name in the reader's language (selector labels), in the frame's order."""
    return dict(zip(inds["indicator_id"], labels.local(inds, "name", lang)))


def indicator_choice(inds: pd.DataFrame, lang: str) -> Choice:
    names = indicator_names(inds, lang)
    label = t("explorer.indicator", lang)
    return Choice("indicator", label, tuple(names), names.get, POPULATION_INDICATOR)


def period_choice(run: Runner, indicator_id: str, lang: str) -> Choice:
    periods = queries.indicator_periods(run, indicator_id)["period"]
    fmt = lambda p: i18n.fmt_partial(p, lang)  # noqa: E731
    return Choice("period", t("explorer.period", lang), tuple(periods), fmt)


def measure_choice(inds: pd.DataFrame, indicator_id: str, lang: str) -> Choice:
    kind = inds.set_index("indicator_id").loc[indicator_id, "kind"]
    options = measures.measures_for(kind, indicator_id)
    fmt = lambda m: measures.measure_label(m, lang)  # noqa: E731
    return Choice("measure", t("explorer.measure", lang), options, fmt)


def scheme_choice(lang: str) -> Choice:
    fmt = lambda s: t(f"scheme.{s}", lang)  # noqa: E731
    return Choice("scheme", t("explorer.scheme", lang), classify.SCHEMES, fmt)


def ranking_figure(frame: pd.DataFrame, spec: ChoroplethSpec, **options):
    """The ranked bar (plotly is imported when a page draws the chart, not with the view)."""
    from atlas.charts.ranking import ranked_bar

    return ranked_bar(frame, spec, **options)


def _tooltips(frame: pd.DataFrame, lang: str) -> dict[str, list[tuple[str, str]]]:
    extra = {}
    for row in frame.itertuples(index=False):
        rows = []
        if pd.notna(row.rank):
            rank = t("common.rank_of", lang, rank=int(row.rank), n=row.n_ranked)
            rows.append((t("common.rank", lang), rank))
        if isinstance(row.source_title, str):
            rows.append(
                (t("common.source", lang), labels.citation(row.source_publisher, row.source_title))
            )
        if row.confidence in ("low", "medium"):
            rows.append(
                (t("common.confidence", lang), t(f"common.confidence_{row.confidence}", lang))
            )
        extra[row.region_code] = rows
    return extra


def _columns(lang: str) -> list[Column]:
    """On screen: name, code, value as published, value (sorts), rank, source. In the CSV:
    every figure with its qualifier, bounds and full source."""
    return [
        Column("name", t("col.name", lang)),
        Column("region_code", t("col.region_code", lang), "region_code"),
        Column("name", csv="region"),
        *(Column(f, csv=f) for f in ("indicator", "period", "measure", "unit")),
        Column("qualifier_csv", csv="qualifier"),
        Column("value", csv="value"),
        Column("value_high", csv="value_high"),
        Column("shown", t("col.shown", lang), "value_as_published"),
        Column("value_plain", t("col.value", lang), kind="number"),
        Column("rank", t("col.rank", lang), "rank", kind="number"),
        Column("source_publisher", csv="source_publisher"),
        Column("source_title", t("col.source", lang), "source_title"),
        *(Column(f, csv=f) for f in ("source_url", "source_reference_date", "source_licence")),
    ]


def _exports(
    ident: str, spec: ChoroplethSpec, frame: pd.DataFrame, tbl: Table, text: dict, lang: str
) -> list[Export]:
    title, unit, src, stamp = text["title"], text["unit"], text["source"], text["stamp"]
    stem = ident.removesuffix(".csv")
    maps_png = [
        png_export(
            partial(export.map_png, spec, source=src, date_text=stamp, scale=scale),
            export.png_name(stem, scale),
            t(label, lang),
            f"png_{scale}",
        )
        for scale, label in ((1, "profile.download_map"), (2, "profile.download_map_print"))
    ]
    chart_png = partial(
        export.chart_png,
        frame,
        spec,
        lang=lang,
        title=title,
        unit=unit,
        source=src,
        date_text=stamp,
    )
    return [
        csv_export(tbl, ident, t("common.download_csv", lang), footer=[title, src]),
        *maps_png,
        png_export(
            chart_png,
            export.png_name(stem + "_ranking", 1),
            t("profile.download_chart", lang),
            "chart_png",
        ),
    ]


def explorer_view(
    run: Runner, indicator_id: str, period: str, measure: str, scheme: str, lang: str
) -> ExplorerView:
    indicator = queries.indicator(run, indicator_id).iloc[0]
    values = queries.indicator_map_values(run, indicator_id, period)
    frame = measures.measure_frame(values, measure, lang)
    unit = measures.measure_unit(measure, indicator.unit)
    name = labels.local(indicator, "name", lang)
    period_label = i18n.fmt_partial(period, lang)
    title = f"{name} — {period_label}"
    if measure != "value":
        title += f" ({measures.measure_label(measure, lang).lower()})"
    spec = classify.choropleth_spec(
        frame,
        lang=lang,
        title=title,
        unit=unit,
        scheme=scheme,
        extra_tooltip=_tooltips(frame, lang),
    )
    national = queries.national_value(run, indicator_id, period)
    national_text = None
    if measure == "value" and len(national):
        n = national.iloc[0]
        national_text = i18n.fmt_value(
            n["value"], lang, unit=unit, qualifier=n["qualifier"], value_high=n["value_high"]
        )
    summary = measures.summary_text(
        frame,
        lang=lang,
        indicator_name=name,
        period_label=period_label,
        unit=unit,
        national_text=national_text,
    )
    src = labels.source_line(frame, lang)
    if measure == "per_1000" and frame["census_year"].notna().any():
        year = int(frame["census_year"].dropna().iloc[0])
        src += " · " + t("explorer.population_note", lang, year=year)
    decimals = i18n.smart_decimals(frame["value"].dropna().tolist())
    shown = [
        i18n.fmt_value(
            v,
            lang,
            unit=unit,
            qualifier=q if isinstance(q, str) else "=",
            value_high=h,
            decimals=decimals,
        )
        for v, q, h in zip(frame["value"], frame["qualifier"], frame["value_high"])
    ]
    rows = frame.assign(
        indicator=indicator_id,
        period=period,
        measure=measure,
        unit=unit,
        shown=shown,
        value_plain=frame["value"].where(frame["qualifier"].isin(measures.PLAIN)),
        # '=' would read as a formula in Excel (and be escaped): plain values get no qualifier
        qualifier_csv=frame["qualifier"].where(frame["qualifier"] != "=", ""),
    )
    tbl = table(rows, _columns(lang), lang)
    ident = f"atlas_{indicator_id}_{period}_{measure}_{lang}.csv"
    stamp = export.date_line(built_at_text(run, lang), lang)
    text = {"title": title, "unit": unit, "source": src, "stamp": stamp}
    chart = Chart(partial(ranking_figure, frame, spec, lang=lang, title=title, unit=unit), summary)
    return ExplorerView(
        title,
        unit,
        frame,
        MapSpec(spec, caption=src, description=summary),
        summary,
        tbl,
        chart,
        _exports(ident, spec, frame, tbl, text, lang),
    )
