"""The overview's view: national key figures (each with its period and source), led by the
foreign-citizen population of the 2021 census, the overview map and what the atlas holds."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas import i18n, labels, queries
from atlas.config import FINAL_POPULATION_INDICATOR, POPULATION_INDICATOR
from atlas.i18n import t
from atlas.queries import Runner
from atlas.views.common import FOREIGN_CITIZENS, NO_PERIOD, as_given
from atlas.views.shapes import Metric


@dataclass
class KeyFigure:
    indicator_id: str
    label: str
    value: str
    unit: str
    period: str
    source: str
    confidence: str
    context: str = ""  # e.g. '7,30 % των κατοίκων (απογραφή 2021, οριστικά αποτελέσματα)'


# The figures a briefing opens with, in this order; the rest follow alphabetically. The
# migrant population (census 2021, final results) first, then the population it divides by.
KEY_FIGURE_ORDER = (
    FOREIGN_CITIZENS,
    FINAL_POPULATION_INDICATOR,
    "census2021_born_abroad",
    "reception_residents_total",
    "reception_residents_share",
    "asylum_applications_initial",
    "reception_facilities_active",
    POPULATION_INDICATOR,
)
# A figure replaced by a better-sourced one when both are held: the 7.2 % foreign share
# quoted second-hand (low confidence) gives way to ELSTAT's final census count and share.
SUPERSEDED_BY = {"foreign_citizens_share": FOREIGN_CITIZENS}


def _source(row: pd.Series, lang: str) -> str:
    ids = [s for s in str(row["source_id"] or "").split(";") if s.strip()]
    if len(ids) > 1:  # a sum over the regions' own pages: name the publisher and the count
        publisher = labels.greek_or(row, "source_publisher", lang)
        source = f"{publisher} ({t('overview.n_pages', lang, n=len(ids))})"
    else:
        source = labels.citation(
            labels.greek_or(row, "source_publisher", lang), row["source_title"]
        )
    if row["basis"] == "sum_of_regions":
        source = t("overview.sum_of_regions", lang) + (f" — {source}" if source else "")
    if row["confidence"] == "low":
        source += f" · {t('common.confidence_low', lang)}"
    return source


def _context(row: pd.Series, lang: str) -> str:
    """'7,30 % των κατοίκων (απογραφή 2021, οριστικά αποτελέσματα)' for a count of persons
    taken in the census year it is divided by (the census's own figures)."""
    year = row.get("census_year")
    start = row.get("period_start")
    if (
        row["unit"] != "persons"
        or pd.isna(row.get("pct_of_population"))
        or pd.isna(year)
        or pd.isna(start)
        or pd.Timestamp(start).year != int(year)
    ):
        return ""
    share = i18n.fmt_value(row["pct_of_population"], lang, unit="percent", decimals=2)
    basis = t(f"basis.{row['population_basis']}", lang)
    return t("overview.pct_residents", lang, share=share, year=int(year), basis=basis)


def key_figures(run: Runner, lang: str) -> list[KeyFigure]:
    """National figures, newest period per indicator, each with its source and date."""
    df = queries.national_key_figures(run).drop_duplicates("indicator_id")
    held = set(df["indicator_id"])
    df = df[[SUPERSEDED_BY.get(i) not in held for i in df["indicator_id"]]]
    rank = {k: i for i, k in enumerate(KEY_FIGURE_ORDER)}
    df = df.assign(_order=df["indicator_id"].map(rank).fillna(len(rank)))
    out = []
    for _, row in df.sort_values(["_order", "indicator_id"]).iterrows():
        percent = row["unit"] == "percent"
        value = i18n.fmt_value(
            row["value"],
            lang,
            unit=row["unit"] if percent else None,
            qualifier=row["qualifier"],
            value_high=row["value_high"],
        )
        unit = "" if percent else i18n.unit_suffix(row["unit"], lang).strip()
        out.append(
            KeyFigure(
                indicator_id=row["indicator_id"],
                label=labels.local(row, "name", lang),
                value=value,
                unit=unit,
                period=as_given(row["period"], lang, missing=NO_PERIOD),
                source=_source(row, lang),
                confidence=row["confidence"],
                context=_context(row, lang),
            )
        )
    return out


def metrics(figures: list[KeyFigure], lang: str) -> list[Metric]:
    """Key figures as tiles: the value, and share · unit · period · source under it."""
    out = []
    for fig in figures:
        parts = (fig.context, fig.unit, t("overview.period", lang, period=fig.period), fig.source)
        out.append(Metric(fig.label, fig.value, " · ".join(x for x in parts if x)))
    return out


def figure_line(fig: KeyFigure) -> str:
    """One more key figure as a line of text."""
    context = f" ({fig.context})" if fig.context else ""
    return f"**{fig.label}**: {fig.value} {fig.unit}{context} — {fig.period} · {fig.source}"


def holdings(run: Runner, lang: str) -> str:
    inds = queries.map_indicators(run)
    cov = queries.coverage_matrix(run)
    cov = cov[cov["status"] != "not_public"]  # a known gap is listed apart, not a cell to fill
    with_data = cov[cov["has_data"]]
    return t("overview.holdings", lang, n_ind=len(inds), n_cells=len(with_data), n_total=len(cov))


def map_indicator(run: Runner) -> tuple[str, str] | None:
    """(indicator, period) of the overview map: foreign citizens by region (census 2021)
    where the data has them, else the newest census population; None without either."""
    for indicator_id in (FOREIGN_CITIZENS, POPULATION_INDICATOR):
        periods = queries.indicator_periods(run, indicator_id)
        full = periods[periods["n_regions"] > 0]["period"].tolist()
        if full:
            return indicator_id, full[0]
    return None


def population_period(run: Runner) -> str | None:
    """The newest census period, or None without census figures."""
    periods = queries.indicator_periods(run, POPULATION_INDICATOR)["period"].tolist()
    return periods[0] if periods else None
