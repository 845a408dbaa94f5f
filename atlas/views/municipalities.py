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
from atlas.queries import local as q
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
CENSUS_INDICATOR = POPULATION_INDICATOR
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
    frame = units_frame(lang)
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
def units_frame(lang: str) -> pd.DataFrame:
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


def _population(run: Runner, year: str) -> pd.DataFrame:
    """The census population of ``year`` per 2021 code, with its source."""
    return q.indicator_values(run, CENSUS_INDICATOR, year)


def _per_code(rows: pd.DataFrame) -> pd.Series:
    """code → value (the first source's figure where two sources give one)."""
    if not len(rows):
        return pd.Series(dtype=float)
    return rows.dropna(subset=["value"]).drop_duplicates("code").set_index("code")["value"]


def layer_values(
    run: Runner, layer: str, measure: str = "value"
) -> tuple[pd.Series, str | None, pd.DataFrame]:
    """Figure per drawn unit (NaN = no data), its unit, and the rows it came from (sources).
    A merged unit's figure is the sum of its municipalities' only where all have one; a
    change or a rate is computed from such sums."""
    pop21 = _population(run, "2021")
    p21 = mu.unit_values(_per_code(pop21))
    if layer == POPULATION:
        return p21, "persons", pop21
    if layer == CHANGE:
        pop11 = _population(run, "2011")
        p11 = mu.unit_values(_per_code(pop11))
        return (p21 / p11 - 1) * 100, "percent", pd.concat([pop21, pop11])
    if layer == SHARE_2001:
        return _share_2001(run)
    inds = q.indicators(run).set_index("indicator_id")
    if layer not in inds.index:
        return _nothing(), None, pop21.iloc[0:0]
    rows = q.indicator_values(run, layer, str(inds.at[layer, "latest_period"] or ""))
    values = mu.unit_values(_per_code(rows))
    if measure == "per_1000":
        return values / p21 * 1000, "per_1000", pd.concat([rows, pop21])
    return values, str(inds.at[layer, "unit"]), rows


def _nothing() -> pd.Series:
    return pd.Series(float("nan"), index=mu.units().index)


def _share_2001(run: Runner) -> tuple[pd.Series, str, pd.DataFrame]:
    """The 2001 share per drawn unit: a 2011 municipality is one unit (also those split in
    2019: their figure belongs to the former municipality as a whole)."""
    rows = q.indicator_values(run, SHARE_2001, "2001")
    given = _per_code(rows)
    out = _nothing()
    units = given.index.map(mu.crosswalk().set_index("code")["unit"])
    out.update(pd.Series(given.to_numpy(), index=units).groupby(level=0).first())
    split = q.former_units(run)
    split = split[split["indicator_id"] == SHARE_2001]
    for row in split.itertuples(index=False):
        out[mu.unit_of(str(row.codes_2021).split(";")[0])] = row.value
    return out, "percent", pd.concat([rows.dropna(subset=["value"]), split])


def _structure_rows(run: Runner, kinds: tuple[str, ...]) -> pd.DataFrame:
    found = q.structures(run, kinds=kinds)
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


def map_frame(scope: pd.DataFrame, values: pd.Series, lang: str) -> pd.DataFrame:
    """One row per drawn unit in scope: key (as classify names it), names, codes, value."""
    return pd.DataFrame(
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


def _table(frame: pd.DataFrame, title: str, lang: str) -> Table:
    return table(
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


def _title(run: Runner, layer: str, measure: str, lang: str) -> str:
    title = layer_label(run, layer, lang)
    return f"{title} — {t('measure.per_1000', lang)}" if measure == "per_1000" else title


def municipal_view(
    run: Runner, region: str, layer: str, measure: str, structures: str, lang: str
) -> MunicipalView:
    units = units_frame(lang)
    scope = units[units["region_code"] == region] if region else units
    values, unit_name, sources = layer_values(run, layer, measure)
    title = _title(run, layer, measure, lang)
    where = labels.region_label(region, lang) if region else t("municipal.country", lang)
    frame = map_frame(scope, values, lang)
    kinds = STRUCTURE_KINDS if structures == ALL else ((structures,) if structures else ())
    found = _structure_rows(run, kinds) if kinds else pd.DataFrame()
    if len(found):
        found = found[found["unit"].isin(scope.index)]
    known = _known_by_unit(run, lang)
    no_record = t("municipal.no_record", lang)
    frame["structures"] = [known.get(u, no_record) for u in frame["unit"]]
    source = _sources_caption(sources, lang)
    credit = mu.ATTRIBUTION[i18n.norm_lang(lang)]
    spec = classify.choropleth_spec(
        frame,
        lang=lang,
        title=title,
        unit=None if unit_name in ("persons", "per_1000") else unit_name,
        diverging=layer == CHANGE,
        place_label=t("municipal.municipality", lang),
        caption=source,
    )
    n_data = int(frame["value"].notna().sum())
    map_spec = MapSpec(
        spec,
        caption=" · ".join(p for p in (source, credit, _structures_caption(found, lang)) if p),
        points=_points(found, lang),
        description=t("municipal.map_description", lang, where=where, n=n_data, total=len(frame)),
        units=tuple(scope.index) if region else (),
        bounds=region_bounds(region),
    )
    tbl = _table(frame, title, lang)
    stem = f"municipalities_{region or 'EL'}_{layer}"
    exports = [
        csv_export(
            tbl,
            f"{stem}.csv",
            t("common.download_csv", lang),
            footer=[title, where, source, credit],
        ),
        png_export(
            partial(_png, spec, tuple(scope.index), source, credit, where),
            f"{stem}.png",
            t("profile.download_map", lang),
        ),
    ]
    return MunicipalView(
        title=f"{title} — {where}",
        frame=frame,
        map=map_spec,
        table=tbl,
        exports=exports,
        note=_note(layer, frame, lang),
        empty=len(sources) == 0 and layer == POPULATION,
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
    units = units_frame(lang)
    if unit not in units.index:
        return None
    codes = list(units.at[unit, "codes"])
    p2021, p2011 = _per_code(_population(run, "2021")), _per_code(_population(run, "2011"))
    found = _structure_rows(run, STRUCTURE_KINDS)
    found = found[found["unit"] == unit] if len(found) else found
    lines = []
    from geo.municipalities import municipality_name

    for code in codes:
        head = f"**{municipality_name(code, 'el')} / {municipality_name(code, 'en')}** ({code})"
        lines.append(head)
        lines.append(
            t(
                "municipal.card.population",
                lang,
                p2021=i18n.fmt_number(p2021.get(code), lang),
                p2011=i18n.fmt_number(p2011.get(code), lang),
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
    figures = pd.concat([q.values(run, code) for code in codes], ignore_index=True)
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
