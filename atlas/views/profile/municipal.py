"""The region profile's "Municipalities" section (issue 26): the region's municipalities with
the integration structures each is known to have, for the page (a table), the brief (page
one: those with a ΚΕΜ, a council or network membership; the annex: all of them) and the CSV.

Truth: a structure is "known" from a source with its date; a municipality without any row
reads "no record in the atlas", never "none"; a call to set up a council is said to be a
call; a ΚΕΜ reported for a municipality before its 2019 split says so. No municipal figure is
estimated from a regional one: the population is ELSTAT's own municipal figure.
"""

from __future__ import annotations

import re

import pandas as pd

from atlas import i18n, labels
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import local as q
from atlas.views.profile.model import Item, MunicipalSection
from atlas.views.shapes import Column, table

# The order a municipality's structures are listed in (the network ones first).
KIND_ORDER: tuple[str, ...] = ("kem", "semp", "cities_network", "helios", "reception_site")
CSV_COLUMNS: tuple[str, ...] = (
    "region_code",
    "code",
    "name_el",
    "name_en",
    "population_2021",
    "population_2011",
    "structures",
    "source_ids",
)


_LEADING_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(?=$|[\s;(])")


def _date(row: pd.Series, lang: str) -> str:
    """The row's own reference date where it starts with one ("2021-02", "2021 (report
    year; …)"), else the source's; "undated" when neither gives a date."""
    own = _LEADING_DATE.match(str(row["reference_date"] or ""))
    return i18n.fmt_partial(own[0] if own else row["source_reference_date"], lang)


def _kind_label(kind: str, status: str, lang: str) -> str:
    key = f"local.kind.{kind}" if status == "known" else f"local.kind.{kind}_{status}"
    return t(key, lang) if i18n.has(key) else t(f"local.kind.{kind}", lang)


def _structure_texts(rows: pd.DataFrame, lang: str) -> list[tuple[str, list[str]]]:
    """One text per (kind, status) of one municipality, with its dates and source ids:
    "Γνωστό ότι έχει ΣΕΜ/ΣΕΜΠ (12/03/2024)"; reception sites by name."""
    out: list[tuple[str, list[str]]] = []
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    statuses = {"known": 0, "call": 1, "announced": 2}
    keyed = rows.assign(
        _k=rows["kind"].map(order).fillna(99), _s=rows["status"].map(statuses).fillna(9)
    ).sort_values(["_k", "_s", "source_id"], kind="stable")
    for (kind, status), group in keyed.groupby(["kind", "status"], sort=False):
        ids = list(dict.fromkeys(group["source_id"].dropna()))
        if kind == "reception_site":
            names = sorted(dict.fromkeys(labels.local(group, "name", lang)))
            text = t("local.kind.reception_site", lang, names=", ".join(names))
        else:
            dates = ", ".join(dict.fromkeys(_date(r, lang) for _, r in group.iterrows()))
            text = f"{_kind_label(kind, status, lang)} ({dates})"
            if (group["scope"] == "former_municipality").any():
                text += " " + t("local.former", lang)
        out.append((text, ids))
    return out


def municipal_section(run: Runner, code: str, lang: str) -> MunicipalSection:
    """The section for region ``code`` in ``lang`` (pure: queries in, view model out)."""
    towns = q.municipalities(run, code)
    rows = q.structures(run, region_code=code)
    by_code = {c: g for c, g in rows.groupby("code")}
    items: list[Item] = []
    network: list[Item] = []
    texts, cited = [], []
    for town in towns.itertuples(index=False):
        parts = _structure_texts(by_code[town.code], lang) if town.code in by_code else []
        ids = list(dict.fromkeys(s for _, group in parts for s in group))
        texts.append(" · ".join(p for p, _ in parts) if parts else t("local.no_record", lang))
        cited.append(";".join(ids))
        if not parts:
            continue
        title = f"{labels.local(town, 'name', lang)} ({town.code})"
        pop = (
            t("local.population", lang, n=i18n.fmt_number(town.population_2021, lang))
            if pd.notna(town.population_2021)
            else ""
        )
        item = Item(title, " · ".join(p for p, _ in parts), ids, [pop] if pop else [])
        items.append(item)
        if town.has_kem or town.has_council or town.in_cities_network:
            # page one of the brief: the network structures only, with their sources
            mine = by_code[town.code]
            net = _structure_texts(mine[mine["kind"].isin(q.NETWORK_KINDS)], lang)
            net_ids = list(dict.fromkeys(s for _, group in net for s in group))
            network.append(Item(title, " · ".join(p for p, _ in net), net_ids, item.extra))
    frame = towns.assign(
        region_code=code,
        name=labels.local(towns, "name", lang),
        structures=texts,
        structures_cited=texts,  # the profile adds its source numbers ([n])
        source_ids=cited,
    )
    columns = [
        Column("name", t("local.col_municipality", lang)),
        Column("structures_cited", t("local.col_structures", lang)),
        Column("population_2021", t("local.col_population_2021", lang), kind="number"),
        Column("population_2011", t("local.col_population_2011", lang), kind="number"),
        Column("code", t("local.col_code", lang)),
        *(Column(c, csv=c) for c in CSV_COLUMNS),
    ]
    in_network = {x.title for x in network}
    ranked = sorted(items, key=lambda x: x.title not in in_network)  # stable: by population
    return MunicipalSection(
        items=ranked,
        network=network,
        table=table(frame, columns, lang),
        n_municipalities=len(towns),
        n_without_record=int((towns["n_structures"] == 0).sum()),
        source_ids=list(dict.fromkeys(s for x in [*ranked, *network] for s in x.source_ids)),
    )


def cite_table(section: MunicipalSection, numbers: dict[str, int]) -> None:
    """Add the profile's source numbers to the on-screen structures ("… [3][4]")."""

    def cite(ids: list[str]) -> str:
        return "".join(f"[{n}]" for n in sorted({numbers[s] for s in ids if s in numbers}))

    frame = section.table.frame
    frame["structures_cited"] = [
        f"{text} {cite([s for s in str(ids).split(';') if s])}".strip()
        for text, ids in zip(frame["structures"], frame["source_ids"], strict=True)
    ]
