"""The island series: occupancy and capacity of the island sites over time."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd

from atlas import i18n, labels
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import reception as rq
from atlas.views.shapes import Chart, Column, Table, table


@dataclass
class IslandView:
    frame: pd.DataFrame
    chart: Chart
    table: Table


def island_frame(run: Runner, lang: str) -> pd.DataFrame:
    df = rq.island_series(run)
    df["site"] = labels.local(df, "name", lang)
    df["date_label"] = [i18n.fmt_partial(d, lang) for d in df["date_text"]]
    df["source"] = labels.citations(
        labels.greek_or(df, "source_publisher", lang), df["source_title"]
    )
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
