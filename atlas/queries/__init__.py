"""One function per question the pages ask (marts only, parameterised, ordered).

Core questions live in ``core``; each area of the app adds a module (``reception``,
``programmes``, ``profile`` …). Pages use ``from atlas import queries`` and call e.g.
``queries.map_indicators(run)`` or ``queries.reception.sites(run)``."""

from atlas.queries.core import (  # noqa: F401 - re-exported for pages
    Runner,
    build_info,
    coverage_matrix,
    indicator,
    indicator_group,
    indicator_map_values,
    indicator_periods,
    map_indicators,
    metrics,
    national_key_figures,
    national_value,
    not_public_indicators,
    reference_date,
    regions,
    sources_with_coverage,
)
