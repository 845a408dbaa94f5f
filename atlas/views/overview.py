"""The overview's view: national key figures (each with its period and source) and what the
atlas holds."""

from __future__ import annotations

from dataclasses import dataclass

from atlas import i18n, labels, queries
from atlas.config import POPULATION_INDICATOR
from atlas.i18n import t
from atlas.queries import Runner
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


# The figures a briefing opens with, in this order; the rest follow alphabetically.
KEY_FIGURE_ORDER = (
    POPULATION_INDICATOR,
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
        percent = row["unit"] == "percent"
        value = i18n.fmt_value(
            row["value"],
            lang,
            unit=row["unit"] if percent else None,
            qualifier=row["qualifier"],
            value_high=row["value_high"],
        )
        unit = "" if percent else i18n.unit_suffix(row["unit"], lang).strip()
        source = labels.citation(row["source_publisher"], row["source_title"])
        if row["basis"] == "sum_of_regions":
            source = t("overview.sum_of_regions", lang) + (f" — {source}" if source else "")
        if row["confidence"] == "low":
            source += f" · {t('common.confidence_low', lang)}"
        out.append(
            KeyFigure(
                row["indicator_id"],
                labels.local(row, "name", lang),
                value,
                unit,
                i18n.fmt_partial(row["period"], lang),
                source,
                row["confidence"],
            )
        )
    return out


def metrics(figures: list[KeyFigure], lang: str) -> list[Metric]:
    """Key figures as tiles: the value, and unit · period · source under it."""
    out = []
    for fig in figures:
        parts = (fig.unit, t("overview.period", lang, period=fig.period), fig.source)
        out.append(Metric(fig.label, fig.value, " · ".join(x for x in parts if x)))
    return out


def figure_line(fig: KeyFigure) -> str:
    """One more key figure as a line of text."""
    return f"**{fig.label}**: {fig.value} {fig.unit} — {fig.period} · {fig.source}"


def holdings(run: Runner, lang: str) -> str:
    inds = queries.map_indicators(run)
    cov = queries.coverage_matrix(run)
    with_data = cov[cov["has_data"]]
    return t("overview.holdings", lang, n_ind=len(inds), n_cells=len(with_data), n_total=len(cov))


def population_period(run: Runner) -> str | None:
    """The newest census period (the overview map), or None without census figures."""
    periods = queries.indicator_periods(run, POPULATION_INDICATOR)["period"].tolist()
    return periods[0] if periods else None
