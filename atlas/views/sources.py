"""The data & sources view: every source with licence and coverage, and the gaps."""

from __future__ import annotations

from atlas import i18n, labels, queries
from atlas.i18n import t
from atlas.queries import Runner
from atlas.views.shapes import Column, Export, Table, csv_export, shown_table, table


def sources_table(run: Runner, lang: str) -> Table:
    df = queries.sources_with_coverage(run)
    rows = df.assign(
        url=df["url"].fillna(""),
        reference=[
            i18n.fmt_partial(x, lang) if isinstance(x, str) else "" for x in df["reference_date"]
        ],
        indicators=df["indicators"].fillna("—"),
        notes=df["notes"].fillna(""),
    )
    header = {
        "publisher": "common.publisher",
        "title": "common.title",
        "url": "common.link",
        "reference": "common.reference_date",
        "licence": "common.licence",
        "indicators": "sources.indicators",
        "n_regions": "sources.n_regions",
        "notes": "common.notes",
    }
    kinds = {"url": "link", "n_regions": "number"}
    columns = [Column(f, t(k, lang), t(k, lang), kinds.get(f, "text")) for f, k in header.items()]
    return table(rows, [*columns, Column("source_id", "source_id", "source_id")], lang)


def sources_csv(tbl: Table, lang: str) -> Export:
    # The CSV keeps the on-screen headers (in the reader's language), as it always has.
    return csv_export(tbl, f"atlas_sources_{lang}.csv", t("common.download_csv", lang))


def coverage_pivot(run: Runner, lang: str) -> Table:
    """Indicator × region: latest period where there is data, '—' where there is none."""
    df = queries.coverage_matrix(run)
    regional = df.groupby("indicator_id")["has_data"].transform("any")
    df = df[regional]
    df = df.assign(
        indicator=labels.local(df, "name", lang),
        region=[labels.region_label(c, lang) for c in df["region_code"]],
        cell=[
            i18n.fmt_partial(p, lang) if ok else "—"
            for p, ok in zip(df["latest_period"], df["has_data"])
        ],
    )
    pivot = df.pivot(index="indicator", columns="region", values="cell")
    pivot = pivot.reset_index().rename(columns={"indicator": t("common.indicator", lang)})
    pivot.columns.name = None
    return shown_table(pivot, lang)


def national_only_indicators(run: Runner, lang: str) -> list[str]:
    """Indicators the atlas holds only as national figures (no region has a value)."""
    df = queries.coverage_matrix(run)
    df = df[df["status"] != "not_public"]  # known gaps: no figures at all, not national-only
    has = df.groupby(["indicator_id", "name_el", "name_en"])["has_data"].any().reset_index()
    return labels.local(has.loc[~has["has_data"]], "name", lang).tolist()
