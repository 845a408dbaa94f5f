"""One function per question the pages ask (marts only, parameterised, ordered).

Core questions live in ``core``; each area of the app adds a module (``reception``,
``programmes``, ``profile`` …). Pages use ``from atlas import queries`` and call e.g.
``queries.map_indicators(run)`` or ``queries.reception.sites(run)``."""

from atlas.queries.core import (  # noqa: F401 - re-exported for pages
    Runner,
    build_info,
    coverage_matrix,
    indicator,
    indicator_map_values,
    indicator_periods,
    map_indicators,
    national_key_figures,
    national_value,
    regions,
    sources_with_coverage,
)
