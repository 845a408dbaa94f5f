"""The programme register's view: every programme with operator, funder, dates, regions,
description and sources; filters that never guess a date.

Every figure keeps its source; what the data does not hold is said to be unknown, never
filled in. The same frame feeds the screen and the CSV download.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from atlas import i18n, labels
from atlas.i18n import t
from atlas.queries import Runner, core
from atlas.queries import programmes as pq
from atlas.views.common import ALL, NONE, SOURCE_CSV, as_given, with_all
from atlas.views.shapes import Choice, Column, Export, Table, csv_export, table

STATUSES = ("active", "planned", "suspended", "completed", "unknown")
CSV_FIELDS = (
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
    "status_date_text",
    *SOURCE_CSV,
    "regions",
    "links_text",
)


@dataclass
class ProgrammeCard:
    programme_id: str
    name: str
    status: str
    lines: list[tuple[str, str]]  # (label, text) rows: operator, funder, dates …
    description: str
    url: str
    source: str
    facts: Table
    regions: list[str]  # regions where the programme is documented as operating


@dataclass
class RegisterView:
    table: Table
    cards: list[ProgrammeCard]
    n_total: int
    exports: list[Export]
    # with a year chosen: what may be said of every programme not shown as running that year
    # ("HELIOS: suspended since January 2024", "SID: end not known")
    not_running: list[str] = field(default_factory=list)


def register_options(run: Runner) -> dict[str, list[str]]:
    """Filter options from the data: statuses, funders (as written), years, regions."""
    df = pq.programmes(run)
    statuses = [s for s in STATUSES if s in set(df["status"])]
    funders = sorted(f for f in df["funder"].dropna().unique())
    if df["funder"].isna().any():
        funders.append(NONE)
    # Years from the first programme start to the latest date the data knows (programmes or
    # events) or the year of the build, whichever is later: 2024 (HELIOS suspension) and the
    # current year can be chosen; a year past the data says what is not known of it.
    ev = pq.events(run)
    dates = pd.concat([df["start_date"], df["end_date"], ev["start_date"], ev["end_date"]]).dropna()
    first = df["start_date"].dropna()
    built = core.reference_date(run)
    last = max(pd.Timestamp(dates.max()).year, built.year if built else 0)
    years = [str(y) for y in range(pd.Timestamp(first.min()).year, last + 1)] if len(first) else []
    links = pq.programme_regions(run)
    return {
        "status": [ALL, *statuses],
        "funder": [ALL, *funders],
        "period": [ALL, *reversed(years)],
        "region": [ALL, *sorted(links["region_code"].unique())],
    }


def funder_label(funder: str, lang: str) -> str:
    """A funder as written (shortened for a selector), or 'not stated'."""
    if funder == NONE:
        return t("funder.none", lang)
    return funder if len(funder) <= 70 else funder[:68] + "…"


def filter_programmes(
    df: pd.DataFrame,
    links: pd.DataFrame,
    *,
    status: str = ALL,
    funder: str = ALL,
    period: str = ALL,
    region: str = ALL,
    year_status: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The programmes the filters keep. ``period``: running in that year by the rules of
    ``queries.programmes.programme_status_in_year`` (``year_status``: its answer for that
    year): a sourced start and end, a later halt or a dated 'active' status must cover the
    year; an unknown end is never 'running'."""
    keep = pd.Series(True, index=df.index)
    if status:
        keep &= df["status"] == status
    if funder == NONE:
        keep &= df["funder"].isna()
    elif funder:
        keep &= df["funder"] == funder
    if period:
        running = (
            set()
            if year_status is None
            else set(year_status.loc[year_status["running"], "programme_id"])
        )
        keep &= df["programme_id"].isin(running)
    if region:
        ids = set(links.loc[links["region_code"] == region, "programme_id"])
        keep &= df["programme_id"].isin(ids)
    return df[keep]


def dates_text(row, lang: str) -> str:
    start = as_given(row.start_text, lang, missing="programmes.not_stated")
    end = as_given(row.end_text, lang, missing="programmes.end_not_stated")
    return f"{start} – {end}"


def facts_table(facts: pd.DataFrame, lang: str) -> Table:
    rows = pd.DataFrame(
        {
            "fact": [
                t(f"fact.{f}", lang) if i18n.has(f"fact.{f}") else f.replace("_", " ")
                for f in facts["fact"]
            ],
            "value": labels.local(facts, "value", lang),
            "reference": [
                as_given(x, lang, missing="common.undated") for x in facts["reference_date"]
            ],
            "confidence": [t(f"common.confidence_{c}", lang) for c in facts["confidence"]],
            "source": labels.citations(
                labels.greek_or(facts, "source_publisher", lang), facts["source_title"]
            ),
        }
    )
    keys = ("programmes.fact", "common.value", "common.reference_date", "programmes.confidence")
    keys += ("common.source",)
    return table(rows, [Column(f, t(k, lang)) for f, k in zip(rows.columns, keys)], lang)


def _regions_text(codes: list[str], lang: str) -> str:
    return ", ".join(labels.region_label(c, lang) for c in codes)


def links_text(links: pd.DataFrame, lang: str) -> str:
    """Links that are not a presence, said for what they are: 'one event in South Aegean
    (4th Ministerial Conference …, 25/06/2003)'; '' without such links."""
    other = links[~links["presence"].fillna(False).astype(bool)]
    parts = []
    for (kind, code), rows in other.groupby(["link_kind", "region_code"], sort=True):
        named = "; ".join(
            dict.fromkeys(
                f"{title}, {as_given(d, lang, short=True) or t('common.undated', lang)}"
                for title, d in zip(labels.local(rows, "title", lang), rows["reference_date"])
            )
        )
        key = f"programmes.link_{kind}" if i18n.has(f"programmes.link_{kind}") else None
        region = labels.region_label(code, lang)
        parts.append(
            t(key, lang, n=len(rows), region=region, names=named) if key else f"{region}: {named}"
        )
    return "; ".join(parts)


def year_status_text(row, lang: str) -> str:
    """'σε αναστολή από Ιανουάριος 2024', 'η λήξη δεν είναι γνωστή' …: what may be said of a
    programme in the chosen year."""
    since = as_given(row.status_date_text, lang, missing="common.undated")
    end = as_given(row.end_text, lang, missing="programmes.end_not_stated")
    return t(f"year_status.{row.year_status}", lang, since=since, end=end)


def _card(
    row, regions: list[str], links: str, facts: pd.DataFrame, lang: str, in_year: str = ""
) -> ProgrammeCard:
    not_stated = t("programmes.not_stated", lang)
    lines = [
        (t("programmes.status", lang), t(f"status.{row.status}", lang)),
        (
            t("programmes.operator", lang),
            row.operator if isinstance(row.operator, str) else not_stated,
        ),
        (t("programmes.funder", lang), row.funder if isinstance(row.funder, str) else not_stated),
        (t("programmes.dates", lang), dates_text(row, lang)),
        (
            t("programmes.regions", lang),
            _regions_text(regions, lang) if regions else t("programmes.no_regions", lang),
        ),
    ]
    if links:
        lines.append((t("programmes.other_links", lang), links))
    if in_year:
        lines.insert(1, in_year)
    return ProgrammeCard(
        programme_id=row.programme_id,
        name=labels.local(row, "name", lang),
        status=row.status,
        lines=lines,
        description=labels.local(row, "description", lang),
        url=row.url if isinstance(row.url, str) else "",
        source=labels.citation(labels.greek_or(row, "source_publisher", lang), row.source_title),
        facts=facts_table(facts[facts["programme_id"] == row.programme_id], lang),
        regions=regions,
    )


def _columns(lang: str) -> list[Column]:
    shown = (
        ("name_shown", "programmes.name"),
        ("status_label", "programmes.status"),
        ("dates", "programmes.dates"),
        ("regions_text", "programmes.regions"),
        ("links_text", "programmes.other_links"),
        ("source", "common.source"),
        ("operator_shown", "programmes.operator"),
        ("funder_shown", "programmes.funder"),
    )
    return [Column(f, t(k, lang)) for f, k in shown] + [Column(f, csv=f) for f in CSV_FIELDS]


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
    year = pq.programme_status_in_year(run, int(period)) if period else None
    shown = filter_programmes(
        df, links, status=status, funder=funder, period=period, region=region, year_status=year
    )
    facts = pq.programme_facts(run)
    present = links[links["presence"].fillna(False).astype(bool)]
    regions_of = (
        present.groupby("programme_id")["region_code"].apply(lambda s: sorted(set(s))).to_dict()
    )
    links_of = {p: links_text(rows, lang) for p, rows in links.groupby("programme_id")}
    status_of = (
        {r.programme_id: year_status_text(r, lang) for r in year.itertuples(index=False)}
        if year is not None
        else {}
    )
    cards = [
        _card(
            row,
            regions_of.get(row.programme_id, []),
            links_of.get(row.programme_id, ""),
            facts,
            lang,
            (t("programmes.in_year", lang, year=period), status_of[row.programme_id])
            if period
            else "",
        )
        for row in shown.itertuples(index=False)
    ]
    not_running = []
    if year is not None:
        base = filter_programmes(df, links, status=status, funder=funder, region=region)
        names = dict(zip(df["programme_id"], labels.local(df, "name", lang)))
        for r in year[
            year["programme_id"].isin(base["programme_id"]) & ~year["running"]
        ].itertuples(index=False):
            not_running.append(f"{names[r.programme_id]}: {status_of[r.programme_id]}")
    not_stated = t("programmes.not_stated", lang)
    rows = shown.assign(
        name_shown=labels.local(shown, "name", lang),
        status_label=[t(f"status.{s}", lang) for s in shown["status"]],
        dates=[dates_text(r, lang) for r in shown.itertuples()],
        regions_text=[
            _regions_text(regions_of.get(p, []), lang) or "—" for p in shown["programme_id"]
        ],
        links_text=[links_of.get(p, "") or "—" for p in shown["programme_id"]],
        source=labels.citations(
            labels.greek_or(shown, "source_publisher", lang), shown["source_title"]
        ),
        operator_shown=shown["operator"].fillna(not_stated),
        funder_shown=shown["funder"].fillna(not_stated),
        regions=[";".join(regions_of.get(p, [])) for p in shown["programme_id"]],
    )
    tbl = table(rows, _columns(lang), lang)
    footer = [t("programmes.title", lang), t("programmes.csv_note", lang)]
    csv = csv_export(
        tbl, f"atlas_programmes_{lang}.csv", t("common.download_csv", lang), footer=footer
    )
    return RegisterView(tbl, cards, len(df), [csv], not_running)


def shown_note(view: RegisterView, lang: str, *, period: str = ALL, region: str = ALL, **_) -> str:
    """'3 of 12 programmes shown', and what the filters leave out."""
    parts = [t("programmes.shown", lang, n=len(view.cards), total=view.n_total)]
    if period:
        parts.append(t("programmes.period_note", lang))
    if region:
        parts.append(t("programmes.region_note", lang))
    return " ".join(parts)


def not_running_markdown(view: RegisterView, lang: str, period: str) -> str:
    """With a year chosen: every programme not running that year, and why (Markdown)."""
    if not view.not_running:
        return ""
    head = t("programmes.not_running", lang, year=period)
    return f"**{head}**\n" + "\n".join(f"- {line}" for line in view.not_running)


def card_markdown(card: ProgrammeCard, lang: str) -> str:
    """The card's lines and description as Markdown (the link is drawn apart)."""
    lines = "\n".join(f"- **{label}:** {text}" for label, text in card.lines)
    return f"{lines}\n\n**{t('programmes.description', lang)}.** {card.description}"


def register_choices(run: Runner, lang: str) -> list[Choice]:
    """Status, funder, year and region ('' = all); the region is the atlas-wide choice."""
    from geo.regions import REGION_CODES

    opts = register_options(run)
    region = lambda c: labels.region_label(c, lang, with_code=True)  # noqa: E731
    return [
        Choice(
            "prog_status",
            t("programmes.status", lang),
            tuple(opts["status"]),
            with_all(lambda s: t(f"status.{s}", lang), lang),
        ),
        Choice(
            "prog_funder",
            t("programmes.funder", lang),
            tuple(opts["funder"]),
            with_all(lambda f: funder_label(f, lang), lang),
        ),
        Choice(
            "prog_year", t("programmes.period", lang), tuple(opts["period"]), with_all(str, lang)
        ),
        Choice(
            "region", t("programmes.region", lang), (ALL, *REGION_CODES), with_all(region, lang)
        ),
    ]
