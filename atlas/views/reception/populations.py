"""Two populations side by side: census foreign citizens, reception residents."""

from __future__ import annotations

from dataclasses import dataclass

from atlas import classify, i18n, labels, queries
from atlas.i18n import t
from atlas.queries import Runner
from atlas.views.common import FOREIGN_CITIZENS, NO_PERIOD, as_given
from atlas.views.explorer import ExplorerView, explorer_view
from atlas.views.reception.common import persons
from atlas.views.reception.share import SHARE_DEFAULT_PERIOD, SHARE_INDICATOR, share_view
from atlas.views.shapes import Column, Export, MapSpec, Table, csv_export, table


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
            foreign_shown=[persons(v, lang) for v in f["value"]],
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
    when_f = as_given(foreign_period, lang, missing=NO_PERIOD) if foreign_period else ""
    when_r = as_given(share_period, lang, missing=NO_PERIOD) if share_period else ""
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
