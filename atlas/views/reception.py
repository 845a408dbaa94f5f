"""The reception page's views: site snapshots by region with proportional circles, the
Ministry's regional shares (bounds kept), the island series, the municipal integration
network, and Eurostat figures loaded by the Directorate. No Streamlit here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd

from atlas import classify, i18n, labels, queries
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import reception as rq
from atlas.views.common import FOREIGN_CITIZENS, period_label
from atlas.views.explorer import ExplorerView, explorer_view, indicator_names
from atlas.views.shapes import (
    Chart,
    Choice,
    Column,
    Export,
    MapSpec,
    SizeLegend,
    Table,
    csv_export,
    table,
)
from geo.placement import Placement, place_named, placement_of, with_placement

LAYERS = ("populations", "sites", "share", "islands", "municipal", "foreign")
SITE_MEASURES = ("occupancy", "capacity", "occupancy_per_1000")
SHARE_INDICATOR = "reception_residents_share"
EUROSTAT_DATASET = "cens_21ctz_r3"


def placement_note(p: Placement, lang: str) -> str:
    """How a point was placed, said to the reader ('at the municipality's seat, not …')."""
    if p.level == "regional_unit" and p.municipality:
        return t(
            "reception.place_regional_unit_muni", lang, place=p.place, municipality=p.municipality
        )
    return t(f"reception.place_{p.level}", lang, place=p.place)


def _persons(value, lang: str, qualifier: object = "=") -> str:
    q = qualifier if isinstance(qualifier, str) and qualifier else "="
    return i18n.fmt_value(value, lang, unit="persons", qualifier=q)


def capacity_text(value, qualifier: object, basis: object, lang: str) -> str:
    """A capacity as the source gives it: '≤650' (up to), '400 (προγραμματισμένη)' for a
    capacity announced at opening; '' without a figure."""
    if pd.isna(value):
        return ""
    q = qualifier if isinstance(qualifier, str) and qualifier else "="
    text = i18n.fmt_value(value, lang, qualifier=q)
    if basis == "planned":
        text += f" ({t('profile.planned', lang)})"
    return text


def _source_row(r, lang: str) -> list[tuple[str, str]]:
    """The tooltip's source row, if the record names its source."""
    if not isinstance(r.source_title, str):
        return []
    return [(t("common.source", lang), labels.citation(r.source_publisher, r.source_title))]


def _region_frame(df: pd.DataFrame, values: pd.Series, lang: str) -> pd.DataFrame:
    """The 13-region frame ``classify.choropleth_spec`` reads (plain values)."""
    return pd.DataFrame(
        {
            "region_code": df["region_code"],
            "name": labels.local(df, "name", lang),
            "value": values.astype("float64"),
            "qualifier": "=",
            "value_high": float("nan"),
        }
    )


# --- sites by region ------------------------------------------------------------------------


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


def layer_choice(lang: str) -> Choice:
    fmt = lambda x: t(f"reception.view_{x}", lang)  # noqa: E731
    return Choice("layer", t("reception.view", lang), LAYERS, fmt, radio=True)


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
            text = _persons(value, lang, r.occupancy_qualifier)
        rows.append((t(f"reception.measure_{what}", lang), text))
    if pd.notna(r.occupancy_rate_pct):
        rate = i18n.fmt_value(r.occupancy_rate_pct, lang, unit="percent", decimals=0)
        rows.append((t("reception.rate", lang), rate))
    rows += _source_row(r, lang)
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
            (t("reception.measure_occupancy", lang), _persons(s.occupancy, lang)),
            (t("reception.date", lang), i18n.fmt_partial(s.date_text, lang)),
            (t("reception.location", lang), placement_note(placement_of(s), lang)),
            *_source_row(s, lang),
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
        occupancy_shown=[_persons(v, lang) if pd.notna(v) else "" for v in sites["occupancy"]],
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
            _persons(v, "en") if pd.notna(v) else "" for v in sites["occupancy"]
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
    frame = _region_frame(regions, regions[measure], lang)
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
        title,
        MapSpec(
            spec,
            caption=f"{src} · {geonames}",
            circles=points,
            size_legend=legend if points else None,
            note=geonames if points else "",
        ),
        summary,
        int(sites["lat"].isna().sum()),
        tbl,
        [csv],
    )


# --- the Ministry's shares (bounds such as 'below 0.29 %') -------------------------------------


SHARE_DEFAULT_PERIOD = "2022-03"  # the Ministry's latest regional breakdown with bounds


def share_periods(run: Runner, indicator_id: str = SHARE_INDICATOR) -> list[str]:
    return queries.indicator_periods(run, indicator_id)["period"].tolist()


def share_choice(periods: list[str], lang: str) -> Choice:
    fmt = lambda p: i18n.fmt_partial(p, lang)  # noqa: E731
    label = t("reception.share_period", lang)
    return Choice("share_period", label, tuple(periods), fmt, SHARE_DEFAULT_PERIOD)


def share_view(
    run: Runner, period: str, lang: str, indicator_id: str = SHARE_INDICATOR
) -> ExplorerView | None:
    """The same view model as the map explorer: bounds get their own legend class."""
    if queries.indicator(run, indicator_id).empty:
        return None
    return explorer_view(run, indicator_id, period, "value", classify.DEFAULT_SCHEME, lang)


# --- two populations side by side: census foreign citizens, reception residents -------------


@dataclass
class PopulationsView:
    census: ExplorerView | None  # foreign citizens, % of residents (ELSTAT census 2021)
    reception: ExplorerView | None  # reception residents, % of population (the Ministry)
    note: str  # they are different populations: never added or compared as one
    table: Table
    exports: list[Export]

    @property
    def maps(self) -> list[tuple[str, MapSpec]]:
        """(key, map) of each population the data has, census first."""
        parts = (("census", self.census), ("share", self.reception))
        return [(key, view.map) for key, view in parts if view is not None]


POPULATION_CSV = (
    "region_code",
    "name_en",
    "foreign_period",
    "foreign_value",
    "foreign_pct_of_residents",
    "foreign_population_basis",
    "foreign_source_id",
    "reception_period",
    "reception_qualifier",
    "reception_value",
    "reception_source_id",
)


def _first_full_period(run: Runner, indicator_id: str, preferred: str | None = None) -> str | None:
    periods = queries.indicator_periods(run, indicator_id)
    if periods.empty:
        return None
    if preferred in set(periods["period"]):
        return preferred
    return periods.sort_values("n_regions", ascending=False, kind="stable")["period"].iloc[0]


def populations_view(run: Runner, lang: str) -> PopulationsView:
    """Residents with foreign citizenship (census 2021) beside reception residents (the
    Ministry's regional shares): two maps, one table, and the sentence that they are
    different populations, counted by different sources at different dates."""
    foreign_period = _first_full_period(run, FOREIGN_CITIZENS)
    share_period = _first_full_period(run, SHARE_INDICATOR, SHARE_DEFAULT_PERIOD)
    census = (
        explorer_view(
            run, FOREIGN_CITIZENS, foreign_period, "pct_population", classify.DEFAULT_SCHEME, lang
        )
        if foreign_period is not None
        else None
    )
    reception = share_view(run, share_period, lang) if share_period is not None else None
    regions = queries.regions(run)
    frame = regions[["region_code", "name_el", "name_en"]].copy()
    frame["name"] = labels.local(frame, "name", lang)
    if foreign_period is not None:
        f = queries.indicator_map_values(run, FOREIGN_CITIZENS, foreign_period)
        frame = frame.assign(
            foreign_period=foreign_period,
            foreign_value=f["value"].values,
            foreign_pct_of_residents=f["pct_of_population"].values,
            foreign_population_basis=f["population_basis"].values,
            foreign_source_id=f["source_id"].values,
            foreign_shown=[_persons(v, lang) for v in f["value"]],
            foreign_pct_shown=[
                i18n.fmt_value(v, lang, unit="percent", decimals=1) for v in f["pct_of_population"]
            ],
        )
    if share_period is not None:
        r = queries.indicator_map_values(run, SHARE_INDICATOR, share_period)
        frame = frame.assign(
            reception_period=share_period,
            reception_qualifier=r["qualifier"].where(r["qualifier"] != "=", "").values,
            reception_value=r["value"].values,
            reception_source_id=r["source_id"].values,
            reception_shown=[
                i18n.fmt_value(v, lang, unit="percent", qualifier=q if isinstance(q, str) else "=")
                for v, q in zip(r["value"], r["qualifier"])
            ],
        )
    when_f = period_label(foreign_period, lang) if foreign_period else ""
    when_r = period_label(share_period, lang) if share_period else ""
    shown = [
        ("name", t("common.region", lang), "text"),
        ("foreign_shown", t("reception.pop_foreign", lang, period=when_f), "text"),
        ("foreign_pct_shown", t("reception.pop_foreign_pct", lang), "text"),
        ("reception_shown", t("reception.pop_reception", lang, period=when_r), "text"),
    ]
    columns = [Column(f, h, kind=k) for f, h, k in shown if f in frame]
    columns += [Column(c, csv=c) for c in POPULATION_CSV if c in frame]
    tbl = table(frame, columns, lang)
    note = t("reception.populations_differ", lang, census=when_f, reception=when_r)
    sources = [v.map.caption for v in (census, reception) if v is not None]
    csv = csv_export(
        tbl,
        f"atlas_foreign_and_reception_{lang}.csv",
        t("common.download_csv", lang),
        footer=[t("reception.view_populations", lang), note, *sources],
    )
    return PopulationsView(census, reception, note, tbl, [csv])


# --- the island series ---------------------------------------------------------------


@dataclass
class IslandView:
    frame: pd.DataFrame
    chart: Chart
    table: Table


def island_frame(run: Runner, lang: str) -> pd.DataFrame:
    df = rq.island_series(run)
    df["site"] = labels.local(df, "name", lang)
    df["date_label"] = [i18n.fmt_partial(d, lang) for d in df["date_text"]]
    df["source"] = labels.citations(df["source_publisher"], df["source_title"])
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


def island_table(frame: pd.DataFrame, lang: str) -> Table:
    """Every point of the island chart with its source, headers in ``lang``."""
    shown = (
        ("site", "reception.site"),
        ("date_label", "reception.date"),
        ("occupancy_shown", "reception.measure_occupancy"),
        ("capacity_shown", "reception.measure_capacity"),
        ("source", "common.source"),
    )
    return table(frame, [Column(f, t(k, lang)) for f, k in shown], lang)


def island_view(run: Runner, lang: str) -> IslandView:
    from atlas.charts.reception import island_chart

    frame = island_frame(run, lang)
    title = t("reception.islands_title", lang)
    chart = Chart(partial(island_chart, frame, lang=lang, title=title))
    return IslandView(frame, chart, island_table(frame, lang))


# --- municipal integration network ----------------------------------------------------------------


@dataclass
class MunicipalView:
    title: str
    map: MapSpec
    n_unplaced: int
    table: Table
    exports: list[Export]


MUNICIPAL_CSV = (
    "name",
    "detail",
    "region_code",
    "value",
    "reference_date",
    "confidence",
    "source_publisher",
    "source_title",
    "source_url",
)


def _municipal_points(items: pd.DataFrame, label: str, lang: str) -> tuple[list[dict], int]:
    points, unplaced = [], 0
    for r in items.itertuples(index=False):
        p = place_named(r.name, r.place, r.region_code)
        if p.lat is None:
            unplaced += 1
            continue
        rows = [
            (label, r.name),
            (t("reception.status", lang), str(r.value)),
            (t("reception.location", lang), placement_note(p, lang)),
            *_source_row(r, lang),
        ]
        confirmed = str(r.value).lower() == "yes"
        points.append({"lat": p.lat, "lon": p.lon, "tooltip": rows, "confirmed": confirmed})
    return points, unplaced


def municipal_choice(lang: str) -> Choice:
    fmt = lambda x: t(f"reception.layer_{x}", lang)  # noqa: E731
    label = t("reception.municipal_select", lang)
    return Choice("municipal_layer", label, rq.MUNICIPAL_LAYERS, fmt)


def municipal_view(run: Runner, layer: str, lang: str) -> MunicipalView:
    counts = rq.municipal_counts(run, layer)
    items = rq.municipal_points(run, layer)
    label = t(f"reception.layer_{layer}", lang)
    frame = _region_frame(counts, counts["n"], lang)
    frame.loc[frame["value"].eq(0), "value"] = float("nan")
    extra = {}
    for r in counts.itertuples(index=False):
        named = r.names if isinstance(r.names, str) else t("reception.none_named", lang)
        rows = [(t("reception.named", lang), named)]
        if isinstance(r.names_other, str):
            rows.append((t("reception.announced", lang), r.names_other))
        extra[r.region_code] = rows
    spec = classify.choropleth_spec(frame, lang=lang, title=label, unit=None, extra_tooltip=extra)
    points, unplaced = _municipal_points(items, label, lang)
    src = labels.source_line(items, lang)
    rows = items.assign(
        region=[labels.region_label(c, lang, unknown="") for c in items["region_code"]],
        reference=[
            i18n.fmt_partial(d, lang) if isinstance(d, str) else "" for d in items["reference_date"]
        ],
        source=items["source_title"].fillna(""),
    )
    shown = (
        ("name", label),
        ("region", t("common.region", lang)),
        ("value", t("reception.status", lang)),
        ("reference", t("common.reference_date", lang)),
        ("source", t("common.source", lang)),
    )
    columns = [Column(f, h) for f, h in shown] + [Column(f, csv=f) for f in MUNICIPAL_CSV]
    tbl = table(rows, columns, lang)
    csv = csv_export(
        tbl,
        f"atlas_municipal_{layer}_{lang}.csv",
        t("common.download_csv", lang),
        footer=[label, src],
    )
    geonames = t("reception.geonames", lang)
    map_spec = MapSpec(
        spec, caption=f"{src} · {geonames}", points=points, note=geonames if points else ""
    )
    return MunicipalView(label, map_spec, unplaced, tbl, [csv])


# --- Eurostat: foreign citizens ------------------------------------------------------


@dataclass
class EurostatView:
    title: str
    map: MapSpec
    reasons: list[str]
    exports: list[Export]


EUROSTAT_CSV = (
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
    "indicator",
    "period",
)


EUROSTAT_DEFAULT = "eurostat_foreign_citizens_share"


def eurostat_indicator_choice(inds: pd.DataFrame, lang: str) -> Choice:
    names = indicator_names(inds.drop_duplicates("indicator_id"), lang)
    label = t("reception.foreign_indicator", lang)
    return Choice("eurostat_indicator", label, tuple(names), names.get, EUROSTAT_DEFAULT)


def eurostat_period_choice(rows: pd.DataFrame, lang: str) -> Choice:
    fmt = lambda p: i18n.fmt_partial(p, lang)  # noqa: E731
    label = t("reception.foreign_period", lang)
    return Choice("eurostat_period", label, tuple(rows["period"]), fmt)


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
    title = f"{labels.local(indicator, 'name', lang)} — {i18n.fmt_partial(period, lang)}"
    frame = _region_frame(df, df["value"], lang)
    extra, reasons = {}, []
    for r in df.itertuples(index=False):
        rows = []
        if pd.notna(r.value):
            basis = t(f"eurostat.basis_{r.basis}", lang, n=int(r.n_units or 0))
            rows.append((t("eurostat.basis", lang), basis))
        else:
            why = reason_text(r, lang)
            rows.append((t("eurostat.why_no_data", lang), why))
            reasons.append(f"{labels.local(r, 'name', lang)}: {why}")
        if flags_text(r.flags, lang):
            rows.append((t("eurostat.flags", lang), flags_text(r.flags, lang)))
        extra[r.region_code] = rows + _source_row(r, lang)
    spec = classify.choropleth_spec(
        frame, lang=lang, title=title, unit=indicator.unit, extra_tooltip=extra
    )
    src = labels.source_line(df, lang)
    rows = df.assign(indicator=indicator.indicator_id, period=period)
    csv = csv_export(
        rows[list(EUROSTAT_CSV)],
        f"atlas_{indicator.indicator_id}_{period}_{lang}.csv",
        t("common.download_csv", lang),
        footer=[title, src],
    )
    return EurostatView(title, MapSpec(spec, caption=src), reasons, [csv])
