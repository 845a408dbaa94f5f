"""View models of the reception page: site snapshots by region with proportional circles,
the Ministry's regional shares (bounds kept), the island series, the municipal integration
network, and Eurostat figures loaded by the Directorate. No Streamlit here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from atlas import classify, i18n, queries
from atlas.classify import ChoroplethSpec
from atlas.export import safe_csv
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import reception as rq
from atlas.views.core import ExplorerView, explorer_view, source_line

LAYERS = ("sites", "share", "islands", "municipal", "foreign")
SITE_MEASURES = ("occupancy", "capacity", "occupancy_per_1000")
SHARE_INDICATOR = "reception_residents_share"
EUROSTAT_DATASET = "cens_21ctz_r3"
_PAREN = re.compile(r"\(([^)]*)\)")


# --- placing sites and municipalities on the map ------------------------------------------------


@dataclass(frozen=True)
class Placement:
    lat: float | None
    lon: float | None
    level: str  # 'locality' | 'municipality' | 'regional_unit' | 'none'
    place: str  # the gazetteer name the point stands for
    approximate: bool
    municipality: str = ""  # a known municipality that has no coordinate of its own


NOWHERE = Placement(None, None, "none", "", True)


def _lookup(name: str, kinds: tuple[str, ...], region: str) -> dict | None:
    from geo.places import find_place

    if not name or not name.strip():
        return None
    for kind in kinds:
        found = find_place(name.strip(), kind=kind)
        if found and found["region_code"] == region:
            return found
    return None


def place_site(
    name: str, municipality: str | None, regional_unit: str | None, region: str
) -> Placement:
    """Where to draw a site, from the most specific sourced point (geo/places.csv, GeoNames):
    its locality (named in the site's name), else its municipality's seat, else its
    regional unit's seat. Never a guessed point: a municipality that is an island without a
    coordinate (Leros, Tilos) is not moved to another island's town."""
    words = (name or "").split()
    candidates = _PAREN.findall(name or "") + [
        " ".join(words[:n]) for n in range(len(words), 0, -1)
    ]
    for cand in candidates:
        found = _lookup(cand, ("site_locality", "city"), region)
        if found and found["lat"] is not None:
            return Placement(
                found["lat"], found["lon"], "locality", found["name_en"], bool(found["approximate"])
            )
    muni = municipality if isinstance(municipality, str) else ""
    found = _lookup(muni, ("municipality", "city", "island"), region)
    if found and found["lat"] is not None:
        return Placement(found["lat"], found["lon"], "municipality", found["name_en"], True)
    if muni and _lookup(muni, ("island",), region):
        return NOWHERE
    ru = regional_unit if isinstance(regional_unit, str) else ""
    found = _lookup(ru, ("regional_unit", "island"), region)
    if found and found["lat"] is not None:
        return Placement(found["lat"], found["lon"], "regional_unit", found["name_en"], True, muni)
    return NOWHERE


def placement_note(p: Placement, lang: str) -> str:
    if p.level == "regional_unit" and p.municipality:
        return t(
            "reception.place_regional_unit_muni", lang, place=p.place, municipality=p.municipality
        )
    return t(f"reception.place_{p.level}", lang, place=p.place)


def with_placement(
    frame: pd.DataFrame,
    name_col: str = "name_en",
    muni_col: str = "municipality",
    ru_col: str = "regional_unit",
) -> pd.DataFrame:
    places = [
        place_site(
            getattr(r, name_col),
            getattr(r, muni_col, None),
            getattr(r, ru_col, None),
            r.region_code,
        )
        for r in frame.itertuples(index=False)
    ]
    out = frame.copy()
    out["lat"] = [p.lat for p in places]
    out["lon"] = [p.lon for p in places]
    out["place_level"] = [p.level for p in places]
    out["place_name"] = [p.place for p in places]
    out["place_approximate"] = [p.approximate for p in places]
    out["place_municipality"] = [p.municipality for p in places]
    return out


# --- sites by region ------------------------------------------------------------------------------


@dataclass
class SitesView:
    title: str
    spec: ChoroplethSpec
    points: list[dict]
    table: pd.DataFrame
    csv: bytes
    csv_name: str
    source_line: str
    summary: str
    n_unplaced: int
    size_legend: list[tuple[float, str]] = field(default_factory=list)


def default_date(dates: pd.DataFrame) -> str:
    """The latest date at which at least two regions have both capacity and occupancy, else
    the latest date."""
    good = dates[(dates["n_regions_capacity"] >= 2) & (dates["n_regions_occupancy"] >= 2)]
    return (good if len(good) else dates)["date_text"].iloc[0]


def date_label(date_text: str, n_sites: int, lang: str) -> str:
    return f"{i18n.fmt_partial(date_text, lang)} · {t('reception.n_sites', lang, n=int(n_sites))}"


def _name(frame: pd.DataFrame, lang: str) -> pd.Series:
    return frame["name_el" if lang == "el" else "name_en"]


def _site_name(row, lang: str) -> str:
    el = getattr(row, "name_el", None)
    return el if lang == "el" and isinstance(el, str) and el else row.name_en


def _persons(value, lang: str) -> str:
    return i18n.fmt_value(value, lang, unit="persons")


def sites_view(run: Runner, date_text: str, measure: str, lang: str) -> SitesView:
    regions = rq.region_snapshot(run, date_text)
    sites = with_placement(rq.site_snapshots_at(run, date_text))
    unit = "per_1000" if measure == "occupancy_per_1000" else "persons"
    frame = pd.DataFrame(
        {
            "region_code": regions["region_code"],
            "name": _name(regions, lang),
            "value": regions[measure].astype("float64"),
            "qualifier": "=",
            "value_high": float("nan"),
        }
    )
    _suppress_small(frame, regions, measure)
    date_shown = i18n.fmt_partial(date_text, lang)
    title = f"{t(f'reception.measure_{measure}', lang)} — {date_shown}"
    extra = {}
    for r in regions.itertuples(index=False):
        rows = []
        if pd.isna(r.n_sites):
            rows.append((t("reception.listed", lang), t("reception.none_listed", lang)))
        else:
            rows.append(
                (t("reception.listed", lang), t("reception.n_sites", lang, n=int(r.n_sites)))
            )
            rows.append(
                (
                    t("reception.measure_capacity", lang),
                    _persons(r.capacity, lang)
                    if pd.notna(r.capacity)
                    else t(
                        "reception.partial", lang, n=int(r.n_with_capacity), total=int(r.n_sites)
                    ),
                )
            )
            rows.append(
                (
                    t("reception.measure_occupancy", lang),
                    _persons(r.occupancy, lang)
                    if pd.notna(r.occupancy)
                    else t(
                        "reception.partial", lang, n=int(r.n_with_occupancy), total=int(r.n_sites)
                    ),
                )
            )
            if pd.notna(r.occupancy_rate_pct):
                rows.append(
                    (
                        t("reception.rate", lang),
                        i18n.fmt_value(r.occupancy_rate_pct, lang, unit="percent", decimals=0),
                    )
                )
            if isinstance(r.source_title, str):
                rows.append((t("common.source", lang), f"{r.source_publisher}, {r.source_title}"))
            if r.confidence in ("low", "medium"):
                rows.append(
                    (t("common.confidence", lang), t(f"common.confidence_{r.confidence}", lang))
                )
        extra[r.region_code] = rows
    spec = classify.choropleth_spec(frame, lang=lang, title=title, unit=unit, extra_tooltip=extra)
    placed = sites[sites["lat"].notna()]
    top = max([v for v in pd.concat([placed["capacity"], placed["occupancy"]]).dropna()] or [0])
    points = []
    for s in placed.itertuples(index=False):
        p = Placement(
            s.lat, s.lon, s.place_level, s.place_name, s.place_approximate, s.place_municipality
        )
        rows = [
            (t("reception.site", lang), _site_name(s, lang)),
            (t("reception.site_type", lang), s.site_type or ""),
            (t("reception.measure_capacity", lang), _persons(s.capacity, lang)),
            (t("reception.measure_occupancy", lang), _persons(s.occupancy, lang)),
            (t("reception.date", lang), i18n.fmt_partial(s.date_text, lang)),
            (t("reception.location", lang), placement_note(p, lang)),
        ]
        if isinstance(s.source_title, str):
            rows.append((t("common.source", lang), f"{s.source_publisher}, {s.source_title}"))
        points.append(
            {
                "lat": s.lat,
                "lon": s.lon,
                "capacity": s.capacity,
                "occupancy": s.occupancy,
                "tooltip": rows,
                "max_value": top,
            }
        )
    n_unplaced = int(sites["lat"].isna().sum())
    src = source_line(sites, lang)
    summary = t(
        "reception.sites_summary",
        lang,
        n=len(sites),
        regions=int(regions["n_sites"].notna().sum()),
        date=date_shown,
        placed=len(placed),
    )
    table = pd.DataFrame(
        {
            t("reception.site", lang): [_site_name(s, lang) for s in sites.itertuples(index=False)],
            t("reception.site_type", lang): sites["site_type"].fillna(""),
            t("reception.municipality", lang): sites["municipality"].fillna(""),
            t("common.region", lang): [_region_name(c, lang) for c in sites["region_code"]],
            t("reception.measure_capacity", lang): sites["capacity"],
            t("reception.measure_occupancy", lang): [
                _persons(v, lang) if pd.notna(v) else "" for v in sites["occupancy"]
            ],
            t("reception.location", lang): [
                placement_note(Placement(*args), lang)
                for args in zip(
                    sites["lat"],
                    sites["lon"],
                    sites["place_level"],
                    sites["place_name"],
                    sites["place_approximate"],
                    sites["place_municipality"],
                )
            ],
            t("common.source", lang): sites["source_title"].fillna(""),
        }
    )
    small_sites = sites["occupancy"].map(lambda v: i18n.is_suppressed(v, "persons"))
    export = pd.DataFrame(
        {
            "site_id": sites["site_id"],
            "site": sites["name_en"],
            "site_type": sites["site_type"],
            "municipality": sites["municipality"],
            "regional_unit": sites["regional_unit"],
            "region_code": sites["region_code"],
            "date": sites["date_text"],
            "capacity": sites["capacity"],
            "occupancy": sites["occupancy"].where(~small_sites),
            "occupancy_as_published": [
                _persons(v, "en") if pd.notna(v) else "" for v in sites["occupancy"]
            ],
            "confidence": sites["confidence"],
            "lat": sites["lat"],
            "lon": sites["lon"],
            "location_basis": sites["place_level"],
            "location_place": sites["place_name"],
            "source_publisher": sites["source_publisher"],
            "source_title": sites["source_title"],
            "source_url": sites["source_url"],
            "source_reference_date": sites["source_reference_date"],
        }
    )
    csv = safe_csv(
        export, footer=[title, src, t("reception.not_totals", lang), t("reception.geonames", lang)]
    )
    sizes = [v for v in (top, top / 4) if v and v > 0]
    size_legend = [(v, i18n.fmt_number(v, lang, 0)) for v in sizes]
    return SitesView(
        title,
        spec,
        points,
        table,
        csv,
        f"atlas_reception_sites_{date_text}_{lang}.csv",
        src,
        summary,
        n_unplaced,
        size_legend,
    )


def _suppress_small(frame: pd.DataFrame, regions: pd.DataFrame, measure: str) -> None:
    """Disclosure control as in the map explorer: a region whose occupancy is a person count
    below the threshold shows the bound '<threshold' (its rate the matching bound)."""
    if measure == "capacity":
        return  # places, not persons
    small = regions["occupancy"].map(lambda v: i18n.is_suppressed(v, "persons"))
    if not small.any():
        return
    threshold = float(i18n.DISCLOSURE_THRESHOLD)
    bound = (
        threshold / regions["population"].astype("float64") * 1000
        if measure == "occupancy_per_1000"
        else pd.Series(threshold, index=regions.index)
    )
    frame.loc[small, "value"] = bound[small].values
    frame.loc[small, "qualifier"] = "<"


def _region_name(code: str, lang: str) -> str:
    from geo.regions import BY_CODE

    r = BY_CODE.get(code)
    return "" if r is None else (r.name_el if lang == "el" else r.name_en)


# --- the Ministry's shares (bounds such as 'below 0.29 %') -------------------------------------


def share_periods(run: Runner, indicator_id: str = SHARE_INDICATOR) -> list[str]:
    return queries.indicator_periods(run, indicator_id)["period"].tolist()


def share_view(
    run: Runner, period: str, lang: str, indicator_id: str = SHARE_INDICATOR
) -> ExplorerView | None:
    """The same view model as the map explorer: bounds get their own legend class."""
    ind = queries.map_indicators(run)
    ind = ind[ind["indicator_id"] == indicator_id]
    if ind.empty:
        return None
    return explorer_view(
        run, indicator_id, ind.iloc[0], period, "value", classify.DEFAULT_SCHEME, lang
    )


# --- the island series ---------------------------------------------------------------


def island_frame(run: Runner, lang: str) -> pd.DataFrame:
    df = rq.island_series(run)
    df["site"] = [_site_name(r, lang) for r in df.itertuples(index=False)]
    df["date_label"] = [i18n.fmt_partial(d, lang) for d in df["date_text"]]
    df["source"] = [
        f"{p}, {s}" if isinstance(s, str) else ""
        for p, s in zip(df["source_publisher"], df["source_title"])
    ]
    # disclosure control: a small person count is drawn at the threshold and read as '<5'
    df["occupancy_shown"] = [
        i18n.fmt_value(v, lang, unit="persons") if pd.notna(v) else t("common.no_data", lang)
        for v in df["occupancy"]
    ]
    small = df["occupancy"].map(lambda v: i18n.is_suppressed(v, "persons"))
    df.loc[small, "occupancy"] = float(i18n.DISCLOSURE_THRESHOLD)
    df["capacity_shown"] = [
        i18n.fmt_value(v, lang, unit="places") if pd.notna(v) else t("common.no_data", lang)
        for v in df["capacity"]
    ]
    return df


def island_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every point of the island chart with its source, headers in ``lang``."""
    return pd.DataFrame(
        {
            t("reception.site", lang): frame["site"],
            t("reception.date", lang): frame["date_label"],
            t("reception.measure_occupancy", lang): frame["occupancy_shown"],
            t("reception.measure_capacity", lang): frame["capacity_shown"],
            t("common.source", lang): frame["source"],
        }
    )


# --- municipal integration network ----------------------------------------------------------------


@dataclass
class MunicipalView:
    title: str
    spec: ChoroplethSpec
    points: list[dict]
    table: pd.DataFrame
    csv: bytes
    csv_name: str
    source_line: str
    n_unplaced: int


def _place_named(name: str, place: str, region: str) -> Placement:
    for cand in [name, place, *re.split(r"[/()]", place or "")]:
        found = _lookup(cand, ("municipality", "city", "site_locality", "island"), region)
        if found and found["lat"] is not None:
            return Placement(
                found["lat"],
                found["lon"],
                "municipality",
                found["name_en"],
                bool(found["approximate"]),
            )
    return NOWHERE


def municipal_view(run: Runner, layer: str, lang: str) -> MunicipalView:
    counts = rq.municipal_counts(run, layer)
    items = rq.municipal_points(run, layer)
    label = t(f"reception.layer_{layer}", lang)
    frame = pd.DataFrame(
        {
            "region_code": counts["region_code"],
            "name": _name(counts, lang),
            "value": counts["n"].astype("float64"),
            "qualifier": "=",
            "value_high": float("nan"),
        }
    )
    frame.loc[frame["value"].eq(0), "value"] = float("nan")
    extra = {}
    for r in counts.itertuples(index=False):
        rows = [
            (
                t("reception.named", lang),
                r.names if isinstance(r.names, str) else t("reception.none_named", lang),
            )
        ]
        if isinstance(r.names_other, str):
            rows.append((t("reception.announced", lang), r.names_other))
        extra[r.region_code] = rows
    spec = classify.choropleth_spec(frame, lang=lang, title=label, unit=None, extra_tooltip=extra)
    placed = [_place_named(r.name, r.place, r.region_code) for r in items.itertuples()]
    points = []
    for r, p in zip(items.itertuples(index=False), placed):
        if p.lat is None:
            continue
        rows = [
            (label, r.name),
            (t("reception.status", lang), str(r.value)),
            (t("reception.location", lang), placement_note(p, lang)),
        ]
        if isinstance(r.source_title, str):
            rows.append((t("common.source", lang), f"{r.source_publisher}, {r.source_title}"))
        points.append(
            {
                "lat": p.lat,
                "lon": p.lon,
                "tooltip": rows,
                "confirmed": str(r.value).lower() == "yes",
            }
        )
    src = source_line(items, lang)
    table = pd.DataFrame(
        {
            label: items["name"],
            t("common.region", lang): [_region_name(c, lang) for c in items["region_code"]],
            t("reception.status", lang): items["value"],
            t("common.reference_date", lang): [
                i18n.fmt_partial(d, lang) if isinstance(d, str) else ""
                for d in items["reference_date"]
            ],
            t("common.source", lang): items["source_title"].fillna(""),
        }
    )
    export = items[
        [
            "name",
            "detail",
            "region_code",
            "value",
            "reference_date",
            "confidence",
            "source_publisher",
            "source_title",
            "source_url",
        ]
    ]
    csv = safe_csv(export, footer=[label, src])
    return MunicipalView(
        label,
        spec,
        points,
        table,
        csv,
        f"atlas_municipal_{layer}_{lang}.csv",
        src,
        sum(p.lat is None for p in placed),
    )


# --- Eurostat: foreign citizens ------------------------------------------------------


@dataclass
class EurostatView:
    title: str
    spec: ChoroplethSpec
    source_line: str
    reasons: list[str]
    csv: bytes
    csv_name: str


def flags_text(flags: str | None, lang: str) -> str:
    if not isinstance(flags, str) or not flags:
        return ""
    return ", ".join(
        f"{f} ({t(f'eurostat.flag_{f}', lang)})" if i18n.has(f"eurostat.flag_{f}") else f
        for f in flags
    )


def reason_text(row, lang: str) -> str:
    reason = row.reason if isinstance(row.reason, str) else "no_file_row"
    return t(
        f"eurostat.reason_{reason}",
        lang,
        missing=row.missing_units if isinstance(row.missing_units, str) else "",
        confidential=row.confidential_units if isinstance(row.confidential_units, str) else "",
    )


def eurostat_view(run: Runner, indicator: pd.Series, period: str, lang: str) -> EurostatView:
    df = rq.eurostat_values(run, indicator.indicator_id, period)
    unit = indicator.unit
    name = indicator.name_el if lang == "el" else indicator.name_en
    title = f"{name} — {i18n.fmt_partial(period, lang)}"
    frame = pd.DataFrame(
        {
            "region_code": df["region_code"],
            "name": _name(df, lang),
            "value": df["value"].astype("float64"),
            "qualifier": "=",
            "value_high": float("nan"),
        }
    )
    extra, reasons = {}, []
    for r in df.itertuples(index=False):
        rows = []
        if pd.notna(r.value):
            rows.append(
                (
                    t("eurostat.basis", lang),
                    t(f"eurostat.basis_{r.basis}", lang, n=int(r.n_units or 0)),
                )
            )
        else:
            why = reason_text(r, lang)
            rows.append((t("eurostat.why_no_data", lang), why))
            reasons.append(f"{r.name_el if lang == 'el' else r.name_en}: {why}")
        if flags_text(r.flags, lang):
            rows.append((t("eurostat.flags", lang), flags_text(r.flags, lang)))
        if isinstance(r.source_title, str):
            rows.append((t("common.source", lang), f"{r.source_publisher}, {r.source_title}"))
        extra[r.region_code] = rows
    spec = classify.choropleth_spec(frame, lang=lang, title=title, unit=unit, extra_tooltip=extra)
    src = source_line(df, lang)
    export = df[
        [
            "region_code",
            "name_en",
            "value",
            "basis",
            "flags",
            "reason",
            "missing_units",
            "confidential_units",
            "dataset",
            "source_title",
            "source_url",
        ]
    ].assign(indicator=indicator.indicator_id, period=period)
    csv = safe_csv(export, footer=[title, src])
    return EurostatView(
        title, spec, src, reasons, csv, f"atlas_{indicator.indicator_id}_{period}_{lang}.csv"
    )
