"""The region profile as a view model: everything the profile page, its CSV and the PDF brief
show for one region and language, computed without Streamlit.

Every figure keeps the ids of its sources; ``ProfileView.sources`` numbers them in order of
first use, so the page and the brief cite ``[n]`` and list the sources (with reference dates)
once. Nothing is estimated: a figure the atlas does not hold is simply not shown, and the only
derived number (density) says what it is computed from.

What the profile says about time, change, rank, office and presence follows the rules of
the marts (docs/data-model.md; the figures' statements: ``atlas.views.figures``): who holds
office is read on the data's reference date (``queries.reference_date``: the build date,
passed in as ``on`` so the view stays a function of its inputs), a programme is "present" in
a region only where it is documented as operating there, and a visit without a date says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial

import pandas as pd

from atlas import export, i18n, labels, queries
from atlas.classify import ChoroplethSpec, LegendItem, ramp
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import profile as q
from atlas.queries import programmes as qprog
from atlas.views.common import SOURCE_CSV, as_given, period_label
from atlas.views.figures import Tile, fmt_figure, ids, nan, qual, tiles
from atlas.views.shapes import Column, Export, MapSpec, Metric, Table, csv_export, png_export, table

__all__ = ["Item", "ProfileView", "Tile", "Visit", "profile_view"]

MAX_PURPOSE = 400  # characters kept from a visit's purpose (the page limits input too)
MAX_MESSAGE = 220  # characters kept from each key message
LOCATOR_COLOR = ramp(5)[-1]  # the darkest class colour: the region stands out, also in grey
LOCATOR_OTHER = "#eeeeee"
HOLDING = ("in_office", "unconfirmed")  # governors_on statuses of a current holder


@dataclass
class Item:
    """A programme, event or visit line: title, details, sources."""

    title: str
    detail: str
    source_ids: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


@dataclass
class Visit:
    """What the user types for a coming visit (kept in session and URL, never stored)."""

    date: str = ""  # ISO yyyy-mm-dd or empty
    purpose: str = ""
    messages: tuple[str, ...] = ("", "", "")

    def key(self) -> tuple:
        return (self.date, self.purpose, tuple(self.messages))


@dataclass
class ProfileView:
    code: str
    iso: str
    name_el: str
    name_en: str
    lang: str
    data_as_of: str  # formatted database build date ('' if unknown)
    data_as_of_iso: str
    tiles: list[Tile]  # the briefing set first (``Tile.briefing``), then every other figure
    programmes: list[Item]
    events: list[Item]
    governor: Item | None
    reception: list[Item]
    sources: dict[str, int]  # source_id -> footnote number, in order of first use
    source_lines: list[str]  # "[n] publisher, «title» (reference date)"
    source_urls: dict[str, str]
    caveats: list[str]
    locator: ChoroplethSpec
    table: Table  # every figure of the region, for the CSV
    exports: list[Export]  # CSVs (figures, local items), locator map PNG (screen, print)
    local: Table | None = None  # municipal items (qualifiers kept: '>1500'), for their CSV

    @property
    def name(self) -> str:
        return labels.local(self, "name", self.lang)

    @property
    def other_name(self) -> str:
        """The name in the other language (Greek readers see the English one, and back)."""
        return labels.local(self, "name", i18n.other_lang(self.lang))

    @property
    def map(self) -> MapSpec:
        caption = t("profile.map_click", self.lang) + " " + t("common.boundaries_credit", self.lang)
        return MapSpec(self.locator, caption=caption)

    @property
    def briefing(self) -> list[Tile]:
        """The briefing set: the tiles of page one of the brief and the profile's first row."""
        return [x for x in self.tiles if x.briefing]

    @property
    def other_tiles(self) -> list[Tile]:
        return [x for x in self.tiles if not x.briefing]

    def cite(self, source_ids: list[str]) -> str:
        nums = sorted({self.sources[s] for s in source_ids if s in self.sources})
        return "".join(f"[{n}]" for n in nums)


# --- formatting helpers ----------------------------------------------------------------------


def _value_text(value: object, qualifier: object, lang: str, unit: str | None = None) -> str:
    """A number stored as text (municipal items) in the reader's format, its qualifier kept
    ('>1.500'); other text as is."""
    try:
        number = float(str(value))
    except ValueError:
        return str(value)
    return i18n.fmt_value(number, lang, unit=unit, qualifier=qual(qualifier), disclose=False)


def _label(key: str, lang: str, fallback: object) -> str:
    """A data code shown through the colleague areas' tables when they have it."""
    return t(key, lang) if i18n.has(key) else str(fallback)


def _partial(text: object, lang: str) -> str:
    return i18n.fmt_partial(text, lang) if isinstance(text, str) and text else ""


_when = as_given


def region_spec(code: str, name: str, lang: str) -> ChoroplethSpec:
    """Locator: the region in the darkest ramp colour, the rest pale (reads in greyscale)."""
    from geo.regions import REGIONS

    colors = {r.code: (LOCATOR_COLOR if r.code == code else LOCATOR_OTHER) for r in REGIONS}
    tips = {
        r.code: [(t("common.region", lang), labels.region_label(r.code, lang))] for r in REGIONS
    }
    legend = [
        LegendItem(LOCATOR_COLOR, f"{name} ({code})", "class"),
        LegendItem(LOCATOR_OTHER, t("profile.other_regions", lang), "class"),
    ]
    return ChoroplethSpec(title=name, colors=colors, tooltips=tips, legend=legend)


def _dates(start: object, end: object, lang: str) -> str:
    a, b = _partial(start, lang), _partial(end, lang)
    if a and b:
        return f"{a} – {b}"
    if a:
        return t("profile.since", lang, start=a)
    if b:
        return t("profile.until", lang, end=b)
    return t("profile.dates_not_stated", lang)


# --- programmes, events, governor, reception ----------------------------------------------------


def _status(p: pd.Series, lang: str) -> str:
    """'σε αναστολή από Ιανουάριος 2024': the status and since when it holds (as sourced)."""
    status = _label(f"status.{p['status']}", lang, p["status"])
    since = _partial(p["status_date_text"], lang)
    if since and p["status"] in ("suspended", "completed"):
        return t("profile.status_since", lang, status=status, date=since)
    if since and p["status"] == "active":
        return t("profile.status_as_of", lang, status=status, date=since)
    return status


def _link_text(rows: pd.DataFrame, lang: str) -> str:
    """What links a programme to the region: where it is documented as operating there,
    'documented in the region: …'; other links are said for what they are (one event, one
    briefing), and alone they are 'no documented presence', never 'present'."""
    operates = rows[rows["presence"].fillna(False).astype(bool)]
    parts = []
    for kind in ("event", "visit"):
        of_kind = rows[rows["link_kind"] == kind]
        if of_kind.empty:
            continue
        named = [
            f"{title}, {_when(d, lang, short=True) or t('common.undated', lang)}"
            for title, d in zip(labels.local(of_kind, "title", lang), of_kind["reference_date"])
        ]
        names = "; ".join(dict.fromkeys(named))
        parts.append(t(f"profile.link_{kind}", lang, n=len(of_kind), names=names))
    links = "; ".join(parts)
    if operates.empty:
        return t("profile.no_presence", lang, links=links) if links else ""
    # 'Town with a HELIOS learning centre — Katerini', '… — Kilkis' → one line per kind
    places: dict[str, list[str]] = {}
    for title in labels.local(operates, "title", lang):
        what, _, where = str(title).partition(" — ")
        places.setdefault(what, [])
        if where and where not in places[what]:
            places[what].append(where)
    titles = "; ".join(f"{w}: {', '.join(p)}" if p else w for w, p in places.items())
    text = t("profile.operates", lang, titles=titles)
    return f"{text}; {t('profile.also_linked', lang, links=links)}" if links else text


def programme_items(run: Runner, code: str, lang: str) -> list[Item]:
    links = qprog.programme_regions(run)
    links = links[links["region_code"] == code]
    coverage = q.region_coverage(run, code)
    pids = sorted(set(links["programme_id"]) | set(coverage["programme_id"]))
    if not pids:
        return []
    progs = qprog.programmes(run)
    progs = progs[progs["programme_id"].isin(pids)]
    items = []
    for _, p in progs.iterrows():
        pid = p["programme_id"]
        detail = f"{_status(p, lang)} · {_dates(p['start_text'], p['end_text'], lang)}"
        sources = ids(p["source_id"], p["status_source_id"])
        mine = links[links["programme_id"] == pid]
        linked = _link_text(mine, lang)
        if linked:
            detail += " · " + linked
            sources += ids(*mine["source_id"])
        extra = []
        for c in coverage[coverage["programme_id"] == pid].itertuples(index=False):
            metric = labels.local(c, "metric_name", lang) or c.metric
            value = i18n.fmt_value(
                c.value, lang, unit=c.unit, qualifier=qual(c.qualifier), value_high=c.value_high
            )
            extra.append(f"{metric}: {value} ({period_label(c.period, lang)})")
            sources += ids(c.source_id)
        items.append(
            Item(labels.local(p, "name", lang), detail, list(dict.fromkeys(sources)), extra)
        )
    return items


def visit_text(status: object, date_text: object, lang: str) -> str:
    """'17 Νοεμβρίου (η πηγή δεν δίνει έτος) · ενημερώθηκε'; a scheduled visit without a
    date: 'scheduled, date not given' (never 'not yet')."""
    when = _when(date_text, lang)
    if status == "planned" and not when:
        return t("visit.scheduled_no_date", lang)
    label = _label(f"visit.{status}", lang, status)
    return f"{when} · {label}" if when else f"{label} · {t('visit.date_not_given', lang)}"


def event_items(run: Runner, code: str, lang: str) -> list[Item]:
    """Visits of the briefing tour, then events held in the region (newest first)."""
    items = []
    for v in qprog.region_visit(run, code).itertuples(index=False):
        prog = labels.local(v, "programme_name", lang)
        purpose = labels.local(v, "purpose", lang)
        detail = visit_text(v.status, v.date_text, lang)
        if isinstance(purpose, str) and purpose:
            detail += f" · {purpose}"
        items.append(
            Item(
                t("profile.visit_title", lang, programme=prog or v.programme_id),
                detail,
                ids(v.source_id),
            )
        )
    ev = qprog.region_events(run, code)
    ev = ev.sort_values(["start_date", "event_id"], ascending=[False, True], na_position="last")
    for e in ev.itertuples(index=False):
        title = labels.local(e, "title", lang)
        parts = [_when(e.start_text, lang) or t("common.undated", lang)]
        if isinstance(e.place, str) and e.place:
            slug = "".join(c if c.isalnum() else "_" for c in e.place.lower()).strip("_")
            parts.append(_label(f"place.{slug}", lang, e.place))
        if isinstance(e.process, str):
            parts.append(_label(f"process.{e.process}", lang, e.process))
        items.append(Item(title, " · ".join(parts), ids(e.source_id)))
    return items


def _term(g: pd.Series, lang: str) -> str:
    detail = t("profile.term", lang, term=g["term"])
    if isinstance(g["party"], str) and g["party"]:
        detail += f" · {labels.term('party', g['party'], lang)}"
    return detail


def governor_item(run: Runner, code: str, lang: str, on: date | None) -> Item | None:
    """Who holds office on ``on`` (the data's reference date), by the validity rules of
    ``queries.profile.governors_on``: the holder (unconfirmed ones say so); else, plainly,
    that the last recorded holder resigned (or left) and no successor is recorded — never
    the old holder as governor. Without a reference date nothing is claimed about office."""
    if on is None:
        return None
    df = q.governors_on(run, on, code)
    if df.empty:
        return None
    on_text = i18n.fmt_date(on, lang)
    holders = df[df["status_on_date"].isin(HOLDING)]
    if len(holders):
        g = holders.iloc[0]
        extra = []
        if g["status_on_date"] == "unconfirmed":
            note = g["status_note"] if isinstance(g["status_note"], str) else ""
            extra.append(t("profile.unconfirmed", lang) + (f" ({note})" if note else ""))
        name = labels.local(g, "name", lang)
        return Item(
            name,
            _term(g, lang) + " · " + t("profile.on_date", lang, date=on_text),
            ids(g["source_id"]),
            extra,
        )
    g = df.iloc[0]  # the latest recorded row (valid_from desc)
    name = labels.local(g, "name", lang)
    status = g["status_on_date"]
    sources = ids(g["source_id"], g["end_source_id"])
    if status in ("ended", "end_date_not_known"):
        event = _label(f"governor.end_{g['end_event']}", lang, g["end_event"])
        if status == "ended":
            when = _partial(g["end_date_text"], lang)
            title = t("profile.governor_ended", lang, event=event, date=when)
        else:
            title = t("profile.governor_end_undated", lang, event=event, date=on_text)
        return Item(title, f"{name} · {_term(g, lang)}", sources)
    if status == "term_ended":
        title = t("profile.governor_term_ended", lang, date=on_text)
        return Item(title, f"{name} · {_term(g, lang)}", sources)
    if status == "not_yet":
        return None
    title = t("profile.governor_validity_unknown", lang, name=name)  # validity_not_known
    return Item(title, _term(g, lang), sources)


def _site_figure(value, qualifier, basis, date_text, status, other, lang: str, what: str) -> str:
    """'δυναμικότητα 400 (προγραμματισμένη, 19/03/2016)': each figure with its own date; a
    planned capacity says so; 'up to' (≤) kept; overlapping dates shown side by side."""
    if nan(value):
        return t(f"profile.site_{what}_none", lang)
    unit = "persons" if what == "occupancy" else None  # a capacity counts places
    shown = i18n.fmt_value(value, lang, unit=unit, qualifier=qual(qualifier))
    when = _partial(date_text, lang)
    if basis == "planned":
        when = f"{t('profile.planned', lang)}, {when}"
    text = t(f"profile.site_{what}", lang, value=shown, date=when)
    if status == "overlap" and isinstance(other, str) and other:
        others = ", ".join(_partial(x.strip(), lang) for x in other.split(";") if x.strip())
        text += " " + t("profile.site_other_dates", lang, dates=others)
    return text


def reception_items(run: Runner, code: str, lang: str) -> list[Item]:
    """Reception sites (the latest capacity and the latest occupancy, each with its own date),
    asylum offices and municipal items: facts for the annex and the page, each with its own
    date and source."""
    items = []
    for s in q.region_sites(run, code).itertuples(index=False):
        name = labels.local(s, "name", lang)
        parts = (
            [labels.term("site_type", s.site_type, lang)] if isinstance(s.site_type, str) else []
        )
        if isinstance(s.municipality, str):
            parts.append(s.municipality)
        srcs = ids(s.source_id)
        if not (nan(s.latest_capacity) and nan(s.latest_occupancy)):
            parts.append(
                _site_figure(
                    s.latest_capacity,
                    s.latest_capacity_qualifier,
                    s.latest_capacity_basis,
                    s.latest_capacity_date_text,
                    s.latest_capacity_status,
                    s.latest_capacity_other_dates,
                    lang,
                    "capacity",
                )
            )
            parts.append(
                _site_figure(
                    s.latest_occupancy,
                    s.latest_occupancy_qualifier,
                    None,
                    s.latest_occupancy_date_text,
                    s.latest_occupancy_status,
                    s.latest_occupancy_other_dates,
                    lang,
                    "occupancy",
                )
            )
            srcs += ids(s.latest_capacity_source_id, s.latest_occupancy_source_id)
        items.append(
            Item(t("profile.site", lang, name=name), " · ".join(parts), list(dict.fromkeys(srcs)))
        )
    for a in q.region_asylum_offices(run, code).itertuples(index=False):
        when = _partial(a.status_date, lang)
        items.append(
            Item(
                a.office,
                " · ".join(x for x in (a.seat, when) if isinstance(x, str) and x),
                ids(a.source_id),
            )
        )
    for m in q.region_municipal_items(run, code).itertuples(index=False):
        item = labels.local(m, "item_name", lang) or m.item
        value = ""
        if not nan(m.value) and str(m.value).lower() != "yes":
            unit = "percent" if m.unit == "percent" else None
            value = ": " + _value_text(m.value, m.value_qualifier, lang, unit)
        when = period_label(m.reference_date, lang)
        items.append(Item(f"{m.municipality} — {item}{value}", when, ids(m.source_id)))
    return items


# --- sources, CSV, view ---------------------------------------------------------------------


def _number_sources(groups: list[list[str]]) -> dict[str, int]:
    order: dict[str, int] = {}
    for group in groups:
        for s in group:
            order.setdefault(s, len(order) + 1)
    return order


def _source_text(row: pd.Series, lang: str) -> str:
    ref = _partial(row["reference_date"], lang) or t("profile.ref_not_stated", lang)
    note = f"{t('common.reference_date', lang).lower()} {ref}"
    return labels.citation(row["publisher"], row["title"], note)


CSV_FIELDS = (
    "region_code",
    "region",
    "indicator_id:indicator",
    "indicator_name",
    "period",
    "unit",
    "qualifier",
    "value",
    "value_high",
    "value_as_published",
    "pct_of_population",
    "per_1000",
    "census_year",
    "population_basis",
    "denominator_indicator_id",
    "rank",
    "n_ranked",
    "rank_status",
    "national_value",
    "national_basis",
    "series_key",
    "latest_status",
    "other_periods",
    "prev_period",
    "prev_value",
    "change_status",
    "confidence",
    *SOURCE_CSV,
    "source_reference_date",
    "source_licence",
)


def _table(series: pd.DataFrame, code: str, name: str, lang: str) -> Table:
    """Every figure of the region as the CSV gives it (field or 'field:csv name')."""
    rows = series.assign(
        region_code=code,
        region=name,
        indicator_name=labels.local(series, "name", lang),
        value_as_published=[fmt_figure(r, lang, None) for _, r in series.iterrows()],
    )
    fields = [f.partition(":") for f in CSV_FIELDS]
    return table(rows, [Column(f, csv=c or f) for f, _, c in fields], lang)


LOCAL_CSV = (
    "region_code",
    "municipality",
    "item",
    "item_name",
    "value_qualifier",
    "value",
    "value_as_published",
    "unit",
    "reference_date",
    "confidence",
    "note",
    *SOURCE_CSV,
    "source_reference_date",
)


def _local_table(items: pd.DataFrame, code: str, lang: str) -> Table:
    """Municipal items of the region as their CSV gives them: the qualifier in its own column
    and in the value as published ('>1.500'), the reference date as the source gives it."""
    rows = items.assign(
        region_code=code,
        item_name=labels.local(items, "item_name", lang),
        value_qualifier=items["value_qualifier"].where(items["value_qualifier"] != "=", ""),
        value_as_published=[
            _value_text(v, q, lang, "percent" if u == "percent" else None) if not nan(v) else ""
            for v, q, u in zip(items["value"], items["value_qualifier"], items["unit"])
        ],
    )
    return table(rows, [Column(f, csv=f) for f in LOCAL_CSV], lang)


def _exports(view: ProfileView) -> list[Export]:
    code, lang = view.code, view.lang
    csv = csv_export(
        view.table,
        f"atlas_profile_{code}_{lang}.csv",
        t("common.download_csv", lang),
        footer=[f"{view.name} ({code})", *view.source_lines],
    )
    csvs = [csv]
    if view.local is not None and len(view.local):
        csvs.append(
            Export(
                "csv",
                t("profile.download_local_csv", lang),
                f"atlas_profile_{code}_local_{lang}.csv",
                csv_export(view.local, "", "").make,
                "csv_local",
            )
        )
    title = t("profile.locator_title", lang, name=view.name, code=code)
    pngs = [
        png_export(
            partial(
                export.map_png,
                view.locator,
                title=title,
                legend_title="",
                selected=code,
                scale=scale,
                source=t("common.boundaries_credit", lang),
                date_text=t("profile.data_as_of_note", lang, date=view.data_as_of),
            ),
            f"map_{code}_{lang}@{scale}x.png",
            t(label, lang),
            f"png_{scale}",
        )
        for scale, label in ((1, "profile.download_map"), (2, "profile.download_map_print"))
    ]
    return [*csvs, *pngs]


def metrics(view: ProfileView, tiles: list[Tile] | None = None) -> list[Metric]:
    """The tiles (default: all) as the page shows them: label (unit), number, and period ·
    source [n] · context lines under it."""
    out = []
    for tile in view.tiles if tiles is None else tiles:
        label = f"{tile.label} ({tile.unit})" if tile.unit else tile.label
        cite = view.cite(tile.source_ids)
        key = "profile.figure_source" if tile.dated else "profile.figure_source_undated"
        lines = [t(key, view.lang, period=tile.period, cite=cite), *tile.lines]
        out.append(Metric(label, tile.number or tile.value, " · ".join(lines)))
    return out


def item_markdown(view: ProfileView, item: Item) -> str:
    """A programme, event or governor line: title, details, sources [n]."""
    extra = " · ".join(item.extra)
    detail = item.detail + (f" · {extra}" if extra else "")
    return f"**{item.title}**  \n{detail} {view.cite(item.source_ids)}"


def header_line(view: ProfileView) -> str:
    """The other language's name, NUTS and ISO codes, and the date of the data."""
    return (
        f"{view.other_name} · {t('profile.nuts', view.lang)} {view.code} · ISO {view.iso} · "
        + t("profile.data_as_of_note", view.lang, date=view.data_as_of)
    )


def sources_markdown(view: ProfileView) -> str:
    """The numbered sources, then the caveats in italics."""
    return "  \n".join(view.source_lines) + "  \n\n_" + " ".join(view.caveats) + "_"


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
    view = ProfileView(
        code,
        r["iso_code"],
        r["name_el"],
        r["name_en"],
        lang,
        as_of,
        built,
        tile_list,
        progs,
        events,
        gov,
        reception,
        numbers,
        lines,
        urls,
        caveats,
        region_spec(code, name, lang),
        _table(series, code, name, lang),
        [],
        _local_table(q.region_municipal_items(run, code), code, lang),
    )
    view.exports = _exports(view)
    return view
