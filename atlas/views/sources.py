"""The data & sources view: every source with licence and coverage, and the gaps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas import i18n, labels, queries
from atlas.i18n import t
from atlas.queries import Runner
from atlas.views.common import NO_PERIOD, as_given
from atlas.views.shapes import Column, Export, Table, csv_export, shown_table, table


def sources_table(run: Runner, lang: str) -> Table:
    df = queries.sources_with_coverage(run)
    rows = df.assign(
        publisher=labels.greek_or(df, "publisher", lang),
        url=df["url"].fillna(""),
        reference=[as_given(x, lang) for x in df["reference_date"]],
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
    """Indicator × region: the latest period where there is data ("reference date not given"
    for an undated figure), '—' where there is none, "not public" for a known gap (no public
    figures by region exist); and how many of the 13 regions have data. Indicators held only
    nationally are listed apart (``national_only_indicators``)."""
    df = queries.coverage_matrix(run)
    keep = df.groupby("indicator_id")["status"].transform(
        lambda s: bool((s == "data").any() or (s == "not_public").any())
    )
    df = df[keep]
    not_public = t("sources.not_public", lang)

    def cell(status: str, period: object, latest: object) -> str:
        if status == "not_public":
            return not_public
        if status != "data":
            return "—"
        if latest == "overlap":  # no single latest period: the headline one, flagged
            return t(
                "sources.overlap_cell",
                lang,
                period=as_given(period, lang, missing=NO_PERIOD),
            )
        return as_given(period, lang, missing=NO_PERIOD)

    df = df.assign(
        indicator=labels.local(df, "name", lang),
        region=[labels.region_label(c, lang) for c in df["region_code"]],
        cell=[
            cell(s, p, x) for s, p, x in zip(df["status"], df["latest_period"], df["latest_status"])
        ],
    )
    pivot = df.pivot(index="indicator", columns="region", values="cell")
    by_code = dict(zip(df["region_code"], df["region"]))
    pivot = pivot[[by_code[c] for c in sorted(by_code)]]  # regions in NUTS order
    counts = df.groupby("indicator").agg(
        n=("status", lambda s: int((s == "data").sum())),
        total=("region_code", "nunique"),
        gap=("status", lambda s: bool((s == "not_public").all())),
    )
    regions_col = t("sources.n_regions_with_data", lang)
    pivot.insert(
        0,
        regions_col,
        [
            not_public if counts.loc[i, "gap"] else f"{counts.loc[i, 'n']}/{counts.loc[i, 'total']}"
            for i in pivot.index
        ],
    )
    order = counts.assign(_gap=counts["gap"]).sort_values(["_gap", "n"], ascending=[True, False])
    pivot = pivot.loc[order.index]
    pivot = pivot.reset_index().rename(columns={"indicator": t("common.indicator", lang)})
    pivot.columns.name = None
    return shown_table(pivot, lang)


def not_public_names(run: Runner, lang: str) -> list[str]:
    """Known gaps: figures that exist nowhere in public by region (the EU / non-EU split of
    2021, the 2011 foreign-citizen counts): listed as "not public here", never filled in."""
    df = queries.not_public_indicators(run)
    return labels.local(df, "name", lang).tolist()


def national_only_indicators(run: Runner, lang: str) -> list[str]:
    """Indicators the atlas holds only as national figures (no region has a value)."""
    df = queries.coverage_matrix(run)
    df = df[df["status"] != "not_public"]  # known gaps: no figures at all, not national-only
    has = df.groupby(["indicator_id", "name_el", "name_en"])["has_data"].any().reset_index()
    return labels.local(has.loc[~has["has_data"]], "name", lang).tolist()


def updates_log(run: Runner, lang: str, db_path: str | None = None) -> Table:
    """The data updates log: every published version with its date, the files it changed and
    how many figures it added, revised or removed — the public face of the versions list (no
    names of administrators; a pruned version is named as such). ``run`` is unused: the log
    reads the kept versions beside the database (``atlas.changes.updates``)."""
    from atlas import changes

    rows = []
    for u in changes.updates(Path(db_path) if db_path else None):
        when = changes.Side(u.version, u.published_at).when()
        files = "; ".join(
            t(f"sources.updates_files_{k}", lang, names=", ".join(v))
            for k, v in u.files.items()
            if v
        )
        counts = u.counts or {}
        note = [t("sources.updates_live", lang)] if u.live else []
        if u.note:
            note.append(t(f"sources.updates_{u.note}", lang))
        rows.append(
            {
                "date": i18n.fmt_date(when, lang) if when else "?",
                "version": u.version,
                "files": files or ("—" if u.counts is not None else ""),
                **{
                    k: i18n.fmt_number(counts[k], lang) if k in counts else "—"
                    for k in ("new", "revised", "removed")
                },
                "note": "; ".join(note),
            }
        )
    frame = pd.DataFrame(
        rows, columns=["date", "version", "files", "new", "revised", "removed", "note"]
    )
    columns = [
        Column("date", t("sources.updates_date", lang), "published"),
        Column("version", t("sources.updates_version", lang), "version"),
        Column("files", t("sources.updates_files", lang), "files_changed"),
        Column("new", t("sources.updates_new", lang), "figures_new"),
        Column("revised", t("sources.updates_revised", lang), "figures_revised"),
        Column("removed", t("sources.updates_removed", lang), "figures_removed"),
        Column("note", t("common.notes", lang), "note"),
    ]
    return table(frame, columns, lang)
