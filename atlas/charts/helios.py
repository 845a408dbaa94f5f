"""HELIOS builders: national figures as a series, and the briefing-tour status map spec.

Pure functions (no Streamlit). The status map reuses the map explorer's component: it
builds a ``ChoroplethSpec`` with categorical colours for ``maps.choropleth_map``.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from atlas import i18n, labels
from atlas.charts.ranking import FONT
from atlas.charts.style import readable
from atlas.charts.timeline import PALETTE
from atlas.classify import ChoroplethSpec, LegendItem

# Briefing-tour statuses in legend order. A region without a row in `visits` is
# 'not_recorded' (the source says nothing of it), never 'not yet'.
VISIT_STATUSES = ("briefed", "planned", "not_yet", "not_recorded")
VISIT_COLORS = {
    "briefed": "#1b7837",
    "planned": "#e08214",
    "not_yet": "#f7f7f7",
    "not_recorded": "#d9d9d9",
}


def metric_label(metric: str, lang: str, row=None) -> str:
    """What a metric counts: the data's own label (``metric_name_el/en`` of the metrics
    mart, which names the unit of count) where the row has it, else the code."""
    if row is not None:
        name = labels.local(row, "metric_name", lang)
        if isinstance(name, str) and name:
            return name
    return metric.replace("_", " ")


def value_text(row, lang: str) -> str:
    """A figure as published: '18.947', 'πάνω από 45.000', 'περίπου 4.000'."""
    q = row.qualifier if isinstance(row.qualifier, str) else "="
    if q in ("=", ""):
        return i18n.fmt_value(row.value, lang, disclose=False)
    return i18n.bound_label(q, row.value, row.value_high, lang)


def national_series(frame: pd.DataFrame, *, lang: str, title: str = "") -> go.Figure:
    """One marker per national figure, one colour per metric (a line joins the points of a
    metric when it has more than one). Bounds ('more than 45,000') are hollow markers and
    labelled as bounds; every point's hover names its source and confidence."""
    fig = go.Figure()
    for i, (metric, rows) in enumerate(frame.groupby("metric", sort=True)):
        rows = rows.sort_values("period_end")
        color = PALETTE[i % len(PALETTE)]
        name = metric_label(metric, lang, rows.iloc[0])
        texts, hovers, symbols = [], [], []
        for row in rows.itertuples(index=False):
            text = value_text(row, lang)
            q = row.qualifier if isinstance(row.qualifier, str) else "="
            symbols.append("circle" if q in ("=", "") else "circle-open")
            texts.append(text)
            src = labels.citation(row.source_publisher, row.source_title)
            conf = i18n.t(f"common.confidence_{row.confidence}", lang)
            hovers.append(
                "<br>".join(
                    html.escape(x)
                    for x in (
                        name,
                        f"{i18n.fmt_partial(row.period, lang)}: {text}",
                        f"{i18n.t('common.source', lang)}: {src}",
                        conf,
                    )
                    if x
                )
            )
        fig.add_trace(
            go.Scatter(
                x=[d.isoformat() for d in pd.to_datetime(rows["period_end"]).dt.date],
                y=rows["value"].tolist(),
                mode="markers+lines+text" if len(rows) > 1 else "markers+text",
                name=name,
                text=texts,
                textposition="top center",
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra></extra>",
                marker={
                    "size": 12,
                    "color": color,
                    "symbol": symbols,
                    "line": {"color": color, "width": 2},
                },
                line={"color": color},
                meta={"metric": metric},
            )
        )
    fig.update_layout(
        title={"text": title, "font": {"size": 15}},
        font={"family": FONT, "size": 12},
        plot_bgcolor="white",
        height=420,
        margin={"l": 10, "r": 70, "t": 50, "b": 10},
        xaxis={"type": "date", "showgrid": True, "gridcolor": "#eee"},
        yaxis={
            "rangemode": "tozero",
            "separatethousands": True,
            "gridcolor": "#eee",
            "title": {"text": i18n.unit_suffix("persons", lang).strip()},
        },
        legend={"orientation": "h", "y": -0.15},
        separators=i18n.plotly_separators(lang),
    )
    return readable(fig)


def visit_status(frame: pd.DataFrame) -> pd.Series:
    """Status per row; a region without a row in `visits` is 'not_recorded'."""
    return frame["status"].where(frame["status"].isin(VISIT_STATUSES), "not_recorded")


def visit_status_text(status: str, date_text: object, lang: str) -> str:
    """'έχει προγραμματιστεί, η ημερομηνία δεν δίνεται' for a visit the source says was
    scheduled without a date; else the status."""
    if status == "planned" and not (isinstance(date_text, str) and date_text):
        return i18n.t("visit.scheduled_no_date", lang)
    return i18n.t(f"visit.{status}", lang)


def visit_status_spec(frame: pd.DataFrame, *, lang: str, title: str) -> ChoroplethSpec:
    """Categorical spec for ``maps.choropleth_map``: one colour per status, dates as the
    source gives them ('17 Νοεμβρίου', no year), purpose and source in the tooltip.

    ``frame``: one row per region (region_code, name, status, date_text, source_publisher,
    source_title)."""
    status = visit_status(frame)
    colors, tooltips = {}, {}
    for row, st in zip(frame.itertuples(index=False), status):
        colors[row.region_code] = VISIT_COLORS[st]
        rows = [
            (i18n.t("common.region", lang), str(row.name)),
            (i18n.t("helios.visit_status", lang), visit_status_text(st, row.date_text, lang)),
        ]
        if isinstance(row.date_text, str) and row.date_text:
            when = i18n.fmt_partial(row.date_text, lang)
            if row.date_text.startswith("--"):
                when += " " + i18n.t("profile.year_not_given", lang)
            rows.append((i18n.t("helios.visit_date", lang), when))
        if isinstance(row.source_title, str):
            rows.append(
                (
                    i18n.t("common.source", lang),
                    labels.citation(row.source_publisher, row.source_title),
                )
            )
        tooltips[row.region_code] = [(html.escape(a), html.escape(b)) for a, b in rows]
    counts = status.value_counts()
    dated = frame["date_text"].map(lambda d: isinstance(d, str) and bool(d))
    undated_planned = (
        bool((status == "planned").any()) and not (dated & (status == "planned")).any()
    )

    def label(s: str) -> str:
        if s == "planned" and undated_planned:  # the source gives no date for any of them
            return i18n.t("visit.scheduled_no_date", lang)
        return i18n.t(f"visit.{s}", lang)

    legend = [
        LegendItem(VISIT_COLORS[s], f"{label(s)} ({counts.get(s, 0)})", "class")
        for s in VISIT_STATUSES
        if counts.get(s, 0) or s in ("briefed", "planned")
    ]
    return ChoroplethSpec(title=title, colors=colors, tooltips=tooltips, legend=legend)
