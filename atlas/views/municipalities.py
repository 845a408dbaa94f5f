"""The Municipalities page's view: the drawn municipal units of the country or of one region
as a choropleth (population 2021, change 2011–2021, the municipal indicators, the 2001 share
as a historical layer), the integration structures as point layers, a table, its CSV and the
map's PNG; and the card of one unit.

Units (``geo.municipal_units``): the 325 Kallikratis municipalities + Mount Athos; the 7
municipalities of the 2019 splits are drawn as the 5 units they came from, labelled with the
names they hold, and a unit's figure is a sum only where every municipality in it has one.
Structures: "known to have … (source, date)" or "no record in the atlas", never "has none".
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from functools import partial

import pandas as pd

from atlas import classify, i18n, labels
from atlas.config import POPULATION_INDICATOR
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import municipal_map as q
from atlas.views.shapes import (
    Choice,
    Column,
    Export,
    MapSpec,
    Table,
    csv_export,
    png_export,
    table,
)
from geo import municipal_units as mu

POPULATION = "population_2021"
CHANGE = "change_2011_2021"
SHARE_2001 = "census2001_non_greek_share"
BASE_LAYERS = (POPULATION, CHANGE, SHARE_2001)
# indicators of municipal_values drawn by the base layers (not offered again)
CENSUS_INDICATOR = POPULATION_INDICATOR  # the census population, 2011 and 2021
STRUCTURE_KINDS = ("kem", "cities_network", "semp", "reception_site", "helios")
STRUCTURE_COLORS = {
    "kem": "#542788",
    "cities_network": "#1b7837",
    "semp": "#b35806",
    "reception_site": "#b2182b",
    "helios": "#2166ac",
}
ALL = "all"
MEASURES = ("value", "per_1000")
MUNICIPALITY_KEY = "municipality"  # the widget key and URL parameter of the card's unit


@dataclass
class Card:
    """One drawn unit: a title, the lines of what is known, and its figures as a table."""

    unit: str
    title: str
    lines: list[str]
    figures: Table


@dataclass
class MunicipalView:
    title: str
    frame: pd.DataFrame  # one row per drawn unit in scope
    map: MapSpec
    table: Table
    exports: list[Export]
    note: str  # what the layer is (historical, provisional, merged units)
    empty: bool  # no municipal data in this database


# --- choices --------------------------------------------------------------------------------


def layer_options(run: Runner) -> tuple[str, ...]:
    """The base layers, then every other municipal indicator (loaded files)."""
    inds = q.indicators(run)
    others = [i for i in inds["indicator_id"] if i not in (CENSUS_INDICATOR, SHARE_2001)]
    return (*BASE_LAYERS, *others)


def layer_label(run: Runner, layer: str, lang: str) -> str:
    if layer in BASE_LAYERS:
        return t(f"municipal.layer.{layer}", lang)
    inds = q.indicators(run).set_index("indicator_id")
    if layer in inds.index:
        return str(labels.local(inds.loc[layer], "name", lang))
    return layer


def layer_choice(run: Runner, lang: str) -> Choice:
    return Choice(
        "mlayer",
        t("municipal.layer_label", lang),
        layer_options(run),
        partial(layer_label, run, lang=lang),
        default=POPULATION,
    )


def measure_choice(run: Runner, layer: str, lang: str) -> Choice:
    """Per 1,000 residents (2021) only for counts of people from a loaded file."""
    inds = q.indicators(run).set_index("indicator_id")
    counts = layer in inds.index and inds.at[layer, "kind"] == "count"
    options = MEASURES if counts else MEASURES[:1]
    return Choice(
        "mmeasure", t("explorer.measure", lang), options, partial(_measure_label, lang=lang)
    )


def _measure_label(measure: str, lang: str) -> str:
    return t(f"measure.{measure}", lang)


def structures_choice(lang: str) -> Choice:
    return Choice(
        "mstructures",
        t("municipal.structures", lang),
        ("", ALL, *STRUCTURE_KINDS),
        partial(_structure_label, lang=lang),
        default="",
    )


def _structure_label(kind: str, lang: str) -> str:
    return t(f"municipal.kind.{kind or 'none'}", lang)


def unit_choice(region: str, lang: str) -> Choice:
    """The card's unit ('' = none), in the region chosen (else the country), by name."""
    frame = _units_frame(lang)
    if region:
        frame = frame[frame["region_code"] == region]
    frame = frame.sort_values("name", key=lambda s: s.map(mu.plain))
    names = dict(zip(frame.index, frame["name"]))
    return Choice(
        MUNICIPALITY_KEY,
        t("municipal.card_choice", lang),
        ("", *frame.index),
        partial(_unit_label, names=names, lang=lang),
        default="",
    )


def region_option(code: str, lang: str) -> str:
    """The region widget's labels on this page: '' reads 'Whole country'."""
    return (
        labels.region_label(code, lang, with_code=True)
        if code
        else t("municipal.whole_country", lang)
    )


def _unit_label(unit: str, names: dict, lang: str) -> str:
    return names.get(unit, unit) if unit else t("municipal.no_card", lang)


# --- units ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def _units_frame(lang: str) -> pd.DataFrame:
    """Drawn units: region_code, codes, merged, name (the names it holds in ``lang``)."""
    from geo.municipalities import municipalities

    units = mu.units()
    names = municipalities().set_index("code")["name_el" if lang == "el" else "name_en"]
    return units.assign(name=mu.unit_labels(names))


@functools.lru_cache(maxsize=1)
def unit_points() -> pd.DataFrame:
    """A point inside each drawn unit (lat, lon): where its structures are marked."""
    shapes = mu.read_units_display()
    points = shapes.geometry.representative_point()
    return pd.DataFrame({"lat": points.y, "lon": points.x}, index=shapes.index)


@functools.lru_cache(maxsize=16)
def region_bounds(region: str) -> tuple | None:
    """[[south, west], [north, east]] of a region's units (None: the whole country)."""
    if not region:
        return None
    shapes = mu.read_units_display()
    inside = shapes[shapes.index.isin(mu.units().query("region_code == @region").index)]
    west, south, east, north = inside.total_bounds
    return ((round(south, 3), round(west, 3)), (round(north, 3), round(east, 3)))


# --- figures --------------------------------------------------------------------------------


def _population(run: Runner) -> pd.DataFrame:
    return q.municipalities(run)


def layer_values(
    run: Runner, layer: str, measure: str = "value"
) -> tuple[pd.Series, str, pd.DataFrame]:
    """Figure per drawn unit (NaN = no data), its unit, and the rows it came from (sources).
    A merged unit's figure is the sum of its municipalities' only where all have one; a
    change or a rate is computed from such sums."""
    pop = _population(run)
    by_code = pop.set_index("code") if len(pop) else pd.DataFrame()
    if layer in (POPULATION, CHANGE):
        p21 = mu.unit_values(by_code.get("population_2021", pd.Series(dtype=float)))
        if layer == POPULATION:
            return p21, "persons", pop
        p11 = mu.unit_values(by_code.get("population_2011", pd.Series(dtype=float)))
        return (p21 / p11 - 1) * 100, "percent", pop
    if layer == SHARE_2001:
        return _share_2001(run)
    rows = q.values(run, layer)
    latest = rows.sort_values("period").groupby("code").tail(1) if len(rows) else rows
    values = mu.unit_values(latest.set_index("code")["value"]) if len(latest) else _nothing()
    unit_name = _indicator_unit(run, layer)
    if measure == "per_1000":
        p21 = mu.unit_values(by_code.get("population_2021", pd.Series(dtype=float)))
        return values / p21 * 1000, "per_1000", pd.concat([latest, pop])
    return values, unit_name, latest


def _nothing() -> pd.Series:
    return pd.Series(float("nan"), index=mu.units().index)


def _indicator_unit(run: Runner, layer: str) -> str | None:
    inds = q.indicators(run).set_index("indicator_id")
    return str(inds.at[layer, "unit"]) if layer in inds.index else None


def _share_2001(run: Runner) -> tuple[pd.Series, str, pd.DataFrame]:
    """The 2001 share per drawn unit: a 2011 municipality is one unit (also those split in
    2019: their figure belongs to the former municipality as a whole)."""
    rows = q.values(run, SHARE_2001)
    out = _nothing()
    if len(rows):
        units = rows["code"].map(mu.crosswalk().set_index("code")["unit"])
        out.update(
            pd.Series(rows["value"].to_numpy(), index=units.to_numpy()).groupby(level=0).first()
        )
    split = q.split_unit_values(run, SHARE_2001)
    for row in split.itertuples(index=False):
        out[mu.unit_of(str(row.codes_2021).split(";")[0])] = row.value
    return out, "percent", pd.concat([rows, split])


def _structure_rows(run: Runner, kinds: tuple[str, ...]) -> pd.DataFrame:
    found = q.structures(run)
    if not len(found):
        return found
    found = found[found["kind"].isin(kinds)]
    return found.assign(unit=found["code"].map(mu.crosswalk().set_index("code")["unit"]))


def _known_text(row, lang: str) -> str:
    """'ΚΕΜ (known · source, date)'."""
    name = labels.local(row, "name", lang)
    when = (
        i18n.fmt_partial(row.reference_date, lang) if labels._has_text(row.reference_date) else ""
    )
    source = labels.citation(row.source_publisher, row.source_title, when)
    status = t(f"municipal.status.{row.status}", lang)
    if getattr(row, "scope", "") == "former_municipality":
        status += " · " + t("municipal.scope.former", lang)
    return f"{name} — {status}" + (f" ({source})" if source else "")


# --- the view -------------------------------------------------------------------------------


def municipal_view(
    run: Runner, region: str, layer: str, measure: str, structures: str, lang: str
) -> MunicipalView:
    units = _units_frame(lang)
    scope = units[units["region_code"] == region] if region else units
    values, unit_name, sources = layer_values(run, layer, measure)
    title = layer_label(run, layer, lang)
    if measure == "per_1000":
        title = f"{title} — {t('measure.per_1000', lang)}"
    where = labels.region_label(region, lang) if region else t("municipal.country", lang)
    frame = pd.DataFrame(
        {
            "region_code": scope.index,  # the shape's key (classify's name for it)
            "unit": scope.index,
            "name": scope["name"].to_numpy(),
            "region": [labels.region_label(c, lang) for c in scope["region_code"]],
            "codes": [", ".join(c) for c in scope["codes"]],
            "merged": scope["merged"].to_numpy(),
            "value": values.reindex(scope.index).to_numpy(),
            "qualifier": "=",
            "value_high": float("nan"),
        }
    )
    kinds = STRUCTURE_KINDS if structures == ALL else ((structures,) if structures else ())
    found = _structure_rows(run, kinds) if kinds else pd.DataFrame()
    if len(found):
        found = found[found["unit"].isin(scope.index)]
    known = _known_by_unit(run, lang)
    no_record = t("municipal.no_record", lang)
    frame["structures"] = [known.get(u, no_record) for u in frame["unit"]]
    source = _sources_caption(sources, lang)
    spec = classify.choropleth_spec(
        frame,
        lang=lang,
        title=title,
        unit=None if unit_name in ("persons", "per_1000") else unit_name,
        diverging=layer == CHANGE,
        place_label=t("municipal.municipality", lang),
        caption=source,
    )
    points = _points(found, lang)
    caption = " · ".join(
        p
        for p in (source, mu.ATTRIBUTION[i18n.norm_lang(lang)], _structures_caption(found, lang))
        if p
    )
    n_data = int(frame["value"].notna().sum())
    description = t("municipal.map_description", lang, where=where, n=n_data, total=len(frame))
    map_spec = MapSpec(
        spec,
        caption=caption,
        points=points,
        description=description,
        units=tuple(scope.index) if region else (),
        bounds=region_bounds(region),
    )
    tbl = table(
        frame.sort_values("name", key=lambda s: s.map(mu.plain)),
        [
            Column("name", t("municipal.municipality", lang), "municipality"),
            Column("codes", t("municipal.codes", lang), "elstat_2021_codes"),
            Column("region", t("common.region", lang), "region"),
            Column("value", title, "value", kind="number"),
            Column("structures", t("municipal.structures_known", lang), "structures_known"),
        ],
        lang,
    )
    file_stem = f"municipalities_{region or 'EL'}_{layer}"
    footer = [f"{title} — {where}", source, mu.ATTRIBUTION[i18n.norm_lang(lang)]]
    exports = [
        csv_export(tbl, f"{file_stem}.csv", t("common.download_csv", lang), footer=footer),
        png_export(
            partial(
                _png,
                spec,
                tuple(scope.index),
                source,
                mu.ATTRIBUTION[i18n.norm_lang(lang)],
                where,
            ),
            f"{file_stem}.png",
            t("profile.download_map", lang),
        ),
    ]
    note = _note(layer, frame, lang)
    return MunicipalView(
        title=f"{title} — {where}",
        frame=frame,
        map=map_spec,
        table=tbl,
        exports=exports,
        note=note,
        empty=len(_population(run)) == 0,
    )


def _note(layer: str, frame: pd.DataFrame, lang: str) -> str:
    parts = []
    if layer == SHARE_2001:
        parts.append(t("municipal.note.historical", lang))
    if layer in (POPULATION, CHANGE):
        parts.append(t("municipal.note.provisional", lang))
    if frame["merged"].any():
        parts.append(t("municipal.note.merged", lang))
    return " ".join(parts)


def _known_by_unit(run: Runner, lang: str) -> dict[str, str]:
    """Unit → 'ΚΕΜ; Cities Network …' (the kinds known there, in the reader's language)."""
    found = _structure_rows(run, STRUCTURE_KINDS)
    if not len(found):
        return {}
    names = found.assign(kind_name=found["kind"].map(partial(_structure_label, lang=lang)))
    return names.groupby("unit")["kind_name"].agg(lambda s: "; ".join(dict.fromkeys(s))).to_dict()


def _points(found: pd.DataFrame, lang: str) -> list[dict]:
    if not len(found):
        return []
    where = unit_points()
    out = []
    for (unit, kind), rows in found.groupby(["unit", "kind"], sort=True):
        if unit not in where.index:
            continue
        tooltip = [(_structure_label(kind, lang), _known_text(r, lang)) for r in rows.itertuples()]
        out.append(
            {
                "lat": float(where.at[unit, "lat"]),
                "lon": float(where.at[unit, "lon"]),
                "tooltip": tooltip[:6],
                "color": STRUCTURE_COLORS[kind],
                "confirmed": (rows["status"] == "known").any(),
            }
        )
    return out


def _sources_caption(rows: pd.DataFrame, lang: str) -> str:
    if not len(rows) or "source_id" not in rows:
        return t("common.no_data", lang)
    return labels.source_line(rows, lang)


def _structures_caption(found: pd.DataFrame, lang: str) -> str:
    if not len(found):
        return ""
    return labels.source_line(found, lang)


def _png(spec, units: tuple[str, ...], source: str, credit: str, where: str) -> bytes:
    from atlas import static_map

    return static_map.render_units_map(spec, units, source=source, credit=credit, where=where)


# --- the card -------------------------------------------------------------------------------


def card_view(run: Runner, unit: str, lang: str) -> Card | None:
    """What the atlas knows about one drawn unit, municipality by municipality: names in
    both languages, population 2021 and 2011, the structures known (source, date) or 'no
    record in the atlas', reception sites, every loaded figure."""
    units = _units_frame(lang)
    if unit not in units.index:
        return None
    codes = list(units.at[unit, "codes"])
    pop = _population(run)
    pop = pop.set_index("code") if len(pop) else pd.DataFrame()
    found = _structure_rows(run, STRUCTURE_KINDS)
    found = found[found["unit"] == unit] if len(found) else found
    lines = []
    from geo.municipalities import municipality_name

    for code in codes:
        head = f"**{municipality_name(code, 'el')} / {municipality_name(code, 'en')}** ({code})"
        lines.append(head)
        p21 = pop.at[code, "population_2021"] if code in pop.index else None
        p11 = pop.at[code, "population_2011"] if code in pop.index else None
        lines.append(
            t(
                "municipal.card.population",
                lang,
                p2021=i18n.fmt_number(p21, lang),
                p2011=i18n.fmt_number(p11, lang),
            )
        )
        here = found[found["code"] == code] if len(found) else found
        for kind in STRUCTURE_KINDS:
            rows = here[here["kind"] == kind] if len(here) else here
            label = _structure_label(kind, lang)
            if len(rows):
                for r in rows.itertuples():
                    lines.append(
                        f"- {label}: {t('municipal.known_to_have', lang)} {_known_text(r, lang)}"
                    )
            else:
                lines.append(f"- {label}: {t('municipal.no_record', lang)}")
    if units.at[unit, "merged"]:
        lines.append(t("municipal.note.merged", lang))
    figures = q.values_of(run, codes)
    fig_frame = figures.assign(
        name=labels.local(figures, "name", lang) if len(figures) else [],
        shown=[
            i18n.fmt_value(v, lang, qualifier=qq or "=")
            for v, qq in zip(figures.get("value", []), figures.get("qualifier", []))
        ],
        source=[
            labels.citation(p, ti)
            for p, ti in zip(figures.get("source_publisher", []), figures.get("source_title", []))
        ],
    )
    figs = table(
        fig_frame,
        [
            Column("code", t("municipal.codes", lang), "elstat_2021_code"),
            Column("name", t("municipal.indicator", lang), "indicator"),
            Column("period", t("common.period", lang), "period"),
            Column("shown", t("common.value", lang)),
            Column("value", None, "value"),
            Column("source", t("common.source", lang), "source"),
        ],
        lang,
    )
    title = html.unescape(str(units.at[unit, "name"]))
    return Card(unit=unit, title=title, lines=lines, figures=figs)
