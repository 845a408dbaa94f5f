"""Questions of the Municipalities page: the municipalities with their census population,
their figures, the integration structures known in them. Marts only (``municipalities``,
``municipal_values``, ``municipal_indicators``, ``municipal_structures``,
``municipal_values_2011_units``: issue 26), parameterised, always ORDER BY. A database built
before those marts existed answers with empty frames (the page then says 'no data')."""

from __future__ import annotations

import pandas as pd

from atlas.queries.core import _SOURCE_COLS, Runner

MARTS = (
    "municipalities",
    "municipal_values",
    "municipal_indicators",
    "municipal_structures",
    "municipal_values_2011_units",
)


def available(run: Runner) -> set[str]:
    """Which of the municipal marts this database has."""
    found = run(
        "select table_name from information_schema.tables where table_name in "
        f"({', '.join('?' for _ in MARTS)}) order by table_name",
        list(MARTS),
    )
    return set(found["table_name"])


def municipalities(run: Runner) -> pd.DataFrame:
    """code, name_el, name_en, region_code, population_2021, population_2011 + source."""
    if "municipalities" not in available(run):
        return pd.DataFrame(
            columns=["code", "name_el", "name_en", "region_code", "population_2021"]
        )
    return run(
        f"""
        select m.code, m.name_el, m.name_en, m.region_code, m.population_2021,
               m.population_2011, m.population_source_id as source_id, {_SOURCE_COLS}
        from municipalities m
        left join sources s on s.source_id = m.population_source_id
        order by m.code""",
        [],
    )


def indicators(run: Runner) -> pd.DataFrame:
    """The indicators with municipal figures: indicator_id, name_el, name_en, unit, kind."""
    if "municipal_indicators" not in available(run):
        return pd.DataFrame(columns=["indicator_id", "name_el", "name_en", "unit", "kind"])
    return run(
        "select indicator_id, name_el, name_en, unit, kind from municipal_indicators "
        "order by indicator_id",
        [],
    )


def values(run: Runner, indicator_id: str) -> pd.DataFrame:
    """Every figure of one indicator: code, period, value, qualifier, source."""
    if "municipal_values" not in available(run):
        return pd.DataFrame(columns=["code", "period", "value", "qualifier", "source_id"])
    return run(
        f"""
        select v.code, v.period, v.value, v.qualifier, v.source_id, {_SOURCE_COLS}
        from municipal_values v
        left join sources s on s.source_id = v.source_id
        where v.indicator_id = ?
        order by v.code, v.period""",
        [indicator_id],
    )


def values_of(run: Runner, codes: list[str]) -> pd.DataFrame:
    """Every figure of some municipalities (a card), with the indicator's names."""
    if not codes or not {"municipal_values", "municipal_indicators"} <= available(run):
        return pd.DataFrame(columns=["code", "indicator_id", "period", "value", "name_el"])
    return run(
        f"""
        select v.code, v.indicator_id, v.period, v.value, v.qualifier, i.name_el, i.name_en,
               i.unit, v.source_id, {_SOURCE_COLS}
        from municipal_values v
        left join municipal_indicators i using (indicator_id)
        left join sources s on s.source_id = v.source_id
        where v.code in ({", ".join("?" for _ in codes)})
        order by v.code, v.indicator_id, v.period""",
        list(codes),
    )


def split_unit_values(run: Runner, indicator_id: str) -> pd.DataFrame:
    """Figures of a 2011 municipality split in 2019 (codes_2021 = its parts, ';'-joined)."""
    if "municipal_values_2011_units" not in available(run):
        return pd.DataFrame(columns=["codes_2021", "period", "value", "source_id"])
    return run(
        f"""
        select u.codes_2021, u.period, u.value, u.source_id, {_SOURCE_COLS}
        from municipal_values_2011_units u
        left join sources s on s.source_id = u.source_id
        where u.indicator_id = ?
        order by u.code_2011""",
        [indicator_id],
    )


def structures(run: Runner) -> pd.DataFrame:
    """Every known structure: code, kind, status, names, known, reference_date, source."""
    if "municipal_structures" not in available(run):
        return pd.DataFrame(
            columns=["code", "kind", "status", "name_el", "name_en", "known", "reference_date"]
        )
    return run(
        f"""
        select m.code, m.kind, m.status, m.name_el, m.name_en, m.known, m.reference_date,
               m.scope, m.source_id, {_SOURCE_COLS}
        from municipal_structures m
        left join sources s on s.source_id = m.source_id
        order by m.code, m.kind, m.status, m.source_id""",
        [],
    )
