"""Turn the per-region values of one indicator into what a view shows: the chosen measure,
ranks, a text summary. Pure pandas; no Streamlit."""

from __future__ import annotations

import pandas as pd

from atlas import i18n, labels
from atlas.i18n import t

MEASURES = ("value", "pct_population", "per_1000", "share")
MIN_RANKED = 3  # a rank needs at least this many comparable plain figures ("1 of 1" is none)


def measures_for(kind: str, *, role: object = None, unit: object = None) -> tuple[str, ...]:
    """What can be shown of an indicator: a share or a change is absolute only; a count also
    per 1,000 residents and as a share of the national total; a count of persons also as
    % of residents. A population itself (``role`` 'population' in indicators.csv: the
    denominators; "per 1,000 residents" would be 1,000) only as a share of the national
    total."""
    if kind != "count":
        return ("value",)
    if role == "population":
        return ("value", "share")
    if unit == "persons":
        return MEASURES
    return tuple(m for m in MEASURES if m != "pct_population")


def measure_unit(measure: str, unit: str | None) -> str | None:
    return {"per_1000": "per_1000", "share": "pct_national", "pct_population": "percent"}.get(
        measure, unit
    )


def measure_label(measure: str, lang: str) -> str:
    return t(f"measure.{measure}", lang)


def measure_frame(values: pd.DataFrame, measure: str, lang: str) -> pd.DataFrame:
    """One row per region: code, name (in ``lang``), value of the measure with its qualifier,
    rank (1 = highest) among the plain values of the same series (``series_key``: figures of
    different definitions are never ranked together) and only when at least 3 regions have
    one, with ``n_ranked``, and the source columns."""
    src = {
        "value": ("value", "value_high"),
        "pct_population": ("pct_of_population", "pct_of_population_high"),
        "per_1000": ("per_1000", "per_1000_high"),
        "share": ("share_of_national_pct", None),
    }[measure]
    out = pd.DataFrame(
        {
            "region_code": values["region_code"],
            "name": labels.local(values, "name", lang),
            "value": values[src[0]].astype("float64"),
            "qualifier": values["qualifier"],
            "value_high": values[src[1]].astype("float64") if src[1] else float("nan"),
        }
    )
    out["qualifier"] = out["qualifier"].where(out["value"].notna(), None)  # no data: no qualifier
    _suppress_small_counts(out, values, measure)
    _rank(out, values)
    for col in (
        "series_key",
        "population_basis",
        "unit",
        "population",
        "census_year",
        "national_value",
        "national_basis",
        "confidence",
        "note",
        "source_id",
        "source_publisher",
        "source_publisher_el",
        "source_title",
        "source_url",
        "source_reference_date",
        "source_licence",
    ):
        if col in values:
            out[col] = values[col].values
    return out.reset_index(drop=True)


def _rank(out: pd.DataFrame, values: pd.DataFrame) -> None:
    """Rank within each series; no rank where fewer than ``MIN_RANKED`` figures compare."""
    plain = out["value"].notna() & out["qualifier"].isin(i18n.PLAIN_QUALIFIERS)
    series = (
        values["series_key"].fillna("").astype(str).values
        if "series_key" in values
        else pd.Series("", index=out.index)
    )
    group = pd.Series(series, index=out.index).where(plain)
    sizes = group.map(group.value_counts()).fillna(0).astype(int)
    ranks = out["value"].where(plain).groupby(group).rank(method="min", ascending=False)
    out["rank"] = ranks.reindex(out.index).where(sizes >= MIN_RANKED).astype("Int64")
    out["n_ranked"] = sizes.where(plain, 0).astype(int)


def _suppress_small_counts(out: pd.DataFrame, values: pd.DataFrame, measure: str) -> None:
    """Disclosure control before anything is built from the frame: a person count below the
    threshold becomes the bound '<threshold' (and its rate or share the matching bound), so
    the map, legend, chart, table, summary and CSV agree and never carry the raw count."""
    if "unit" not in values:
        return
    small = pd.Series(
        [
            i18n.is_suppressed(v, u, q)
            for v, u, q in zip(values["value"], values["unit"], values["qualifier"])
        ],
        index=out.index,
    )
    if not small.any():
        return
    threshold = float(i18n.DISCLOSURE_THRESHOLD)
    if measure == "value":
        bound = pd.Series(threshold, index=out.index)
    elif measure == "per_1000":
        bound = threshold / values["population"].astype("float64") * 1000
    elif measure == "pct_population":
        bound = threshold / values["population"].astype("float64") * 100
    else:
        bound = threshold / values["national_value"].astype("float64") * 100
    out.loc[small, "value"] = bound[small].values
    out.loc[small, "qualifier"] = "<"
    out.loc[small, "value_high"] = float("nan")


def summary_text(
    frame: pd.DataFrame,
    *,
    lang: str,
    indicator_name: str,
    period_label: str,
    unit: str | None,
    national_text: str | None,
    signed: bool = False,
) -> str:
    """A short, accessible description of the map: highest, lowest, national value, coverage.
    ``signed``: the values are changes ('+11,0 %', '−27,0 %')."""
    have = frame[frame["value"].notna()]
    is_plain = have["qualifier"].isin(i18n.PLAIN_QUALIFIERS)
    plain = have[is_plain].sort_values("value", ascending=False)
    decimals = i18n.smart_decimals(have["value"].tolist())
    if signed:
        decimals = max(1, decimals)

    def show(value: float) -> str:
        if signed:
            return i18n.fmt_signed(value, lang, unit=unit, decimals=decimals)
        return i18n.fmt_value(value, lang, unit=unit, decimals=decimals)

    parts = [
        t(
            "summary.coverage",
            lang,
            indicator=indicator_name,
            period=period_label,
            n=len(have),
            total=len(frame),
        )
    ]
    if len(plain) >= 2:
        hi, lo = plain.iloc[0], plain.iloc[-1]
        parts.append(
            t(
                "summary.highest_lowest",
                lang,
                high_name=hi["name"],
                high=show(hi["value"]),
                low_name=lo["name"],
                low=show(lo["value"]),
            )
        )
    elif len(plain) == 1:
        one = plain.iloc[0]
        parts.append(
            t(
                "summary.only_one",
                lang,
                name=one["name"],
                value=show(one["value"]),
            )
        )
    bounded = have[~is_plain]
    if len(bounded):
        first = bounded.iloc[0]
        parts.append(
            t(
                "summary.bounded",
                lang,
                n=len(bounded),
                bound=i18n.bound_label(
                    first["qualifier"],
                    first["value"],
                    first["value_high"],
                    lang,
                    unit=unit,
                    decimals=decimals,
                ),
            )
        )
    if national_text:
        parts.append(t("summary.national", lang, value=national_text))
    missing = frame[frame["value"].isna()]["name"].tolist()
    if missing:
        parts.append(t("summary.missing", lang, names=", ".join(missing)))
    return " ".join(parts)
