"""The programme register's view: every programme with operator, funder, dates, regions,
description and sources; filters that never guess a date.

Every figure keeps its source; what the data does not hold is said to be unknown, never
filled in. The same frame feeds the screen and the CSV download.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas import i18n, labels
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import programmes as pq
from atlas.views.common import ALL, NONE, SOURCE_CSV, partial_or, with_all
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
    *SOURCE_CSV,
    "regions",
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
    regions: list[str]


@dataclass
class RegisterView:
    table: Table
    cards: list[ProgrammeCard]
    n_total: int
    hidden_undated: int
    exports: list[Export]


def register_options(run: Runner) -> dict[str, list[str]]:
    """Filter options from the data: statuses, funders (as written), years, regions."""
    df = pq.programmes(run)
    statuses = [s for s in STATUSES if s in set(df["status"])]
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


def funder_label(funder: str, lang: str) -> str:
    """A funder as written (shortened for a selector), or 'not stated'."""
    if funder == NONE:
        return t("funder.none", lang)
    return funder if len(funder) <= 70 else funder[:68] + "…"


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
    end = partial_or(row.end_text, lang, "programmes.end_not_stated")
    return f"{start} – {end}"


def facts_table(facts: pd.DataFrame, lang: str) -> Table:
    rows = pd.DataFrame(
        {
            "fact": [
                t(f"fact.{f}", lang) if i18n.has(f"fact.{f}") else f.replace("_", " ")
                for f in facts["fact"]
            ],
            "value": labels.local(facts, "value", lang),
            "reference": [partial_or(x, lang, "common.undated") for x in facts["reference_date"]],
            "confidence": [t(f"common.confidence_{c}", lang) for c in facts["confidence"]],
            "source": labels.citations(facts["source_publisher"], facts["source_title"]),
        }
    )
    keys = ("programmes.fact", "common.value", "common.reference_date", "programmes.confidence")
    keys += ("common.source",)
    return table(rows, [Column(f, t(k, lang)) for f, k in zip(rows.columns, keys)], lang)


def _regions_text(codes: list[str], lang: str) -> str:
    return ", ".join(labels.region_label(c, lang) for c in codes)


def _card(row, regions: list[str], facts: pd.DataFrame, lang: str) -> ProgrammeCard:
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
    return ProgrammeCard(
        row.programme_id,
        labels.local(row, "name", lang),
        row.status,
        lines,
        labels.local(row, "description", lang),
        row.url if isinstance(row.url, str) else "",
        labels.citation(row.source_publisher, row.source_title),
        facts_table(facts[facts["programme_id"] == row.programme_id], lang),
        regions,
    )


def _columns(lang: str) -> list[Column]:
    shown = (
        ("name_shown", "programmes.name"),
        ("status_label", "programmes.status"),
        ("dates", "programmes.dates"),
        ("regions_text", "programmes.regions"),
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
    shown = filter_programmes(df, links, status=status, funder=funder, period=period, region=region)
    hidden_undated = 0
    if period:
        base = filter_programmes(df, links, status=status, funder=funder, region=region)
        hidden_undated = int(base["start_date"].isna().sum())
    facts = pq.programme_facts(run)
    regions_of = (
        links.groupby("programme_id")["region_code"].apply(lambda s: sorted(set(s))).to_dict()
    )
    cards = [
        _card(row, regions_of.get(row.programme_id, []), facts, lang)
        for row in shown.itertuples(index=False)
    ]
    not_stated = t("programmes.not_stated", lang)
    rows = shown.assign(
        name_shown=labels.local(shown, "name", lang),
        status_label=[t(f"status.{s}", lang) for s in shown["status"]],
        dates=[dates_text(r, lang) for r in shown.itertuples()],
        regions_text=[
            _regions_text(regions_of.get(p, []), lang) or "—" for p in shown["programme_id"]
        ],
        source=labels.citations(shown["source_publisher"], shown["source_title"]),
        operator_shown=shown["operator"].fillna(not_stated),
        funder_shown=shown["funder"].fillna(not_stated),
        regions=[";".join(regions_of.get(p, [])) for p in shown["programme_id"]],
    )
    tbl = table(rows, _columns(lang), lang)
    footer = [t("programmes.title", lang), t("programmes.csv_note", lang)]
    csv = csv_export(
        tbl, f"atlas_programmes_{lang}.csv", t("common.download_csv", lang), footer=footer
    )
    return RegisterView(tbl, cards, len(df), hidden_undated, [csv])


def shown_note(view: RegisterView, lang: str, *, period: str = ALL, region: str = ALL, **_) -> str:
    """'3 of 12 programmes shown', and what the filters leave out."""
    parts = [t("programmes.shown", lang, n=len(view.cards), total=view.n_total)]
    if view.hidden_undated:
        parts.append(t("programmes.hidden_undated", lang, n=view.hidden_undated))
    if period:
        parts.append(t("programmes.period_note", lang))
    if region:
        parts.append(t("programmes.region_note", lang))
    return " ".join(parts)


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
