"""What the region profile and the brief say about one region's figures (issue #12): each
figure as a ``Tile`` — value, period, and only the statements the marts support.

The rules live in the marts (docs/data-model.md, *The period model*); this module only says
them in words:

- **latest**: a tile shows the headline figure; where several figures could be the latest
  (``latest_status`` 'overlap': '2022' next to '2022-08'), the others are shown beside it
  with their periods and none is called the latest; a figure without a date says
  "reference date not given".
- **change**: only against ``prev_*`` (one series, periods that do not overlap); otherwise
  the tile says why there is none when a reader would expect one.
- **rank**: only where the mart gives one (≥ 3 comparable regions); "no rank: only 1 region
  has a comparable figure" otherwise.
- **rates and shares** name their population (census year and release: final results).
- **the national figure** says what it is: a total (sum of the 13 regions of one series, or
  a reported total) or, for a percentage, the share for the country as a whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from atlas import i18n, labels
from atlas.config import DISCLOSURE_THRESHOLD, FINAL_POPULATION_INDICATOR, POPULATION_INDICATOR
from atlas.i18n import t
from atlas.views.common import FOREIGN_CITIZENS, NO_PERIOD, as_given

# The briefing set: the profile's first tiles and the only ones on page one of the brief
# (one A4 page); every other figure follows on the profile and goes to the brief's annex.
# The provisional census population is in the set only where the final results are missing.
BRIEFING = (
    FINAL_POPULATION_INDICATOR,
    POPULATION_INDICATOR,
    "density",  # names the area it divides by (the area itself: annex)
    FOREIGN_CITIZENS,
    "census2021_foreign_citizens_change",
    "census2021_born_abroad",
    "reception_residents_share",
)


@dataclass
class Tile:
    """One key figure: value, reference period, context lines and the sources behind them."""

    key: str
    label: str
    value: str
    period: str
    lines: list[str] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    confidence: str | None = None
    number: str = ""  # the value without its unit (narrow screen tiles) …
    unit: str = ""  # … and the unit on its own ('' for percentages, kept in the number)
    briefing: bool = False  # one of the briefing set (page one of the brief)
    dated: bool = True  # False: ``period`` says why there is none ("reference date not given")
    group: str = ""  # the parts of one whole (place of birth) stay together


# --- small helpers ---------------------------------------------------------------------------


def nan(x: object) -> bool:
    return (
        x is None
        or (isinstance(x, float) and math.isnan(x))
        or x is pd.NA
        or (not isinstance(x, str) and pd.isna(x))
    )


def qual(x: object) -> str:
    return x if isinstance(x, str) and x else "="


def ids(*values: object) -> list[str]:
    out: list[str] = []
    for v in values:
        if isinstance(v, str):
            out += [s.strip() for s in v.replace(";", " ").split() if s.strip()]
    return out


def _basis(row: pd.Series, lang: str) -> str:
    """'απογραφή 2021, οριστικά αποτελέσματα': the population a rate divides by."""
    year = int(row["census_year"])
    basis = row.get("population_basis")
    if isinstance(basis, str) and basis and basis != "not_stated":
        return t("profile.census_basis", lang, year=year, basis=t(f"basis.{basis}", lang))
    return t("profile.census_year", lang, year=year)


def fmt_figure(row: pd.Series, lang: str, decimals: int | None, *, unit: bool = True) -> str:
    """A figure as the source gives it: qualifier kept ('>1.500', '<0,29 %'); a % change with
    its sign ('+11,0 %')."""
    shown_unit = row["unit"] if unit else ("percent" if row["unit"] == "percent" else None)
    if (
        row.get("kind") == "change"
        and qual(row["qualifier"]) in i18n.PLAIN_QUALIFIERS
        and not nan(row["value"])
    ):
        prefix = "≈" if qual(row["qualifier"]) == "~" else ""
        value = float(row["value"])
        places = 1 if round(value, 1) == round(value, 2) else 2  # as printed: '−27,0 %'
        return prefix + i18n.fmt_signed(value, lang, unit=shown_unit, decimals=places)
    return i18n.fmt_value(
        row["value"],
        lang,
        unit=shown_unit,
        qualifier=qual(row["qualifier"]),
        value_high=row["value_high"],
        decimals=decimals,
        disclose=unit or row["unit"] != "persons",
    )


# --- statements ------------------------------------------------------------------------------


def _rate_line(row: pd.Series, lang: str) -> tuple[str | None, list[str]]:
    """'9,0 % των κατοίκων (απογραφή 2021, οριστικά αποτελέσματα)' for a count of persons,
    '0,06 ανά 1.000 κατοίκους (…)' for other counts."""
    if row["kind"] != "count" or is_population(row) or nan(row["census_year"]):
        return None, []
    sources = ids(row["denominator_source_id"])
    if row["unit"] == "persons" and not nan(row["pct_of_population"]):
        value = i18n.fmt_value(
            row["pct_of_population"],
            lang,
            unit="percent",
            qualifier=qual(row["qualifier"]),
            value_high=row["pct_of_population_high"],
            decimals=1,
            disclose=False,
        )
        return t("profile.pct_residents", lang, value=value, basis=_basis(row, lang)), sources
    if nan(row["per_1000"]):
        return None, []
    value = i18n.fmt_value(
        row["per_1000"],
        lang,
        qualifier=qual(row["qualifier"]),
        value_high=row["per_1000_high"],
        disclose=False,
    )
    return t("profile.per_1000", lang, value=value, basis=_basis(row, lang)), sources


def _rank_line(row: pd.Series, lang: str) -> str | None:
    if not nan(row["rank"]):
        return f"{t('common.rank', lang)}: " + t(
            "common.rank_of", lang, rank=int(row["rank"]), n=int(row["n_ranked"])
        )
    if row["rank_status"] == "too_few_comparable" and not nan(row["n_ranked"]):
        return t("common.no_rank", lang, n=int(row["n_ranked"]))
    return None


def _national_line(row: pd.Series, lang: str) -> tuple[str | None, list[str]]:
    """What the national figure is: a share of the country's total for a population or a
    count; the country's own share for a percentage (never called a total)."""
    if nan(row["national_value"]):
        return None, []
    summed = row["national_basis"] == "sum_of_regions"
    sources = [] if summed else ids(row["national_source_id"])
    total_key = "profile.national_sum" if summed else "profile.national_total"
    if row["kind"] == "count":
        total = i18n.fmt_number(row["national_value"], lang)
        if not is_population(row) and not nan(row["national_population"]):
            ratio = float(row["national_value"]) / float(row["national_population"])
            if row["unit"] == "persons":
                rate = t(
                    "profile.of_residents",
                    lang,
                    value=i18n.fmt_number(100 * ratio, lang, 2) + i18n.unit_suffix("percent", lang),
                )
            else:
                rate = t(
                    "profile.per_1000_short", lang, value=i18n.fmt_number(1000 * ratio, lang, 2)
                )
            total = f"{total} · {rate}"
            sources += ids(row["national_population_source_id"])
        if not nan(row["share_of_national_pct"]):
            share = i18n.fmt_number(row["share_of_national_pct"], lang, 1)
            share += i18n.unit_suffix("percent", lang)
            return t(f"{total_key}_share", lang, share=share, total=total), sources
        return t(total_key, lang, total=total), sources
    if row["unit"] == "percent" or row["kind"] == "share":
        value = i18n.fmt_value(
            row["national_value"], lang, unit="percent", qualifier=qual(row["national_qualifier"])
        )
        return t("profile.national_share", lang, value=value), sources
    return None, []


def _change_line(row: pd.Series, lang: str, decimals: int | None) -> tuple[str | None, list[str]]:
    """A change only against the figure the mart allows (same series, earlier, no overlap)."""
    status = row["change_status"]
    if row["latest_status"] == "overlap" and status != "comparable":
        return None, []  # the overlap line says why no figure is the latest: enough
    if status == "earlier_only_in_other_series":
        return t("profile.not_compared_other_source", lang), []
    if status == "earlier_periods_overlap":
        return t("profile.not_compared_overlap", lang), []
    if status != "comparable" or nan(row["prev_value"]) or not isinstance(row["prev_period"], str):
        return None, []
    sources = ids(row["prev_source_id"])
    prev_period = as_given(row["prev_period"], lang)
    unit = row["unit"]
    prev = i18n.fmt_value(
        row["prev_value"],
        lang,
        unit=unit,
        qualifier=qual(row["prev_qualifier"]),
        value_high=row["prev_value_high"],
        decimals=decimals,
    )
    plain = {qual(row["qualifier"]), qual(row["prev_qualifier"])} <= set(i18n.PLAIN_QUALIFIERS)
    small = unit == "persons" and min(row["value"], row["prev_value"]) < DISCLOSURE_THRESHOLD
    if not plain or small or row["prev_value"] == 0:
        return t("profile.previous", lang, value=prev, period=prev_period), sources
    change = float(row["value"]) - float(row["prev_value"])
    if unit == "percent":
        diff = i18n.fmt_signed(change, lang, decimals=2)
        return t("profile.trend_pp", lang, change=diff, period=prev_period, value=prev), sources
    pct = i18n.fmt_signed(100 * change / float(row["prev_value"]), lang, unit="percent", decimals=1)
    diff = i18n.fmt_signed(change, lang, decimals=decimals)
    return t("profile.trend", lang, change=diff, pct=pct, period=prev_period), sources


def _alongside(row: pd.Series, others: pd.DataFrame, lang: str) -> tuple[list[str], list[str]]:
    """Where no single figure is the latest: the other candidates beside the headline, with
    their periods, and why none is called the latest."""
    if row["latest_status"] != "overlap" or others.empty:
        return [], []
    decimals = i18n.smart_decimals([v for v in others["value"] if not nan(v)])
    shown = [
        f"{fmt_figure(o, lang, decimals)} ({as_given(o['period'], lang, missing=NO_PERIOD)})"
        for _, o in others.iterrows()
    ]
    reason = (
        "profile.no_latest_undated"
        if row["latest_reason"] == "reference_date_not_given"
        else "profile.no_latest_overlap"
    )
    lines = [t("profile.alongside", lang, values="; ".join(shown)), t(reason, lang)]
    return lines, ids(*others["source_id"])


def is_population(row: pd.Series) -> bool:
    """A population itself (role 'population' in indicators.csv): no rate of it is stated."""
    return row.get("role") == "population"


def tile(row: pd.Series, lang: str, others: pd.DataFrame | None = None) -> Tile:
    """The headline figure of one indicator with every statement the data supports."""
    unit = row["unit"]
    decimals = i18n.smart_decimals([row["value"]] if not nan(row["value"]) else [])
    value = fmt_figure(row, lang, decimals)
    lines: list[str] = []
    sources = ids(row["source_id"])
    side, side_sources = _alongside(row, others if others is not None else row.iloc[:0], lang)
    lines += side
    sources += side_sources
    for line, extra in (
        _rate_line(row, lang),
        (_rank_line(row, lang), []),
        _national_line(row, lang),
        _change_line(row, lang, decimals),
    ):
        if line:
            lines.append(line)
            sources += extra
    if row["confidence"] in ("low", "medium"):
        lines.append(t(f"common.confidence_{row['confidence']}", lang))
    keep_unit = unit == "percent"
    number = fmt_figure(row, lang, decimals, unit=False)
    if unit == "persons" and value.startswith("<") and not number.startswith("<"):
        number = value[: len(value) - len(i18n.unit_suffix(unit, lang))]  # '<5' stays '<5'
    return Tile(
        key=row["indicator_id"],
        label=labels.local(row, "name", lang),
        value=value,
        # no date: "reference date not given", never a filled-in year
        period=as_given(row["period"], lang, missing=NO_PERIOD),
        lines=lines,
        source_ids=list(dict.fromkeys(sources)),
        confidence=row["confidence"],
        number=number,
        unit="" if keep_unit or nan(row["value"]) else i18n.unit_suffix(unit, lang).strip(),
        dated=isinstance(row["period"], str) and bool(row["period"]),
        group=row["group_id"] if isinstance(row.get("group_id"), str) else "",
    )


def density_tile(density: pd.DataFrame, lang: str) -> Tile | None:
    """Residents per km², naming what it is computed from: the census population (year and
    release) ÷ the area (its reference date, or that the source gives none)."""
    if density.empty or nan(density.iloc[0]["density"]):
        return None
    d = density.iloc[0]
    number = i18n.fmt_number(float(d["density"]), lang, 1)
    population = t(
        "profile.census_basis",
        lang,
        year=str(d["population_period"] or "")[:4],
        basis=t(f"basis.{d['population_basis'] or 'not_stated'}", lang),
    )
    note = t(
        "profile.density_note",
        lang,
        population=population,
        area_period=as_given(d["area_period"], lang, missing=NO_PERIOD),
    )
    low = d["area_confidence"] if d["area_confidence"] in ("low", "medium") else None
    return Tile(
        key="density",
        label=t("profile.density", lang),
        value=f"{number} {t('profile.per_km2', lang)}",
        period=t("profile.computed", lang),
        lines=[note] + ([t(f"common.confidence_{low}", lang)] if low else []),
        source_ids=list(dict.fromkeys(ids(d["population_source_id"], d["area_source_id"]))),
        confidence=low,
        number=number,
        unit=t("profile.per_km2", lang),
        dated=False,
    )


def tiles(series: pd.DataFrame, density: pd.DataFrame, lang: str) -> list[Tile]:
    """One tile per indicator (its headline figure; the frontier beside it), the density;
    the briefing set first, in its order, then the rest by name."""
    heads = series[series["recency"] == 1]
    out = []
    for _, row in heads.iterrows():
        mine = series[series["indicator_id"] == row["indicator_id"]]
        others = mine[mine["on_frontier"].fillna(False) & ~mine["is_headline"].fillna(False)]
        out.append(tile(row, lang, others))
    dens = density_tile(density, lang)
    if dens:
        out.append(dens)
    held = {x.key for x in out}
    briefing = [
        k for k in BRIEFING if k != POPULATION_INDICATOR or FINAL_POPULATION_INDICATOR not in held
    ]
    order = {k: i for i, k in enumerate(briefing)}
    for x in out:
        x.briefing = x.key in order
    return sorted(
        out, key=lambda x: (order.get(x.key, len(order)), x.group, x.label.casefold(), x.key)
    )
