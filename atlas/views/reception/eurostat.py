"""Eurostat's foreign citizens by region, from a file loaded by the Directorate."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas import classify, i18n, labels
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import reception as rq
from atlas.views.explorer import indicator_names
from atlas.views.reception.common import region_frame, source_row
from atlas.views.shapes import Choice, Export, MapSpec, csv_export

EUROSTAT_DATASET = "cens_21ctz_r3"


@dataclass
class EurostatView:
    title: str
    map: MapSpec
    reasons: list[str]
    exports: list[Export]


EUROSTAT_CSV = (
    "region_code",
    "name_en",
    "value",
    "basis",
    "flags",
    "reason",
    "missing_units",
    "confidential_units",
    "dataset",
    "source_title",
    "source_url",
    "indicator",
    "period",
)


EUROSTAT_DEFAULT = "eurostat_foreign_citizens_share"


def eurostat_indicator_choice(inds: pd.DataFrame, lang: str) -> Choice:
    names = indicator_names(inds.drop_duplicates("indicator_id"), lang)
    label = t("reception.foreign_indicator", lang)
    return Choice("eurostat_indicator", label, tuple(names), names.get, EUROSTAT_DEFAULT)


def eurostat_period_choice(rows: pd.DataFrame, lang: str) -> Choice:
    fmt = lambda p: i18n.fmt_partial(p, lang)  # noqa: E731
    label = t("reception.foreign_period", lang)
    return Choice("eurostat_period", label, tuple(rows["period"]), fmt)


def flags_text(flags: str | None, lang: str) -> str:
    if not isinstance(flags, str) or not flags:
        return ""
    return ", ".join(
        f"{f} ({t(f'eurostat.flag_{f}', lang)})" if i18n.has(f"eurostat.flag_{f}") else f
        for f in flags
    )


def reason_text(row, lang: str) -> str:
    reason = row.reason if isinstance(row.reason, str) else "no_file_row"
    return t(
        f"eurostat.reason_{reason}",
        lang,
        missing=row.missing_units if isinstance(row.missing_units, str) else "",
        confidential=row.confidential_units if isinstance(row.confidential_units, str) else "",
    )


def eurostat_view(run: Runner, indicator: pd.Series, period: str, lang: str) -> EurostatView:
    df = rq.eurostat_values(run, indicator.indicator_id, period)
    title = f"{labels.local(indicator, 'name', lang)} — {i18n.fmt_partial(period, lang)}"
    frame = region_frame(df, df["value"], lang)
    extra, reasons = {}, []
    for r in df.itertuples(index=False):
        rows = []
        if pd.notna(r.value):
            basis = t(f"eurostat.basis_{r.basis}", lang, n=int(r.n_units or 0))
            rows.append((t("eurostat.basis", lang), basis))
        else:
            why = reason_text(r, lang)
            rows.append((t("eurostat.why_no_data", lang), why))
            reasons.append(f"{labels.local(r, 'name', lang)}: {why}")
        if flags_text(r.flags, lang):
            rows.append((t("eurostat.flags", lang), flags_text(r.flags, lang)))
        extra[r.region_code] = rows + source_row(r, lang)
    spec = classify.choropleth_spec(
        frame, lang=lang, title=title, unit=indicator.unit, extra_tooltip=extra
    )
    src = labels.source_line(df, lang)
    rows = df.assign(indicator=indicator.indicator_id, period=period)
    csv = csv_export(
        rows[list(EUROSTAT_CSV)],
        f"atlas_{indicator.indicator_id}_{period}_{lang}.csv",
        t("common.download_csv", lang),
        footer=[title, src],
    )
    return EurostatView(title, MapSpec(spec, caption=src), reasons, [csv])
