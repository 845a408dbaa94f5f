"""The map explorer's view: one indicator, period and measure across the 13 regions, as a
map, a ranking, a summary, a table and its downloads. The overview's population map and the
reception page's shares are the same view.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd

from atlas import a11y, classify, export, i18n, labels, measures, queries
from atlas.classify import ChoroplethSpec
from atlas.config import POPULATION_INDICATOR
from atlas.i18n import t
from atlas.queries import Runner
from atlas.views.common import FOREIGN_CITIZENS, NO_PERIOD, as_given, built_at_text
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


def default_indicator(ids) -> str:
    """The explorer opens with the foreign-citizen map (census 2021) where the data has it,
    else with the census population."""
    ids = list(ids)
    for wanted in (FOREIGN_CITIZENS, POPULATION_INDICATOR):
        if wanted in ids:
            return wanted
    return ids[0] if ids else POPULATION_INDICATOR


def indicator_choice(inds: pd.DataFrame, lang: str) -> Choice:
    names = indicator_names(inds, lang)
    label = t("explorer.indicator", lang)
    return Choice("indicator", label, tuple(names), names.get, default_indicator(names))


def period_choice(run: Runner, indicator_id: str, lang: str) -> Choice:
    periods = queries.indicator_periods(run, indicator_id)["period"]
    fmt = lambda p: as_given(p, lang, missing=NO_PERIOD)  # noqa: E731
    return Choice("period", t("explorer.period", lang), tuple(periods), fmt)


def measure_choice(inds: pd.DataFrame, indicator_id: str, lang: str) -> Choice:
    ind = inds.set_index("indicator_id").loc[indicator_id]
    options = measures.measures_for(ind["kind"], role=ind.get("role"), unit=ind.get("unit"))
    fmt = lambda m: measures.measure_label(m, lang)  # noqa: E731
    return Choice("measure", t("explorer.measure", lang), options, fmt)


def scheme_choice(lang: str) -> Choice:
    fmt = lambda s: t(f"scheme.{s}", lang)  # noqa: E731
    return Choice("scheme", t("explorer.scheme", lang), classify.SCHEMES, fmt)


def ranking_html(frame: pd.DataFrame, spec: ChoroplethSpec, **options) -> str:
    """The ranked bars as an HTML figure (``atlas.charts.ranking``; drawn by the server, so a
    map page loads no chart library before its map)."""
    from atlas.charts.ranking import ranked_bars_html

    return ranked_bars_html(frame, spec, **options)


def _ranking_chart(frame, spec, title: str, unit: str | None, summary: str, lang: str) -> Chart:
    """The ranking as a server-drawn HTML figure, named 'Chart: <title>', described by the
    summary."""
    name = a11y.chart_name(title, lang)
    make = partial(
        ranking_html, frame, spec, lang=lang, title=title, unit=unit, name=name, description=summary
    )
    return Chart(make, summary, kind="html")


def _rank_source_rows(frame: pd.DataFrame, lang: str) -> dict[str, list[tuple[str, str]]]:
    """The explorer's own tooltip rows per region (rank, source, confidence), added under
    the region and value rows ``classify`` writes."""
    extra = {}
    for row in frame.itertuples(index=False):
        rows = []
        if pd.notna(row.rank):
            rank = t("common.rank_of", lang, rank=int(row.rank), n=row.n_ranked)
            rows.append((t("common.rank", lang), rank))
        elif 0 < row.n_ranked < measures.MIN_RANKED:
            rows.append((t("common.rank", lang), t("common.no_rank", lang, n=row.n_ranked)))
        if isinstance(row.source_title, str):
            rows.append(
                (
                    t("common.source", lang),
                    labels.citation(
                        labels.greek_or(row, "source_publisher", lang), row.source_title
                    ),
                )
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
        Column("n_ranked", csv="n_ranked"),
        Column("series_key", csv="series_key"),
        Column("population_basis", csv="population_basis"),
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


def _national_text(national: pd.DataFrame, measure: str, unit: str | None, lang: str):
    """The national figure in the chosen measure, where the data has one (a reported figure
    first, else the sum of the 13 regions of one series)."""
    if national.empty:
        return None
    n = national.iloc[0]
    if measure == "value":
        return i18n.fmt_value(
            n["value"], lang, unit=unit, qualifier=n["qualifier"], value_high=n["value_high"]
        )
    column = {"pct_population": "pct_of_population", "per_1000": "per_1000"}.get(measure)
    if column and pd.notna(n[column]):
        decimals = 2 if measure == "pct_population" else 1
        return i18n.fmt_value(n[column], lang, unit=unit, decimals=decimals)
    return None


def denominator_note(frame: pd.DataFrame, lang: str) -> str:
    """Which population a rate divides by: census year and basis (final results …)."""
    year = int(frame["census_year"].dropna().iloc[0])
    bases = frame["population_basis"].dropna().unique() if "population_basis" in frame else []
    basis = bases[0] if len(bases) == 1 else "mixed"
    return t("explorer.population_note", lang, year=year, basis=t(f"basis.{basis}", lang))


def explorer_view(
    run: Runner, indicator_id: str, period: str, measure: str, scheme: str, lang: str
) -> ExplorerView:
    indicator = queries.indicator(run, indicator_id).iloc[0]
    values = queries.indicator_map_values(run, indicator_id, period)
    frame = measures.measure_frame(values, measure, lang)
    unit = measures.measure_unit(measure, indicator.unit)
    name = labels.local(indicator, "name", lang)
    when = as_given(period, lang, missing=NO_PERIOD)
    title = f"{name} — {when}"
    if measure != "value":
        title += f" ({measures.measure_label(measure, lang).lower()})"
    change = indicator.kind == "change" and measure == "value"  # a % change: centred on 0
    spec = classify.choropleth_spec(
        frame,
        lang=lang,
        title=title,
        unit=unit,
        scheme=scheme,
        extra_tooltip=_rank_source_rows(frame, lang),
        diverging=change,
    )
    national = queries.national_value(run, indicator_id, period)
    summary = measures.summary_text(
        frame,
        lang=lang,
        indicator_name=name,
        period_label=when,
        unit=unit,
        national_text=_national_text(national, measure, unit, lang),
        signed=change,
    )
    src = labels.source_line(frame, lang)
    if measure in ("per_1000", "pct_population") and frame["census_year"].notna().any():
        src += " · " + denominator_note(frame, lang)
    if change:
        src += " · " + t("explorer.change_note", lang)
    decimals = i18n.smart_decimals(frame["value"].dropna().tolist())
    shown = [
        i18n.fmt_signed(v, lang, unit=unit, decimals=max(1, decimals))
        if change and q in i18n.PLAIN_QUALIFIERS and pd.notna(v)
        else i18n.fmt_value(
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
        value_plain=frame["value"].where(frame["qualifier"].isin(i18n.PLAIN_QUALIFIERS)),
        # '=' would read as a formula in Excel (and be escaped): plain values get no qualifier
        qualifier_csv=frame["qualifier"].where(frame["qualifier"] != "=", ""),
    )
    tbl = table(rows, _columns(lang), lang)
    ident = f"atlas_{indicator_id}_{period}_{measure}_{lang}.csv"
    stamp = export.date_line(built_at_text(run, lang), lang)
    text = {"title": title, "unit": unit, "source": src, "stamp": stamp}
    chart = _ranking_chart(frame, spec, title, unit, summary, lang)
    return ExplorerView(
        title=title,
        unit=unit,
        frame=frame,
        map=MapSpec(spec, caption=src, description=summary),
        summary=summary,
        table=tbl,
        chart=chart,
        exports=_exports(ident, spec, frame, tbl, text, lang),
    )


# --- place of birth by region (a third party's computation from Eurostat) ------------------

BIRTHPLACE_GROUP = "birthplace_2021"
BIRTHPLACE_HOME = "census2021_born_in_greece_pct_eurostat"  # the part not drawn in the bars
PART_ORDER = ("in_greece", "other_eu", "europe_non_eu", "africa", "asia", "other")


@dataclass
class BirthplaceView:
    title: str
    chart: Chart
    table: Table
    caption: str  # the source and what kind of figure this is (third-party, confidence)
    exports: list[Export]


def part_key(indicator_id: str) -> str:
    """'census2021_born_asia_pct_eurostat' → 'asia' (the locale's short legend label)."""
    return indicator_id.removeprefix("census2021_born_").removesuffix("_pct_eurostat")


def part_label(indicator_id: str, name: str, lang: str) -> str:
    key = f"birthplace.{part_key(indicator_id)}"
    return t(key, lang) if i18n.has(key) else name


def birthplace_html(frame: pd.DataFrame, parts: list[tuple[str, str]], **options) -> str:
    from atlas.charts.census import birthplace_bars_html

    return birthplace_bars_html(frame, parts, **options)


def birthplace_view(run: Runner, lang: str, group: str = BIRTHPLACE_GROUP) -> BirthplaceView | None:
    """Residents by place of birth (EU, non-EU Europe, Africa, Asia, other) as % of all
    residents, one stacked bar per region; the table also has the share born in Greece.
    None when the data has no such group."""
    df = queries.indicator_group(run, group)
    if df.empty:
        return None
    names = dict(zip(df["indicator_id"], labels.local(df, "name", lang)))
    rank = {k: i for i, k in enumerate(PART_ORDER)}
    order = sorted(names, key=lambda i: (rank.get(part_key(i), len(rank)), i))
    wide = df.pivot(index="region_code", columns="indicator_id", values="value")
    wide = wide.reindex(columns=order).reset_index()
    wide.insert(1, "name", [labels.region_label(c, lang) for c in wide["region_code"]])
    parts = [(i, part_label(i, names[i], lang)) for i in order if i != BIRTHPLACE_HOME]
    title = t("explorer.birthplace_title", lang)
    src = labels.source_line(df, lang)
    worst = "low" if (df["confidence"] == "low").any() else df["confidence"].iloc[0]
    caption = f"{src} · {t('explorer.birthplace_note', lang)}"
    if worst in ("low", "medium"):
        caption += f" · {t(f'common.confidence_{worst}', lang)}"
    columns = [
        Column("name", t("col.name", lang)),
        Column("region_code", t("col.region_code", lang), "region_code"),
        *(Column(i, part_label(i, names[i], lang), i, kind="number") for i in order),
    ]
    tbl = table(wide, columns, lang)
    bars = partial(
        birthplace_html,
        wide,
        parts,
        lang=lang,
        title=title,
        name=a11y.chart_name(title, lang),
        description=caption,
    )
    chart = Chart(bars, caption, kind="html")
    csv = csv_export(
        tbl,
        f"atlas_{group}_{lang}.csv",
        t("common.download_csv", lang),
        footer=[title, src, t("explorer.birthplace_note", lang)],
    )
    return BirthplaceView(title, chart, tbl, caption, [csv])
