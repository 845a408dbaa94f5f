"""The Ministry's regional shares of reception residents (bounds such as 'below 0.29 %')."""

from __future__ import annotations

from atlas import classify, i18n, queries
from atlas.i18n import t
from atlas.queries import Runner
from atlas.views.explorer import ExplorerView, explorer_view
from atlas.views.shapes import Choice

SHARE_INDICATOR = "reception_residents_share"

SHARE_DEFAULT_PERIOD = "2022-03"  # the Ministry's latest regional breakdown with bounds


def share_periods(run: Runner, indicator_id: str = SHARE_INDICATOR) -> list[str]:
    return queries.indicator_periods(run, indicator_id)["period"].tolist()


def share_choice(periods: list[str], lang: str) -> Choice:
    fmt = lambda p: i18n.fmt_partial(p, lang)  # noqa: E731
    label = t("reception.share_period", lang)
    return Choice("share_period", label, tuple(periods), fmt, SHARE_DEFAULT_PERIOD)


def share_view(
    run: Runner, period: str, lang: str, indicator_id: str = SHARE_INDICATOR
) -> ExplorerView | None:
    """The same view model as the map explorer: bounds get their own legend class."""
    if queries.indicator(run, indicator_id).empty:
        return None
    return explorer_view(run, indicator_id, period, "value", classify.DEFAULT_SCHEME, lang)
