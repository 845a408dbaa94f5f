"""The region profile built for one region and language: figures, items, numbered sources,
caveats and exports."""

from __future__ import annotations

from datetime import date

import pandas as pd

from atlas import i18n, labels, queries
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import profile as q
from atlas.views.common import as_given
from atlas.views.figures import tiles
from atlas.views.profile.exports import _exports, _local_table, _table
from atlas.views.profile.items import (
    event_items,
    governor_item,
    programme_items,
    reception_items,
)
from atlas.views.profile.model import Item, ProfileView, region_spec
from atlas.views.profile.municipal import cite_table, municipal_section


def _number_sources(groups: list[list[str]]) -> dict[str, int]:
    order: dict[str, int] = {}
    for group in groups:
        for s in group:
            order.setdefault(s, len(order) + 1)
    return order


def _source_text(row: pd.Series, lang: str) -> str:
    ref = as_given(row["reference_date"], lang) or t("profile.ref_not_stated", lang)
    note = f"{t('common.reference_date', lang).lower()} {ref}"
    return labels.citation(labels.greek_or(row, "publisher", lang), row["title"], note)


def activity_items(run: Runner, code: str, lang: str) -> list[Item]:
    """What partners reported in the region (atlas.views.activities)."""
    from atlas.views import activities

    return [Item(title, detail) for title, detail in activities.region_lines(run, code, lang)]


def profile_view(run: Runner, code: str, lang: str, on: date | None = None) -> ProfileView:
    """The profile of region ``code`` in ``lang``. ``on``: the date office holders are read
    on (default: the data's reference date, ``queries.reference_date``)."""
    reg = q.region(run, code)
    if reg.empty:
        raise ValueError(f"unknown region {code!r}")
    r = reg.iloc[0]
    as_of_date = queries.reference_date(run)
    on = on or as_of_date
    series = q.region_indicator_series(run, code)
    tile_list = tiles(series, q.region_density(run, code), lang)
    progs = programme_items(run, code, lang)
    events = event_items(run, code, lang)
    gov = governor_item(run, code, lang, on)
    reception = reception_items(run, code, lang)
    groups = [x.source_ids for x in tile_list if x.briefing] + [gov.source_ids if gov else []]
    groups += [x.source_ids for x in progs] + [x.source_ids for x in events]
    groups += [x.source_ids for x in tile_list if not x.briefing]
    groups += [x.source_ids for x in reception]
    municipal = municipal_section(run, code, lang)
    groups += [municipal.source_ids]
    numbers = _number_sources(groups)
    src = q.sources_by_id(run, numbers).set_index("source_id")
    numbers = {s: n for s, n in numbers.items() if s in src.index}  # drop unknown ids
    numbers = {s: i + 1 for i, s in enumerate(numbers)}
    lines = [f"[{n}] {_source_text(src.loc[s], lang)}" for s, n in numbers.items()]
    urls = {s: src.loc[s, "url"] for s in numbers if isinstance(src.loc[s, "url"], str)}
    built = as_of_date.isoformat() if as_of_date else ""
    as_of = i18n.fmt_date(as_of_date, lang) if as_of_date else ""
    caveats = [t("profile.caveat_sources", lang), t("profile.caveat_no_estimates", lang)]
    if any(x.confidence in ("low", "medium") for x in tile_list):
        caveats.append(t("profile.caveat_confidence", lang))
    name = labels.local(r, "name", lang)
    locator = region_spec(code, name, lang)
    table = _table(series, code, name, lang)
    local = _local_table(q.region_municipal_items(run, code), code, lang)
    cite_table(municipal, numbers)
    exports = _exports(
        code=code,
        lang=lang,
        name=name,
        data_as_of=as_of,
        table=table,
        local=local,
        municipal=municipal.table,
        locator=locator,
        source_lines=lines,
    )
    return ProfileView(
        code=code,
        iso=r["iso_code"],
        name_el=r["name_el"],
        name_en=r["name_en"],
        lang=lang,
        data_as_of=as_of,
        data_as_of_iso=built,
        tiles=tile_list,
        programmes=progs,
        events=events,
        governor=gov,
        reception=reception,
        sources=numbers,
        source_lines=lines,
        source_urls=urls,
        caveats=caveats,
        locator=locator,
        table=table,
        exports=exports,
        local=local,
        municipal=municipal,
        activities=activity_items(run, code, lang),
    )
