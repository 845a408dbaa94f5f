"""Timeline of activities: pure builders from an events frame to a plotly figure.

Dates keep the precision the source gives them: a bar spans the whole period a date stands
for (a day, a month, a year), so '2016-10' is a bar over October 2016 and '2019' a bar over
2019. An event without a date (or with day and month but no year, '--11-17') cannot be
placed: it is left out of the figure and listed by the page instead.

The frame needs: event_id, title_el, title_en, process, start_text, start_date,
start_precision, end_text, end_date, end_precision, place, source_publisher, source_title.
"""

from __future__ import annotations

import html
import unicodedata
from datetime import date, datetime, timedelta

import pandas as pd
import plotly.graph_objects as go

from atlas import i18n, labels
from atlas.charts.ranking import FONT
from atlas.charts.style import readable

# Lane order: the international processes first, then the programmes' own milestones.
PROCESS_ORDER = ("budapest", "ein", "helios", "sid", "ukraine")
# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
PRECISION_SYMBOL = {"day": "circle", "month": "square", "year": "diamond"}
MS_PER_DAY = 86_400_000


def process_label(process: str | None, lang: str) -> str:
    key = f"process.{process}"
    return i18n.t(key, lang) if process and i18n.has(key) else (process or "—")


def lanes(frame: pd.DataFrame) -> list[str]:
    """Processes in display order: known ones in PROCESS_ORDER, others alphabetically."""
    present = [p for p in frame["process"].dropna().unique()]
    known = [p for p in PROCESS_ORDER if p in present]
    return known + sorted(p for p in present if p not in PROCESS_ORDER)


def placeable(frame: pd.DataFrame) -> pd.Series:
    """True for events with a full start date (year known): only these go on the axis."""
    return frame["start_date"].notna()


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def span(row) -> tuple[date, date]:
    """[start, end) of the bar: the end is exclusive, so a one-day event is one day long and
    a month-only date covers the whole month (the ETL gives end_date as its last day)."""
    start = _as_date(row.start_date)
    end = _as_date(row.end_date) if pd.notna(row.end_date) else start
    return start, end + timedelta(days=1)


def date_label(start_text: str | None, end_text: str | None, lang: str) -> str:
    """The dates as the source gives them: '14/11/2019 – 15/11/2019', 'Οκτώβριος 2016',
    '17 Νοεμβρίου' (no year), 'undated'."""
    first = i18n.fmt_partial(start_text if isinstance(start_text, str) else None, lang)
    if isinstance(end_text, str) and end_text and end_text != start_text:
        return f"{first} – {i18n.fmt_partial(end_text, lang)}"
    return first


def precision_label(precision: str | None, lang: str) -> str:
    key = f"timeline.precision_{precision}" if precision else "timeline.precision_none"
    return i18n.t(key, lang) if i18n.has(key) else str(precision)


def _hover(row, lang: str) -> str:
    title = labels.local(row, "title", lang)
    parts = [
        f"<b>{html.escape(str(title))}</b>",
        html.escape(date_label(row.start_text, row.end_text, lang))
        + f" <i>({html.escape(precision_label(row.start_precision, lang))})</i>",
    ]
    if isinstance(row.place, str) and row.place:
        parts.append(html.escape(place_label(row.place, lang)))
    if isinstance(row.source_title, str):
        parts.append(
            html.escape(
                f"{i18n.t('common.source', lang)}: "
                + labels.citation(row.source_publisher, row.source_title)
            )
        )
    return "<br>".join(parts)


def _slug(text: str) -> str:
    """'Türkiye' → 'turkiye', 'Region of Epirus' → 'region_of_epirus' (locale keys)."""
    plain = unicodedata.normalize("NFKD", text.strip().lower()).encode("ascii", "ignore")
    return "".join(ch if ch.isalnum() else "_" for ch in plain.decode()).strip("_")


def place_label(place: str, lang: str) -> str:
    """A place or country name in the chosen language when the table has it, else as written."""
    key = f"place.{_slug(place)}"
    return i18n.t(key, lang) if i18n.has(key) else place


def country_label(country: str, lang: str) -> str:
    key = f"country.{_slug(country)}"
    return i18n.t(key, lang) if i18n.has(key) else country


def is_country(name: str) -> bool:
    return i18n.has(f"country.{_slug(name)}")


def split_list(text: object) -> list[str]:
    """'Cyprus; Estonia; Greece' → ['Cyprus', 'Estonia', 'Greece']."""
    if not isinstance(text, str):
        return []
    return [part.strip() for part in text.split(";") if part.strip()]


def timeline_figure(frame: pd.DataFrame, *, lang: str, title: str = "") -> go.Figure:
    """One lane per process; one bar per dated event over the period its dates stand for,
    and a marker at the bar's middle (shape = precision) so that a one-day bar on a
    thirty-year axis can still be seen and hovered. Undated events are not drawn; an
    annotation says how many there are."""
    dated = frame[placeable(frame)]
    undated = len(frame) - len(dated)
    order = lanes(frame)
    fig = go.Figure()
    for i, process in enumerate(order):
        rows = dated[dated["process"] == process]
        if rows.empty:
            continue
        color = PALETTE[i % len(PALETTE)]
        lane = process_label(process, lang)
        starts, lengths, mids, hovers, symbols, ids = [], [], [], [], [], []
        for row in rows.itertuples(index=False):
            a, b = span(row)
            starts.append(a.isoformat())
            lengths.append((b - a).days * MS_PER_DAY)
            mids.append((datetime.combine(a, datetime.min.time()) + (b - a) / 2).isoformat())
            hovers.append(_hover(row, lang))
            symbols.append(PRECISION_SYMBOL.get(row.start_precision, "circle"))
            ids.append(row.event_id)
        fig.add_trace(
            go.Bar(
                name=lane,
                y=[lane] * len(rows),
                x=lengths,
                base=starts,
                orientation="h",
                marker={"color": color, "line": {"color": color, "width": 1}},
                opacity=0.45,
                width=0.5,
                hoverinfo="skip",
                showlegend=False,
                customdata=ids,
                meta={"role": "span", "process": process},
            )
        )
        fig.add_trace(
            go.Scatter(
                name=lane,
                y=[lane] * len(rows),
                x=mids,
                mode="markers",
                marker={
                    "color": color,
                    "size": 11,
                    "symbol": symbols,
                    "line": {"color": "#222", "width": 0.7},
                },
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
                customdata=ids,
                meta={"role": "marker", "process": process},
            )
        )
    # Legend: what a marker's shape says about the date's precision.
    for precision, symbol in PRECISION_SYMBOL.items():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=precision_label(precision, lang),
                marker={
                    "symbol": symbol,
                    "size": 10,
                    "color": "#888",
                    "line": {"color": "#222", "width": 0.7},
                },
                hoverinfo="skip",
                meta={"role": "legend"},
            )
        )
    annotations = []
    if undated:
        annotations.append(
            {
                "text": i18n.t("timeline.undated_note", lang, n=undated),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "yshift": -48,
                "xanchor": "left",
                "yanchor": "top",
                "font": {"size": 12, "color": "#555"},
            }
        )
    fig.update_layout(
        title={"text": title, "font": {"size": 15}},
        font={"family": FONT, "size": 12},
        barmode="overlay",
        height=230 + 55 * max(len(order), 1),
        plot_bgcolor="white",
        margin={"l": 10, "r": 20, "t": 90 if title else 50, "b": 80},
        xaxis={"type": "date", "showgrid": True, "gridcolor": "#eee"},
        yaxis={
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": [process_label(p, lang) for p in reversed(order)],
        },
        legend={
            "orientation": "h",
            "y": 1.0,
            "yanchor": "bottom",
            "x": 0,
            "title": {"text": i18n.t("timeline.precision_legend", lang)},
        },
        annotations=annotations,
        separators=i18n.plotly_separators(lang),
    )
    return readable(fig)


def bars(fig: go.Figure) -> list[str]:
    """Event ids drawn as bars (for tests and checks)."""
    return [
        eid for tr in fig.data if (tr.meta or {}).get("role") == "span" for eid in tr.customdata
    ]


ZERO_COLOR = "#f7f7f7"


def count_spec(
    frame: pd.DataFrame,
    *,
    lang: str,
    title: str,
    extra_tooltip: dict[str, list[tuple[str, str]]] | None = None,
):
    """Map spec for small counts (events per region): one legend entry per distinct count,
    0 in a pale neutral (a region without a recorded event, not 'no data'). For more than
    six distinct counts the explorer's classed spec is used instead."""
    from atlas.classify import ChoroplethSpec, LegendItem, choropleth_spec, ramp

    values = sorted({int(v) for v in frame["value"].dropna()})
    positive = [v for v in values if v > 0]
    if len(positive) > 6:
        return choropleth_spec(
            frame, lang=lang, title=title, unit=None, extra_tooltip=extra_tooltip
        )
    colors_for = dict(zip(positive, ramp(len(positive))))
    colors_for[0] = ZERO_COLOR
    colors, tooltips = {}, {}
    for row in frame.itertuples(index=False):
        n = int(row.value) if pd.notna(row.value) else 0
        colors[row.region_code] = colors_for[n]
        rows = [(i18n.t("common.region", lang), str(row.name)), (title, i18n.fmt_number(n, lang))]
        rows += (extra_tooltip or {}).get(row.region_code, [])
        tooltips[row.region_code] = [(html.escape(a), html.escape(b)) for a, b in rows]
    legend = [
        LegendItem(colors_for[v], i18n.fmt_number(v, lang), "class") for v in sorted(colors_for)
    ]
    return ChoroplethSpec(title=title, colors=colors, tooltips=tooltips, legend=legend)
