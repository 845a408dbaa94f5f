"""View models for the programme register, the HELIOS page and the timelines (no Streamlit).

Every figure keeps its source; what the data does not hold is said to be unknown, never
filled in. The same frames feed the screen and the CSV downloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from atlas import classify, i18n
from atlas.charts import helios as hcharts
from atlas.charts import timeline as tl
from atlas.classify import ChoroplethSpec
from atlas.export import safe_csv
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import programmes as pq

HELIOS = "helios"
HELIOS_SUCCESSOR = "helios_successor"
ALL = ""  # the "all" option of a filter
NONE = "__none__"  # "not stated" (e.g. programmes whose funder the source does not give)


def name_col(lang: str) -> str:
    return "name_el" if lang == "el" else "name_en"


def source_text(publisher: object, title: object) -> str:
    return f"{publisher}, «{title}»" if isinstance(title, str) else ""


def partial_or(text: object, lang: str, missing_key: str = "programmes.not_stated") -> str:
    return i18n.fmt_partial(text, lang) if isinstance(text, str) and text else t(missing_key, lang)


def with_all(fmt, lang: str):
    """A selectbox label function whose empty option reads 'All'."""
    return lambda value: t("programmes.all", lang) if value == ALL else fmt(value)


def region_name(code: str, lang: str) -> str:
    from geo.regions import BY_CODE

    r = BY_CODE.get(code)
    return (r.name_el if lang == "el" else r.name_en) if r else code


# --- programme register ------------------------------------------------------------------


@dataclass
class ProgrammeCard:
    programme_id: str
    name: str
    status: str
    lines: list[tuple[str, str]]  # (label, text) rows: operator, funder, dates …
    description: str
    url: str
    source: str
    facts: pd.DataFrame
    regions: list[str]


@dataclass
class RegisterView:
    table: pd.DataFrame
    cards: list[ProgrammeCard]
    n_total: int
    hidden_undated: int
    csv: bytes
    csv_name: str


def register_options(run: Runner) -> dict[str, list[str]]:
    """Filter options from the data: statuses, funders (as written), years, regions."""
    df = pq.programmes(run)
    statuses = [
        s
        for s in ("active", "planned", "suspended", "completed", "unknown")
        if s in set(df["status"])
    ]
    funders = sorted(f for f in df["funder"].dropna().unique())
    if df["funder"].isna().any():
        funders.append(NONE)
    # Years from the first programme start to the latest date the data knows (programmes or
    # events), so that e.g. 2024 (HELIOS suspension) can be chosen.
    ev = pq.events(run)
    dates = pd.concat([df["start_date"], df["end_date"], ev["start_date"], ev["end_date"]]).dropna()
    first = df["start_date"].dropna()
    years = (
        [str(y) for y in range(pd.Timestamp(first.min()).year, pd.Timestamp(dates.max()).year + 1)]
        if len(first)
        else []
    )
    links = pq.programme_regions(run)
    return {
        "status": [ALL, *statuses],
        "funder": [ALL, *funders],
        "period": [ALL, *reversed(years)],
        "region": [ALL, *sorted(links["region_code"].unique())],
    }


def _overlaps_year(start: object, end: object, year: int) -> bool:
    """A programme with a start date overlaps ``year`` unless it ended before it or started
    after it; an open end (not stated) is taken as 'still possible', never as a date."""
    if pd.isna(start):
        return False
    if pd.Timestamp(start).year > year:
        return False
    return pd.isna(end) or pd.Timestamp(end).year >= year


def filter_programmes(
    df: pd.DataFrame,
    links: pd.DataFrame,
    *,
    status: str = ALL,
    funder: str = ALL,
    period: str = ALL,
    region: str = ALL,
) -> pd.DataFrame:
    keep = pd.Series(True, index=df.index)
    if status:
        keep &= df["status"] == status
    if funder == NONE:
        keep &= df["funder"].isna()
    elif funder:
        keep &= df["funder"] == funder
    if period:
        year = int(period)
        keep &= pd.Series(
            [_overlaps_year(s, e, year) for s, e in zip(df["start_date"], df["end_date"])],
            index=df.index,
            dtype=bool,
        )
    if region:
        ids = set(links.loc[links["region_code"] == region, "programme_id"])
        keep &= df["programme_id"].isin(ids)
    return df[keep]


def dates_text(row, lang: str) -> str:
    start = partial_or(row.start_text, lang)
    end = (
        i18n.fmt_partial(row.end_text, lang)
        if isinstance(row.end_text, str) and row.end_text
        else t("programmes.end_not_stated", lang)
    )
    return f"{start} – {end}"


def _facts_table(facts: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("programmes.fact", lang): [
                t(f"fact.{f}", lang) if i18n.has(f"fact.{f}") else f.replace("_", " ")
                for f in facts["fact"]
            ],
            t("common.value", lang): [
                el if lang == "el" and isinstance(el, str) else en
                for el, en in zip(facts["value_el"], facts["value_en"])
            ],
            t("common.reference_date", lang): [
                partial_or(x, lang, "common.undated") for x in facts["reference_date"]
            ],
            t("programmes.confidence", lang): [
                t(f"common.confidence_{c}", lang) for c in facts["confidence"]
            ],
            t("common.source", lang): [
                source_text(p, s) for p, s in zip(facts["source_publisher"], facts["source_title"])
            ],
        }
    )


def register_view(
    run: Runner,
    lang: str,
    *,
    status: str = ALL,
    funder: str = ALL,
    period: str = ALL,
    region: str = ALL,
) -> RegisterView:
    df = pq.programmes(run)
    links = pq.programme_regions(run)
    shown = filter_programmes(df, links, status=status, funder=funder, period=period, region=region)
    hidden_undated = 0
    if period:
        base = filter_programmes(df, links, status=status, funder=funder, region=region)
        hidden_undated = int(base["start_date"].isna().sum())
    facts = pq.programme_facts(run)
    regions_of = (
        links.groupby("programme_id")["region_code"].apply(lambda s: sorted(set(s))).to_dict()
    )
    cards = []
    for row in shown.itertuples(index=False):
        regions = regions_of.get(row.programme_id, [])
        lines = [
            (t("programmes.status", lang), t(f"status.{row.status}", lang)),
            (
                t("programmes.operator", lang),
                row.operator if isinstance(row.operator, str) else t("programmes.not_stated", lang),
            ),
            (
                t("programmes.funder", lang),
                row.funder if isinstance(row.funder, str) else t("programmes.not_stated", lang),
            ),
            (t("programmes.dates", lang), dates_text(row, lang)),
            (
                t("programmes.regions", lang),
                ", ".join(region_name(c, lang) for c in regions)
                if regions
                else t("programmes.no_regions", lang),
            ),
        ]
        cards.append(
            ProgrammeCard(
                row.programme_id,
                getattr(row, name_col(lang)),
                row.status,
                lines,
                row.description_el if lang == "el" else row.description_en,
                row.url if isinstance(row.url, str) else "",
                source_text(row.source_publisher, row.source_title),
                _facts_table(facts[facts["programme_id"] == row.programme_id], lang),
                regions,
            )
        )
    table = pd.DataFrame(
        {
            t("programmes.name", lang): shown[name_col(lang)],
            t("programmes.status", lang): [t(f"status.{s}", lang) for s in shown["status"]],
            t("programmes.dates", lang): [dates_text(r, lang) for r in shown.itertuples()],
            t("programmes.regions", lang): [
                ", ".join(region_name(c, lang) for c in regions_of.get(p, [])) or "—"
                for p in shown["programme_id"]
            ],
            t("common.source", lang): [
                source_text(p, s) for p, s in zip(shown["source_publisher"], shown["source_title"])
            ],
            t("programmes.operator", lang): shown["operator"].fillna(
                t("programmes.not_stated", lang)
            ),
            t("programmes.funder", lang): shown["funder"].fillna(t("programmes.not_stated", lang)),
        }
    )
    export = shown[
        [
            "programme_id",
            "name_el",
            "name_en",
            "operator",
            "funder",
            "start_text",
            "start_precision",
            "end_text",
            "end_precision",
            "status",
            "description_el",
            "description_en",
            "url",
            "source_id",
            "source_publisher",
            "source_title",
            "source_url",
        ]
    ].assign(regions=[";".join(regions_of.get(p, [])) for p in shown["programme_id"]])
    csv = safe_csv(export, footer=[t("programmes.title", lang), t("programmes.csv_note", lang)])
    return RegisterView(table, cards, len(df), hidden_undated, csv, f"atlas_programmes_{lang}.csv")


# --- HELIOS coverage map -----------------------------------------------------------------


@dataclass
class CoverageView:
    title: str
    frame: pd.DataFrame
    spec: ChoroplethSpec
    has_regional: bool
    source_line: str
    metric_options: list[str] = field(default_factory=list)


def coverage_options(run: Runner, programme_id: str = HELIOS) -> list[str]:
    """'metric|period' for every metric and period with at least one regional figure."""
    df = pq.regional_metrics(run, programme_id)
    return [f"{m}|{p}" for m, p in zip(df["metric"], df["period"])]


def coverage_option_label(option: str, lang: str) -> str:
    metric, period = option.split("|", 1)
    return f"{hcharts.metric_label(metric, lang)} — {i18n.fmt_partial(period, lang)}"


def coverage_map_view(
    run: Runner, lang: str, option: str | None, measure: str = "value", programme_id: str = HELIOS
) -> CoverageView:
    """The HELIOS choropleth, built exactly like the map explorer's: a 13-region frame →
    ``classify.choropleth_spec``. Without a regional figure every region is 'no data'."""
    options = coverage_options(run, programme_id)
    if option and option in options:
        metric, period = option.split("|", 1)
        values = pq.coverage_map_values(run, programme_id, metric, period)
        title = coverage_option_label(option, lang)
    else:
        values = pq.coverage_map_values(run, programme_id, "", "")
        title = t("helios.map_title_none", lang)
    frame = pd.DataFrame(
        {
            "region_code": values["region_code"],
            "name": values[name_col(lang)],
            "value": values["value"].astype(float),
            "qualifier": values["qualifier"],
            "value_high": values["value_high"].astype(float),
            "source_publisher": values["source_publisher"],
            "source_title": values["source_title"],
            "population": values["population"],
            "census_year": values["census_year"],
        }
    )
    unit = values["unit"].dropna().iloc[0] if values["unit"].notna().any() else None
    if measure == "per_1000":
        rate = frame["value"] / frame["population"] * 1000
        frame = frame.assign(
            value=rate, value_high=frame["value_high"] / frame["population"] * 1000
        )
        unit = "per_1000"
        title += f" ({t('measure.per_1000', lang).lower()})"
    extra = {
        r.region_code: [(t("common.source", lang), source_text(r.source_publisher, r.source_title))]
        for r in frame.itertuples(index=False)
        if isinstance(r.source_title, str)
    }
    spec = classify.choropleth_spec(frame, lang=lang, title=title, unit=unit, extra_tooltip=extra)
    srcs = frame.dropna(subset=["source_title"]).drop_duplicates("source_title")
    line = "; ".join(
        source_text(p, s) for p, s in zip(srcs["source_publisher"], srcs["source_title"])
    )
    if measure == "per_1000" and frame["census_year"].notna().any():
        line += " · " + t(
            "explorer.population_note", lang, year=int(frame["census_year"].dropna().iloc[0])
        )
    return CoverageView(
        title,
        frame,
        spec,
        bool(frame["value"].notna().any()),
        f"{t('common.source', lang)}: {line}" if line else t("helios.no_regional", lang),
        options,
    )


# --- HELIOS national figures, milestones, facts, briefing tour ---------------------------


@dataclass
class NationalView:
    figure: go.Figure
    table: pd.DataFrame
    csv: bytes


def national_view(run: Runner, lang: str, programme_id: str = HELIOS) -> NationalView:
    df = pq.coverage(run, programme_id, national=True)
    fig = hcharts.national_series(df, lang=lang, title=t("helios.national_title", lang))
    table = pd.DataFrame(
        {
            t("helios.metric", lang): [hcharts.metric_label(m, lang) for m in df["metric"]],
            t("common.period", lang): [i18n.fmt_partial(p, lang) for p in df["period"]],
            t("common.value", lang): [hcharts.value_text(r, lang) for r in df.itertuples()],
            t("programmes.confidence", lang): [
                t(f"common.confidence_{c}", lang) for c in df["confidence"]
            ],
            t("common.source", lang): [
                source_text(p, s) for p, s in zip(df["source_publisher"], df["source_title"])
            ],
            t("common.notes", lang): df["note"].fillna(""),
        }
    )
    export = df[
        [
            "programme_id",
            "region_code",
            "period",
            "metric",
            "value",
            "qualifier",
            "value_high",
            "unit",
            "confidence",
            "note",
            "source_id",
            "source_publisher",
            "source_title",
            "source_url",
        ]
    ]
    return NationalView(fig, table, safe_csv(export, footer=[t("helios.national_title", lang)]))


def learning_centres(run: Runner, lang: str) -> pd.DataFrame:
    """Towns where a HELIOS learning centre is documented (an incomplete list: shown as
    places with their source, never counted per region)."""
    df = pq.municipal_items(run, "helios_learning_centre")
    return pd.DataFrame(
        {
            t("timeline.place", lang): [tl.place_label(m, lang) for m in df["municipality"]],
            t("common.region", lang): df[name_col(lang)],
            t("common.reference_date", lang): [
                partial_or(x, lang, "common.undated") for x in df["reference_date"]
            ],
            t("common.source", lang): [
                source_text(p, s) for p, s in zip(df["source_publisher"], df["source_title"])
            ],
            t("common.notes", lang): df["note"].fillna(""),
        }
    )


def helios_facts(run: Runner, lang: str) -> pd.DataFrame:
    facts = pq.programme_facts(run)
    facts = facts[facts["programme_id"].isin([HELIOS, HELIOS_SUCCESSOR])]
    return _facts_table(facts, lang)


@dataclass
class VisitsView:
    spec: ChoroplethSpec
    table: pd.DataFrame
    counts: dict[str, int]


def visits_view(run: Runner, lang: str, programme_id: str = HELIOS_SUCCESSOR) -> VisitsView:
    df = pq.visits(run, programme_id)
    frame = df.assign(name=df[name_col(lang)])
    spec = hcharts.visit_status_spec(frame, lang=lang, title=t("helios.tour_title", lang))
    status = hcharts.visit_status(frame)
    table = pd.DataFrame(
        {
            t("common.region", lang): frame["name"],
            t("helios.visit_status", lang): [t(f"visit.{s}", lang) for s in status],
            t("helios.visit_date", lang): [
                i18n.fmt_partial(d, lang) if isinstance(d, str) else "" for d in frame["date_text"]
            ],
            t("helios.visit_purpose", lang): frame[
                "purpose_el" if lang == "el" else "purpose_en"
            ].fillna(""),
            t("common.source", lang): [
                source_text(p, s) for p, s in zip(frame["source_publisher"], frame["source_title"])
            ],
        }
    )
    order = {s: i for i, s in enumerate(hcharts.VISIT_STATUSES)}
    table = table.iloc[sorted(range(len(status)), key=lambda i: order[status.iloc[i]])]
    return VisitsView(spec, table, status.value_counts().to_dict())


# --- timelines ----------------------------------------------------------------------------


@dataclass
class TimelineView:
    figure: go.Figure
    dated: pd.DataFrame  # display table of the events on the chart
    undated: pd.DataFrame  # display table of events that cannot be placed
    n_dated: int
    n_undated: int
    map_spec: ChoroplethSpec
    n_greece_no_region: int
    csv: bytes
    csv_name: str


def timeline_options(run: Runner) -> dict[str, list[str]]:
    ev = pq.events(run)
    countries = sorted(_country_names(ev))
    years = sorted(
        {d.year for d in pd.concat([ev["start_date"], ev["end_date"]]).dropna().map(pd.Timestamp)}
    )
    return {
        "process": [ALL, *tl.lanes(ev)],
        "country": [ALL, *countries],
        "years": [str(y) for y in range(years[0], years[-1] + 1)] if years else [],
    }


def _country_names(ev: pd.DataFrame) -> set[str]:
    """Countries: every name in the country (venue) column, plus partner names the
    translation table knows as a country (partners also name organisations)."""
    venues = {c for text in ev["country"] for c in tl.split_list(text)}
    partners = {c for text in ev["partners"] for c in tl.split_list(text) if tl.is_country(c)}
    return venues | partners


def filter_events(
    ev: pd.DataFrame,
    *,
    process: str = ALL,
    country: str = ALL,
    year_from: str | None = None,
    year_to: str | None = None,
) -> pd.DataFrame:
    """Process and country (where held or taking part) filter every event; the date range
    filters dated events by overlap and keeps the undated ones (they cannot be placed)."""
    keep = pd.Series(True, index=ev.index)
    if process:
        keep &= ev["process"] == process
    if country:
        keep &= pd.Series(
            [
                country in tl.split_list(c) or country in tl.split_list(p)
                for c, p in zip(ev["country"], ev["partners"])
            ],
            index=ev.index,
            dtype=bool,
        )
    if year_from or year_to:
        lo = date(int(year_from), 1, 1) if year_from else date.min
        hi = date(int(year_to), 12, 31) if year_to else date.max
        in_range = [
            pd.isna(s)
            or (pd.Timestamp(s).date() <= hi and pd.Timestamp(e if pd.notna(e) else s).date() >= lo)
            for s, e in zip(ev["start_date"], ev["end_date"])
        ]
        keep &= pd.Series(in_range, index=ev.index, dtype=bool)
    return ev[keep]


def _event_table(ev: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("timeline.date", lang): [
                tl.date_label(a, b, lang) for a, b in zip(ev["start_text"], ev["end_text"])
            ],
            t("timeline.event", lang): ev["title_el" if lang == "el" else "title_en"],
            t("timeline.process", lang): [tl.process_label(p, lang) for p in ev["process"]],
            t("timeline.place", lang): [
                tl.place_label(p, lang) if isinstance(p, str) else "" for p in ev["place"]
            ],
            t("common.region", lang): ev[
                "region_name_el" if lang == "el" else "region_name_en"
            ].fillna(""),
            t("timeline.country", lang): [
                "; ".join(tl.country_label(c, lang) for c in tl.split_list(x))
                for x in ev["country"]
            ],
            t("common.source", lang): [
                source_text(p, s) for p, s in zip(ev["source_publisher"], ev["source_title"])
            ],
            t("common.notes", lang): ev["note"].fillna(""),
        }
    )


def events_map_spec(ev: pd.DataFrame, lang: str, regions: pd.DataFrame) -> ChoroplethSpec:
    """Events held in each Greek region (count). The events table lists every recorded
    event, so a region without one shows 0 — not 'no data'."""
    counts = ev.dropna(subset=["region_code"]).groupby("region_code").size()
    frame = pd.DataFrame(
        {
            "region_code": regions["region_code"],
            "name": regions[name_col(lang)],
            "value": [float(counts.get(c, 0)) for c in regions["region_code"]],
            "qualifier": "=",
            "value_high": float("nan"),
        }
    )
    extra = {}
    for code, rows in ev.dropna(subset=["region_code"]).groupby("region_code"):
        extra[code] = [
            (t("timeline.event", lang), f"{tl.date_label(a, b, lang)}: {title}")
            for a, b, title in zip(
                rows["start_text"],
                rows["end_text"],
                rows["title_el" if lang == "el" else "title_en"],
            )
        ]
    return tl.count_spec(frame, lang=lang, title=t("timeline.map_title", lang), extra_tooltip=extra)


def timeline_view(
    run: Runner,
    lang: str,
    *,
    process: str = ALL,
    country: str = ALL,
    year_from: str | None = None,
    year_to: str | None = None,
) -> TimelineView:
    from atlas.queries.core import regions as all_regions

    ev = filter_events(
        pq.events(run), process=process, country=country, year_from=year_from, year_to=year_to
    )
    dated = ev[tl.placeable(ev)]
    undated = ev[~tl.placeable(ev)]
    fig = tl.timeline_figure(ev, lang=lang)
    spec = events_map_spec(ev, lang, all_regions(run))
    export = ev[
        [
            "event_id",
            "title_el",
            "title_en",
            "start_text",
            "start_precision",
            "end_text",
            "end_precision",
            "place",
            "region_code",
            "country",
            "partners",
            "process",
            "programme_id",
            "is_dated",
            "note",
            "source_id",
            "source_publisher",
            "source_title",
            "source_url",
        ]
    ]
    filters = ", ".join(
        f"{k}={v}"
        for k, v in (
            ("process", process),
            ("country", country),
            ("from", year_from),
            ("to", year_to),
        )
        if v
    )
    csv = safe_csv(
        export,
        footer=[t("timeline.title", lang), t("timeline.csv_filters", lang, filters=filters or "—")],
    )
    n_no_region = int((ev["in_greece"].fillna(False) & ev["region_code"].isna()).sum())
    return TimelineView(
        fig,
        _event_table(dated, lang),
        _event_table(undated, lang),
        len(dated),
        len(undated),
        spec,
        n_no_region,
        csv,
        f"atlas_events_{lang}.csv",
    )


def helios_milestones(run: Runner, lang: str) -> TimelineView:
    """HELIOS and its successor: the same timeline builder, one lane."""
    ev = pq.events(run)
    ev = ev[ev["programme_id"].isin([HELIOS, HELIOS_SUCCESSOR])]
    from atlas.queries.core import regions as all_regions

    return TimelineView(
        tl.timeline_figure(ev, lang=lang, title=t("helios.milestones_title", lang)),
        _event_table(ev[tl.placeable(ev)], lang),
        _event_table(ev[~tl.placeable(ev)], lang),
        int(tl.placeable(ev).sum()),
        int((~tl.placeable(ev)).sum()),
        events_map_spec(ev, lang, all_regions(run)),
        0,
        b"",
        "",
    )
