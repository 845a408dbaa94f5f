"""The municipal integration network: member municipalities by region, and their seats."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas import classify, labels
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import reception as rq
from atlas.views.common import as_given
from atlas.views.reception.common import placement_note, region_frame, source_row
from atlas.views.shapes import Choice, Column, Export, MapSpec, Table, csv_export, table
from geo.placement import place_named


@dataclass
class MunicipalView:
    title: str
    map: MapSpec
    n_unplaced: int
    table: Table
    exports: list[Export]


MUNICIPAL_CSV = (
    "name",
    "detail",
    "region_code",
    "value",
    "reference_date",
    "confidence",
    "source_publisher",
    "source_title",
    "source_url",
)


def _municipal_points(items: pd.DataFrame, label: str, lang: str) -> tuple[list[dict], int]:
    points, unplaced = [], 0
    for r in items.itertuples(index=False):
        p = place_named(r.name, r.place, r.region_code)
        if p.lat is None:
            unplaced += 1
            continue
        rows = [
            (label, labels.greek_or(r, "name", lang)),
            (t("reception.status", lang), str(r.value)),
            (t("reception.location", lang), placement_note(p, lang)),
            *source_row(r, lang),
        ]
        confirmed = str(r.value).lower() == "yes"
        points.append({"lat": p.lat, "lon": p.lon, "tooltip": rows, "confirmed": confirmed})
    return points, unplaced


def municipal_choice(lang: str) -> Choice:
    fmt = lambda x: t(f"reception.layer_{x}", lang)  # noqa: E731
    label = t("reception.municipal_select", lang)
    return Choice("municipal_layer", label, rq.MUNICIPAL_LAYERS, fmt)


def municipal_view(run: Runner, layer: str, lang: str) -> MunicipalView:
    counts = rq.municipal_counts(run, layer)
    items = rq.municipal_points(run, layer)
    label = t(f"reception.layer_{layer}", lang)
    frame = region_frame(counts, counts["n"], lang)
    frame.loc[frame["value"].eq(0), "value"] = float("nan")
    extra = {}
    for r in counts.itertuples(index=False):
        names, others = labels.greek_or(r, "names", lang), labels.greek_or(r, "names_other", lang)
        named = names if isinstance(names, str) else t("reception.none_named", lang)
        rows = [(t("reception.named", lang), named)]
        if isinstance(others, str):
            rows.append((t("reception.announced", lang), others))
        extra[r.region_code] = rows
    spec = classify.choropleth_spec(frame, lang=lang, title=label, unit=None, extra_tooltip=extra)
    points, unplaced = _municipal_points(items, label, lang)
    src = labels.source_line(items, lang)
    rows = items.assign(
        name=labels.greek_or(items, "name", lang),
        region=[labels.region_label(c, lang, unknown="") for c in items["region_code"]],
        reference=[as_given(d, lang) for d in items["reference_date"]],
        source=items["source_title"].fillna(""),
    )
    shown = (
        ("name", label),
        ("region", t("common.region", lang)),
        ("value", t("reception.status", lang)),
        ("reference", t("common.reference_date", lang)),
        ("source", t("common.source", lang)),
    )
    columns = [Column(f, h) for f, h in shown] + [Column(f, csv=f) for f in MUNICIPAL_CSV]
    tbl = table(rows, columns, lang)
    csv = csv_export(
        tbl,
        f"atlas_municipal_{layer}_{lang}.csv",
        t("common.download_csv", lang),
        footer=[label, src],
    )
    geonames = t("reception.geonames", lang)
    map_spec = MapSpec(
        spec, caption=f"{src} · {geonames}", points=points, note=geonames if points else ""
    )
    return MunicipalView(label, map_spec, unplaced, tbl, [csv])
