"""Site snapshots by region, with proportional circles for the sites."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas import classify, i18n, labels
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import reception as rq
from atlas.views.reception.common import (
    capacity_text,
    persons,
    placement_note,
    region_frame,
    source_row,
)
from atlas.views.shapes import (
    Choice,
    Column,
    Export,
    MapSpec,
    SizeLegend,
    Table,
    csv_export,
    table,
)
from geo.placement import placement_of, with_placement

SITE_MEASURES = ("occupancy", "capacity", "occupancy_per_1000")


@dataclass
class SitesView:
    title: str
    map: MapSpec
    summary: str
    n_unplaced: int
    table: Table
    exports: list[Export]


def default_date(dates: pd.DataFrame) -> str:
    """The latest date at which at least two regions have both capacity and occupancy, else
    the latest date."""
    good = dates[(dates["n_regions_capacity"] >= 2) & (dates["n_regions_occupancy"] >= 2)]
    return (good if len(good) else dates)["date_text"].iloc[0]


def date_label(date_text: str, n_sites: int, lang: str) -> str:
    return f"{i18n.fmt_partial(date_text, lang)} · {t('reception.n_sites', lang, n=int(n_sites))}"


def site_choices(run: Runner, lang: str) -> list[Choice]:
    """Snapshot date (with its number of sites) and measure."""
    dates = rq.snapshot_dates(run)
    n_sites = dict(zip(dates["date_text"], dates["n_sites"]))
    return [
        Choice(
            "snapshot",
            t("reception.date_select", lang),
            tuple(n_sites),
            lambda d: date_label(d, n_sites[d], lang),
            default_date(dates),
        ),
        Choice(
            "site_measure",
            t("reception.measure_select", lang),
            SITE_MEASURES,
            lambda m: t(f"reception.measure_{m}", lang),
        ),
    ]


def _region_tooltip(r, lang: str) -> list[tuple[str, str]]:
    if pd.isna(r.n_sites):
        return [(t("reception.listed", lang), t("reception.none_listed", lang))]
    partial_of = {
        "capacity": int(r.n_with_capacity),
        "occupancy": int(r.n_with_occupancy),
    }
    rows = [(t("reception.listed", lang), t("reception.n_sites", lang, n=int(r.n_sites)))]
    for what in ("capacity", "occupancy"):
        value = getattr(r, what)
        if pd.isna(value):
            text = t("reception.partial", lang, n=partial_of[what], total=int(r.n_sites))
        elif what == "capacity":
            text = capacity_text(value, r.capacity_qualifier, r.capacity_basis, lang)
        else:
            text = persons(value, lang, r.occupancy_qualifier)
        rows.append((t(f"reception.measure_{what}", lang), text))
    if pd.notna(r.occupancy_rate_pct):
        rate = i18n.fmt_value(r.occupancy_rate_pct, lang, unit="percent", decimals=0)
        rows.append((t("reception.rate", lang), rate))
    rows += source_row(r, lang)
    if r.confidence in ("low", "medium"):
        rows.append((t("common.confidence", lang), t(f"common.confidence_{r.confidence}", lang)))
    return rows


def _site_points(sites: pd.DataFrame, lang: str) -> list[dict]:
    placed = sites[sites["lat"].notna()]
    top = max([v for v in pd.concat([placed["capacity"], placed["occupancy"]]).dropna()] or [0])
    points = []
    for s in placed.itertuples(index=False):
        rows = [
            (t("reception.site", lang), labels.local(s, "name", lang)),
            (t("reception.site_type", lang), labels.term("site_type", s.site_type, lang)),
            (
                t("reception.measure_capacity", lang),
                capacity_text(s.capacity, s.capacity_qualifier, s.capacity_basis, lang)
                or t("common.no_data", lang),
            ),
            (t("reception.measure_occupancy", lang), persons(s.occupancy, lang)),
            (t("reception.date", lang), i18n.fmt_partial(s.date_text, lang)),
            (t("reception.location", lang), placement_note(placement_of(s), lang)),
            *source_row(s, lang),
        ]
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
    return points


SITE_CSV = (
    ("site_id", "site_id"),
    ("name_en", "site"),
    ("site_type", "site_type"),
    ("municipality", "municipality"),
    ("regional_unit", "regional_unit"),
    ("region_code", "region_code"),
    ("date_text", "date"),
    ("capacity", "capacity"),
    ("capacity_qualifier_csv", "capacity_qualifier"),
    ("capacity_basis", "capacity_basis"),
    ("occupancy_published", "occupancy"),
    ("occupancy_as_published", "occupancy_as_published"),
    ("confidence", "confidence"),
    ("lat", "lat"),
    ("lon", "lon"),
    ("place_level", "location_basis"),
    ("place_name", "location_place"),
    ("source_publisher", "source_publisher"),
    ("source_title", "source_title"),
    ("source_url", "source_url"),
    ("source_reference_date", "source_reference_date"),
)


def _site_table(sites: pd.DataFrame, lang: str) -> Table:
    small = sites["occupancy"].map(lambda v: i18n.is_suppressed(v, "persons"))
    rows = sites.assign(
        site=labels.local(sites, "name", lang),
        site_type_shown=[labels.term("site_type", x, lang) for x in sites["site_type"]],
        municipality_shown=sites["municipality"].fillna(""),
        region=[labels.region_label(c, lang, unknown="") for c in sites["region_code"]],
        occupancy_shown=[persons(v, lang) if pd.notna(v) else "" for v in sites["occupancy"]],
        capacity_shown=[
            capacity_text(v, q, b, lang)
            for v, q, b in zip(
                sites["capacity"], sites["capacity_qualifier"], sites["capacity_basis"]
            )
        ],
        capacity_qualifier_csv=sites["capacity_qualifier"].where(
            sites["capacity_qualifier"] != "=", ""
        ),
        location=[placement_note(placement_of(s), lang) for s in sites.itertuples(index=False)],
        source=sites["source_title"].fillna(""),
        occupancy_published=sites["occupancy"].where(~small),
        occupancy_as_published=[
            persons(v, "en") if pd.notna(v) else "" for v in sites["occupancy"]
        ],
    )
    shown = (
        ("site", "reception.site", "text"),
        ("site_type_shown", "reception.site_type", "text"),
        ("municipality_shown", "reception.municipality", "text"),
        ("region", "common.region", "text"),
        ("capacity_shown", "reception.measure_capacity", "text"),
        ("occupancy_shown", "reception.measure_occupancy", "text"),
        ("location", "reception.location", "text"),
        ("source", "common.source", "text"),
    )
    columns = [Column(f, t(k, lang), kind=kind) for f, k, kind in shown]
    return table(rows, columns + [Column(f, csv=c) for f, c in SITE_CSV], lang)


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


def sites_view(run: Runner, date_text: str, measure: str, lang: str) -> SitesView:
    regions = rq.region_snapshot(run, date_text)
    sites = with_placement(rq.site_snapshots_at(run, date_text))
    unit = "per_1000" if measure == "occupancy_per_1000" else "persons"
    frame = region_frame(regions, regions[measure], lang)
    _suppress_small(frame, regions, measure)
    date_shown = i18n.fmt_partial(date_text, lang)
    title = f"{t(f'reception.measure_{measure}', lang)} — {date_shown}"
    extra = {r.region_code: _region_tooltip(r, lang) for r in regions.itertuples(index=False)}
    spec = classify.choropleth_spec(frame, lang=lang, title=title, unit=unit, extra_tooltip=extra)
    points = _site_points(sites, lang)
    top = points[0]["max_value"] if points else 0
    src = labels.source_line(sites, lang)
    summary = t(
        "reception.sites_summary",
        lang,
        n=len(sites),
        regions=int(regions["n_sites"].notna().sum()),
        date=date_shown,
        placed=len(points),
    )
    sizes = [v for v in (top, top / 4) if v and v > 0]
    legend = SizeLegend(
        t("reception.size_legend", lang),
        [(v, i18n.fmt_number(v, lang, 0)) for v in sizes],
        top,
        t("reception.measure_capacity", lang),
        t("reception.measure_occupancy", lang),
    )
    geonames = t("reception.geonames", lang)
    tbl = _site_table(sites, lang)
    footer = [title, src, t("reception.not_totals", lang), geonames]
    csv = csv_export(
        tbl,
        f"atlas_reception_sites_{date_text}_{lang}.csv",
        t("common.download_csv", lang),
        footer=footer,
    )
    return SitesView(
        title=title,
        map=MapSpec(
            spec,
            caption=f"{src} · {geonames}",
            circles=points,
            size_legend=legend if points else None,
            note=geonames if points else "",
        ),
        summary=summary,
        n_unplaced=int(sites["lat"].isna().sum()),
        table=tbl,
        exports=[csv],
    )
