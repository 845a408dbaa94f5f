"""The region profile as a view model: everything the profile page, its CSV and the PDF brief
show for one region and language, computed without Streamlit.

Every figure keeps the ids of its sources; ``ProfileView.sources`` numbers them in order of
first use, so the page and the brief cite ``[n]`` and list the sources (with reference dates)
once. Nothing is estimated: a figure the atlas does not hold is simply not shown, and the only
derived number (density) says what it is computed from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import partial

import pandas as pd

from atlas import export, i18n, labels, measures
from atlas.classify import ChoroplethSpec, LegendItem, ramp
from atlas.config import DISCLOSURE_THRESHOLD, POPULATION_INDICATOR
from atlas.i18n import t
from atlas.queries import Runner, build_info
from atlas.queries import profile as q
from atlas.queries import programmes as qprog
from atlas.views.common import SOURCE_CSV
from atlas.views.overview import KEY_FIGURE_ORDER
from atlas.views.shapes import Column, Export, MapSpec, Metric, Table, csv_export, png_export, table

# Tiles open with population, area and density, then the briefing order of the overview.
TILE_ORDER = (
    POPULATION_INDICATOR,
    "population_2021_revised",
    "area_km2",
    "density",
    *[k for k in KEY_FIGURE_ORDER if k != POPULATION_INDICATOR],
)
MAX_PURPOSE = 400  # characters kept from a visit's purpose (the page limits input too)
MAX_MESSAGE = 220  # characters kept from each key message
LOCATOR_COLOR = ramp(5)[-1]  # the darkest class colour: the region stands out, also in grey
LOCATOR_OTHER = "#eeeeee"
PLAIN = measures.PLAIN


@dataclass
class Tile:
    """One key figure: value, reference period, context lines and the sources behind them."""

    key: str
    label: str
    value: str
    period: str
    lines: list[str] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    confidence: str | None = None
    number: str = ""  # the value without its unit (narrow screen tiles) …
    unit: str = ""  # … and the unit on its own ('' for percentages, kept in the number)


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
    tiles: list[Tile]
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
    exports: list[Export]  # CSV, locator map PNG (screen, print)

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

    def cite(self, source_ids: list[str]) -> str:
        nums = sorted({self.sources[s] for s in source_ids if s in self.sources})
        return "".join(f"[{n}]" for n in nums)


# --- formatting helpers ----------------------------------------------------------------------


def _nan(x: object) -> bool:
    return (
        x is None
        or (isinstance(x, float) and math.isnan(x))
        or x is pd.NA
        or (not isinstance(x, str) and pd.isna(x))
    )


def _q(x: object) -> str:
    return x if isinstance(x, str) and x else "="


def _ids(*values: object) -> list[str]:
    out: list[str] = []
    for v in values:
        if isinstance(v, str):
            out += [s.strip() for s in v.replace(";", " ").split() if s.strip()]
    return out


def _signed(number: str) -> str:
    return ("−" + number[1:]) if number.startswith("-") else ("+" + number)


def _number_text(text: str, lang: str) -> str:
    """A number stored as text (municipal items) in the reader's format; other text as is."""
    try:
        return i18n.fmt_number(float(text), lang)
    except ValueError:
        return text


def _label(key: str, lang: str, fallback: object) -> str:
    """A data code shown through the colleague areas' tables when they have it."""
    return t(key, lang) if i18n.has(key) else str(fallback)


def _partial(text: object, lang: str) -> str:
    return i18n.fmt_partial(text, lang) if isinstance(text, str) and text else ""


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


# --- tiles -----------------------------------------------------------------------------------


def _trend(row: pd.Series, lang: str, decimals: int | None) -> str | None:
    if _nan(row["prev_value"]) or not isinstance(row["prev_period"], str):
        return None
    prev_period = _partial(row["prev_period"], lang)
    unit = row["unit"]
    prev = i18n.fmt_value(
        row["prev_value"],
        lang,
        unit=unit,
        qualifier=_q(row["prev_qualifier"]),
        value_high=row["prev_value_high"],
        decimals=decimals,
    )
    plain = _q(row["qualifier"]) in PLAIN and _q(row["prev_qualifier"]) in PLAIN
    small = unit == "persons" and min(row["value"], row["prev_value"]) < DISCLOSURE_THRESHOLD
    if not plain or small or row["prev_value"] == 0:
        return t("profile.previous", lang, value=prev, period=prev_period)
    change = float(row["value"]) - float(row["prev_value"])
    if unit == "percent":
        diff = _signed(i18n.fmt_number(change, lang, 2))
        return t("profile.trend_pp", lang, change=diff, period=prev_period, value=prev)
    pct = _signed(i18n.fmt_number(100 * change / float(row["prev_value"]), lang, 1))
    diff = _signed(i18n.fmt_number(change, lang, decimals))
    return t(
        "profile.trend",
        lang,
        change=diff,
        pct=pct + i18n.unit_suffix("percent", lang),
        period=prev_period,
    )


def _tile(row: pd.Series, lang: str) -> Tile:
    unit = row["unit"]
    kind = row["kind"]
    decimals = i18n.smart_decimals([row["value"]] if not _nan(row["value"]) else [])
    value = i18n.fmt_value(
        row["value"],
        lang,
        unit=unit,
        qualifier=_q(row["qualifier"]),
        value_high=row["value_high"],
        decimals=decimals,
    )
    lines: list[str] = []
    sources = _ids(row["source_id"])
    denominator = row["indicator_id"] in measures.DENOMINATOR_INDICATORS
    if kind == "count" and not denominator and not _nan(row["per_1000"]):
        lines.append(
            t(
                "profile.per_1000",
                lang,
                value=i18n.fmt_value(
                    row["per_1000"],
                    lang,
                    qualifier=_q(row["qualifier"]),
                    value_high=row["per_1000_high"],
                    disclose=False,
                ),
                year=int(row["census_year"]),
            )
        )
    if not _nan(row["rank"]):
        lines.append(
            f"{t('common.rank', lang)}: "
            + t("common.rank_of", lang, rank=int(row["rank"]), n=int(row["n_ranked"]))
        )
    if not _nan(row["national_value"]):
        national = None
        if denominator and not _nan(row["share_of_national_pct"]):
            national = t(
                "profile.share_of_national",
                lang,
                share=i18n.fmt_number(row["share_of_national_pct"], lang, 1)
                + i18n.unit_suffix("percent", lang),
                total=i18n.fmt_number(row["national_value"], lang),
            )
        elif kind == "count" and not denominator and not _nan(row["national_population"]):
            rate = 1000 * float(row["national_value"]) / float(row["national_population"])
            national = f"{t('common.national', lang)}: " + t(
                "profile.national_rate",
                lang,
                value=i18n.fmt_number(row["national_value"], lang),
                rate=i18n.fmt_number(rate, lang, 2),
            )
            sources += _ids(row["national_population_source_id"])
        elif kind == "share" or unit == "percent":
            national = f"{t('common.national', lang)}: " + i18n.fmt_value(
                row["national_value"], lang, unit=unit, qualifier=_q(row["national_qualifier"])
            )
        if national:
            lines.append(national)
            sources += _ids(row["national_source_id"])
    trend = _trend(row, lang, decimals)
    if trend:
        lines.append(trend)
        sources += _ids(row["prev_source_id"])
    if row["confidence"] in ("low", "medium"):
        lines.append(t(f"common.confidence_{row['confidence']}", lang))
    label = labels.local(row, "name", lang)
    keep_unit = unit == "percent"
    number = i18n.fmt_value(
        row["value"],
        lang,
        unit=unit if keep_unit else None,
        qualifier=_q(row["qualifier"]),
        value_high=row["value_high"],
        decimals=decimals,
        disclose=unit != "persons",
    )
    if unit == "persons" and value.startswith("<") and not number.startswith("<"):
        number = value[: len(value) - len(i18n.unit_suffix(unit, lang))]  # '<5' stays '<5'
    return Tile(
        row["indicator_id"],
        label,
        value,
        _partial(row["period"], lang) or t("common.undated", lang),  # no date: never filled in
        lines,
        list(dict.fromkeys(sources)),
        row["confidence"],
        number,
        "" if keep_unit or _nan(row["value"]) else i18n.unit_suffix(unit, lang).strip(),
    )


def _density(latest: pd.DataFrame, lang: str) -> Tile | None:
    by = latest.set_index("indicator_id")
    if POPULATION_INDICATOR not in by.index or "area_km2" not in by.index:
        return None
    pop, area = by.loc[POPULATION_INDICATOR], by.loc["area_km2"]
    if (
        _q(pop["qualifier"]) != "="
        or _q(area["qualifier"]) != "="
        or _nan(pop["value"])
        or _nan(area["value"])
        or float(area["value"]) <= 0
    ):
        return None
    density = float(pop["value"]) / float(area["value"])
    number = i18n.fmt_number(density, lang, 1)
    value = number + " " + t("profile.per_km2", lang)
    return Tile(
        "density",
        t("profile.density", lang),
        value,
        _partial(pop["period"], lang),
        [
            t(
                "profile.density_note",
                lang,
                period=_partial(pop["period"], lang),
                # an area without a reference date says so (never a filled-in year)
                area_period=_partial(area["period"], lang) or t("common.undated", lang),
            )
        ],
        list(dict.fromkeys(_ids(pop["source_id"], area["source_id"]))),
        area["confidence"] if area["confidence"] in ("low", "medium") else None,
        number,
        t("profile.per_km2", lang),
    )


def tiles(series: pd.DataFrame, lang: str) -> list[Tile]:
    latest = series[series["recency"] == 1]
    out = [_tile(row, lang) for _, row in latest.iterrows()]
    dens = _density(latest, lang)
    if dens:
        out.append(dens)
    order = {k: i for i, k in enumerate(TILE_ORDER)}
    return sorted(out, key=lambda x: (order.get(x.key, len(order)), x.key))


# --- programmes, events, governor, reception ----------------------------------------------------


def _dates(start: object, end: object, lang: str) -> str:
    a, b = _partial(start, lang), _partial(end, lang)
    if a and b:
        return f"{a} – {b}"
    if a:
        return t("profile.since", lang, start=a)
    if b:
        return t("profile.until", lang, end=b)
    return t("profile.dates_not_stated", lang)


def programme_items(run: Runner, code: str, lang: str) -> list[Item]:
    linked = qprog.region_programmes(run, code)
    coverage = q.region_coverage(run, code)
    ids = sorted(set(linked["programme_id"]) | set(coverage["programme_id"]))
    if not ids:
        return []
    details = q.programme_details(run, ids).set_index("programme_id")
    links = linked.set_index("programme_id")
    items = []
    for pid in details.index:
        p = details.loc[pid]
        name = labels.local(p, "name", lang)
        status = _label(f"status.{p['status']}", lang, p["status"])
        detail = f"{status} · {_dates(p['start_text'], p['end_text'], lang)}"
        sources = _ids(p["source_id"])
        if pid in links.index:
            bases = [
                _label(f"profile.basis_{b.strip()}", lang, b.strip())
                for b in str(links.loc[pid, "bases"]).split(",")
            ]
            detail += " · " + t("profile.linked_by", lang, bases=", ".join(bases))
            sources += _ids(links.loc[pid, "source_ids"])
        extra = []
        for c in coverage[coverage["programme_id"] == pid].itertuples(index=False):
            metric = _label(f"metric.{c.metric}", lang, c.metric)
            extra.append(
                f"{metric}: "
                + i18n.fmt_value(
                    c.value, lang, unit=c.unit, qualifier=_q(c.qualifier), value_high=c.value_high
                )
                + f" ({_partial(c.period, lang)})"
            )
            sources += _ids(c.source_id)
        items.append(Item(name, detail, list(dict.fromkeys(sources)), extra))
    return items


def event_items(run: Runner, code: str, lang: str) -> list[Item]:
    """Visits of the briefing tour, then events held in the region (newest first)."""
    items = []
    for v in qprog.region_visit(run, code).itertuples(index=False):
        prog = labels.local(v, "programme_name", lang)
        purpose = labels.local(v, "purpose", lang)
        when = _partial(v.date_text, lang) or t("common.undated", lang)
        status = _label(f"visit.{v.status}", lang, v.status)
        detail = f"{when} · {status}" + (f" · {purpose}" if isinstance(purpose, str) else "")
        items.append(
            Item(
                t("profile.visit_title", lang, programme=prog or v.programme_id),
                detail,
                _ids(v.source_id),
            )
        )
    ev = qprog.region_events(run, code)
    ev = ev.sort_values(["start_date", "event_id"], ascending=[False, True], na_position="last")
    for e in ev.itertuples(index=False):
        title = labels.local(e, "title", lang)
        when = _partial(e.start_text, lang) or t("common.undated", lang)
        parts = [when]
        if isinstance(e.place, str) and e.place:
            slug = "".join(c if c.isalnum() else "_" for c in e.place.lower()).strip("_")
            parts.append(_label(f"place.{slug}", lang, e.place))
        if isinstance(e.process, str):
            parts.append(_label(f"process.{e.process}", lang, e.process))
        items.append(Item(title, " · ".join(parts), _ids(e.source_id)))
    return items


def governor_item(run: Runner, code: str, lang: str) -> Item | None:
    df = q.region_governors(run, code)
    if df.empty:
        return None
    g = df.iloc[0]  # latest term
    name = labels.local(g, "name", lang)
    detail = t("profile.term", lang, term=g["term"])
    if isinstance(g["party"], str) and g["party"]:
        detail += f" · {g['party']}"
    extra = []
    if not bool(g["confirmed"]):
        note = g["status_note"] if isinstance(g["status_note"], str) else ""
        extra.append(t("profile.unconfirmed", lang) + (f" ({note})" if note else ""))
    return Item(name, detail, _ids(g["source_id"]), extra)


def reception_items(run: Runner, code: str, lang: str) -> list[Item]:
    """Reception sites (latest snapshot each), asylum offices and municipal items: facts for
    the annex and the page, each with its own date and source."""
    items = []
    for s in q.region_sites(run, code).itertuples(index=False):
        name = labels.local(s, "name", lang)
        parts = [str(s.site_type)] if isinstance(s.site_type, str) else []
        if isinstance(s.municipality, str):
            parts.append(s.municipality)
        srcs = _ids(s.source_id)
        if isinstance(s.snapshot_date_text, str):
            cap = i18n.fmt_value(s.capacity, lang)
            occ = i18n.fmt_value(s.occupancy, lang, unit="persons")
            parts.append(
                t(
                    "profile.snapshot",
                    lang,
                    capacity=cap,
                    occupancy=occ,
                    date=_partial(s.snapshot_date_text, lang),
                )
            )
            srcs += _ids(s.snapshot_source_id)
        items.append(
            Item(t("profile.site", lang, name=name), " · ".join(parts), list(dict.fromkeys(srcs)))
        )
    for a in q.region_asylum_offices(run, code).itertuples(index=False):
        when = _partial(a.status_date, lang)
        items.append(
            Item(
                a.office,
                " · ".join(x for x in (a.seat, when) if isinstance(x, str) and x),
                _ids(a.source_id),
            )
        )
    for m in q.region_municipal_items(run, code).itertuples(index=False):
        item = _label(f"profile.item_{m.item}", lang, m.item)
        value = "" if _nan(m.value) or m.value == "yes" else f": {_number_text(m.value, lang)}"
        when = _partial(m.reference_date, lang) or t("common.undated", lang)
        unit = (
            m.unit if isinstance(m.unit, str) and m.unit not in ("membership", "location") else ""
        )
        items.append(
            Item(
                f"{m.municipality} — {item}{value}",
                when + (f" · {unit}" if unit else ""),
                _ids(m.source_id),
            )
        )
    return items


# --- sources, CSV, view ---------------------------------------------------------------------


def _number_sources(groups: list[list[str]]) -> dict[str, int]:
    order: dict[str, int] = {}
    for ids in groups:
        for s in ids:
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
    "per_1000",
    "census_year",
    "rank",
    "n_ranked",
    "national_value",
    "national_basis",
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
        value_as_published=[
            i18n.fmt_value(v, lang, unit=u, qualifier=_q(qq), value_high=h)
            for v, u, qq, h in zip(
                series["value"], series["unit"], series["qualifier"], series["value_high"]
            )
        ],
    )
    fields = [f.partition(":") for f in CSV_FIELDS]
    return table(rows, [Column(f, csv=c or f) for f, _, c in fields], lang)


def _exports(view: ProfileView) -> list[Export]:
    code, lang = view.code, view.lang
    csv = csv_export(
        view.table,
        f"atlas_profile_{code}_{lang}.csv",
        t("common.download_csv", lang),
        footer=[f"{view.name} ({code})", *view.source_lines],
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
    return [csv, *pngs]


def metrics(view: ProfileView) -> list[Metric]:
    """The tiles as the page shows them: label (unit), number, and period · source [n] ·
    context lines under it."""
    out = []
    for tile in view.tiles:
        label = f"{tile.label} ({tile.unit})" if tile.unit else tile.label
        cite = view.cite(tile.source_ids)
        lines = [t("profile.figure_source", view.lang, period=tile.period, cite=cite), *tile.lines]
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


def profile_view(run: Runner, code: str, lang: str) -> ProfileView:
    reg = q.region(run, code)
    if reg.empty:
        raise ValueError(f"unknown region {code!r}")
    r = reg.iloc[0]
    series = q.region_indicator_series(run, code)
    tile_list = tiles(series, lang)
    progs = programme_items(run, code, lang)
    events = event_items(run, code, lang)
    gov = governor_item(run, code, lang)
    reception = reception_items(run, code, lang)
    groups = [x.source_ids for x in tile_list] + [gov.source_ids if gov else []]
    groups += [x.source_ids for x in progs] + [x.source_ids for x in events]
    groups += [x.source_ids for x in reception]
    numbers = _number_sources(groups)
    src = q.sources_by_id(run, numbers).set_index("source_id")
    numbers = {s: n for s, n in numbers.items() if s in src.index}  # drop unknown ids
    numbers = {s: i + 1 for i, s in enumerate(numbers)}
    lines = [f"[{n}] {_source_text(src.loc[s], lang)}" for s, n in numbers.items()]
    urls = {s: src.loc[s, "url"] for s in numbers if isinstance(src.loc[s, "url"], str)}
    info = build_info(run)
    built = str(info.get("built_at") or "")[:10]
    as_of = i18n.fmt_date(date.fromisoformat(built), lang) if built else ""
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
    )
    view.exports = _exports(view)
    return view
