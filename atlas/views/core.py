"""View models: everything a page shows for one choice of widgets, computed without Streamlit.

A page calls one function here (or in queries) and renders the result; the same objects feed
the exports, so a PNG or CSV always matches the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas import classify, i18n, measures, queries
from atlas.classify import ChoroplethSpec
from atlas.export import safe_csv
from atlas.i18n import t
from atlas.queries import Runner


@dataclass
class ExplorerView:
    title: str
    unit: str | None
    frame: pd.DataFrame
    spec: ChoroplethSpec
    summary: str
    source_line: str
    table: pd.DataFrame
    csv: bytes
    csv_name: str


def source_line(frame: pd.DataFrame, lang: str) -> str:
    """'Source: publisher, title (reference date)' for each distinct source in the frame."""
    have = frame.dropna(subset=["source_id"]).drop_duplicates("source_id")
    parts = []
    for row in have.itertuples(index=False):
        ref = (
            i18n.fmt_partial(row.source_reference_date, lang)
            if isinstance(row.source_reference_date, str)
            else ""
        )
        parts.append(f"{row.source_publisher}, «{row.source_title}»" + (f" ({ref})" if ref else ""))
    label = t("common.sources" if len(parts) > 1 else "common.source", lang)
    return f"{label}: " + "; ".join(parts) if parts else t("common.no_data", lang)


def explorer_view(
    run: Runner,
    indicator_id: str,
    indicator: pd.Series,
    period: str,
    measure: str,
    scheme: str,
    lang: str,
) -> ExplorerView:
    values = queries.indicator_map_values(run, indicator_id, period)
    frame = measures.measure_frame(values, measure, lang)
    unit = measures.measure_unit(measure, indicator.unit)
    name = indicator.name_el if lang == "el" else indicator.name_en
    period_label = i18n.fmt_partial(period, lang)
    title = f"{name} — {period_label}"
    if measure != "value":
        title += f" ({measures.measure_label(measure, lang).lower()})"
    decimals = i18n.smart_decimals(frame["value"].dropna().tolist())
    extra = {}
    for row in frame.itertuples(index=False):
        rows = []
        if pd.notna(row.rank):
            rows.append(
                (
                    t("common.rank", lang),
                    t("common.rank_of", lang, rank=int(row.rank), n=row.n_ranked),
                )
            )
        if isinstance(row.source_title, str):
            rows.append((t("common.source", lang), f"{row.source_publisher}, {row.source_title}"))
        if row.confidence in ("low", "medium"):
            rows.append(
                (t("common.confidence", lang), t(f"common.confidence_{row.confidence}", lang))
            )
        extra[row.region_code] = rows
    spec = classify.choropleth_spec(
        frame, lang=lang, title=title, unit=unit, scheme=scheme, extra_tooltip=extra
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
    src = source_line(frame, lang)
    if measure == "per_1000" and frame["census_year"].notna().any():
        year = int(frame["census_year"].dropna().iloc[0])
        src += " · " + t("explorer.population_note", lang, year=year)
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
    table = pd.DataFrame(
        {
            t("col.name", lang): frame["name"],
            t("col.region_code", lang): frame["region_code"],
            t("col.shown", lang): shown,
            t("col.value", lang): frame["value"].where(frame["qualifier"].isin(measures.PLAIN)),
            t("col.rank", lang): frame["rank"],
            t("col.source", lang): frame["source_title"],
        }
    )
    export = pd.DataFrame(
        {
            "region_code": frame["region_code"],
            "region": frame["name"],
            "indicator": indicator_id,
            "period": period,
            "measure": measure,
            "unit": unit,
            # '=' would read as a formula in Excel (and be escaped): plain values get no qualifier
            "qualifier": frame["qualifier"].where(frame["qualifier"] != "=", ""),
            "value": frame["value"],
            "value_high": frame["value_high"],
            "value_as_published": shown,
            "rank": frame["rank"],
            "source_publisher": frame["source_publisher"],
            "source_title": frame["source_title"],
            "source_url": frame["source_url"],
            "source_reference_date": frame["source_reference_date"],
            "source_licence": frame["source_licence"],
        }
    )
    csv = safe_csv(export, footer=[title, src])
    return ExplorerView(
        title,
        unit,
        frame,
        spec,
        summary,
        src,
        table,
        csv,
        f"atlas_{indicator_id}_{period}_{measure}_{lang}.csv",
    )


@dataclass
class KeyFigure:
    indicator_id: str
    label: str
    value: str
    unit: str
    period: str
    source: str
    confidence: str


# The figures a briefing opens with, in this order; the rest follow alphabetically.
KEY_FIGURE_ORDER = (
    "population_census",
    "reception_residents_total",
    "reception_residents_share",
    "asylum_applications_initial",
    "foreign_citizens_share",
    "reception_facilities_active",
)


def key_figures(run: Runner, lang: str) -> list[KeyFigure]:
    """National figures, newest period per indicator, each with its source and date."""
    df = queries.national_key_figures(run).drop_duplicates("indicator_id")
    rank = {k: i for i, k in enumerate(KEY_FIGURE_ORDER)}
    df = df.assign(_order=df["indicator_id"].map(rank).fillna(len(rank)))
    out = []
    for _, row in df.sort_values(["_order", "indicator_id"]).iterrows():
        name = row["name_el"] if lang == "el" else row["name_en"]
        percent = row["unit"] == "percent"
        value = i18n.fmt_value(
            row["value"],
            lang,
            unit=row["unit"] if percent else None,
            qualifier=row["qualifier"],
            value_high=row["value_high"],
        )
        unit = "" if percent else i18n.unit_suffix(row["unit"], lang).strip()
        source = (
            f"{row['source_publisher']}, «{row['source_title']}»"
            if isinstance(row["source_title"], str)
            else ""
        )
        if row["basis"] == "sum_of_regions":
            source = t("overview.sum_of_regions", lang) + (f" — {source}" if source else "")
        if row["confidence"] == "low":
            source += f" · {t('common.confidence_low', lang)}"
        out.append(
            KeyFigure(
                row["indicator_id"],
                name,
                value,
                unit,
                i18n.fmt_partial(row["period"], lang),
                source,
                row["confidence"],
            )
        )
    return out


def holdings(run: Runner, lang: str) -> str:
    inds = queries.map_indicators(run)
    cov = queries.coverage_matrix(run)
    with_data = cov[cov["has_data"]]
    return t("overview.holdings", lang, n_ind=len(inds), n_cells=len(with_data), n_total=len(cov))


def sources_table(run: Runner, lang: str) -> pd.DataFrame:
    df = queries.sources_with_coverage(run)
    return pd.DataFrame(
        {
            t("common.publisher", lang): df["publisher"],
            t("common.title", lang): df["title"],
            t("common.link", lang): df["url"].fillna(""),
            t("common.reference_date", lang): [
                i18n.fmt_partial(x, lang) if isinstance(x, str) else ""
                for x in df["reference_date"]
            ],
            t("common.licence", lang): df["licence"],
            t("sources.indicators", lang): df["indicators"].fillna("—"),
            t("sources.n_regions", lang): df["n_regions"],
            t("common.notes", lang): df["notes"].fillna(""),
            "source_id": df["source_id"],
        }
    )


def coverage_pivot(run: Runner, lang: str) -> pd.DataFrame:
    """Indicator × region: latest period where there is data, '—' where there is none."""
    from geo.regions import BY_CODE

    df = queries.coverage_matrix(run)
    regional = df.groupby("indicator_id")["has_data"].transform("any")
    df = df[regional]
    df = df.assign(
        indicator=df["name_el" if lang == "el" else "name_en"],
        region=[
            BY_CODE[c].name_el if lang == "el" else BY_CODE[c].name_en for c in df["region_code"]
        ],
        cell=[
            i18n.fmt_partial(p, lang) if ok else "—"
            for p, ok in zip(df["latest_period"], df["has_data"])
        ],
    )
    pivot = df.pivot(index="indicator", columns="region", values="cell")
    return pivot.reset_index().rename(columns={"indicator": t("common.indicator", lang)})


def national_only_indicators(run: Runner, lang: str) -> list[str]:
    """Indicators the atlas holds only as national figures (no region has a value)."""
    df = queries.coverage_matrix(run)
    df = df[df["status"] != "not_public"]  # known gaps: no figures at all, not national-only
    has = df.groupby(["indicator_id", "name_el", "name_en"])["has_data"].any().reset_index()
    return has.loc[~has["has_data"], "name_el" if lang == "el" else "name_en"].tolist()


def built_at_text(run: Runner, lang: str) -> str:
    """When the database was built, in the reader's format (UTC)."""
    from datetime import datetime

    info = queries.build_info(run)
    if not info.get("built_at"):
        return ""
    when = datetime.fromisoformat(info["built_at"])
    return f"{i18n.fmt_date(when.date(), lang)} {when:%H:%M} UTC"
