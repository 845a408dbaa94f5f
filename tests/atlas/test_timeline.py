"""Timeline builder: bars per dated event, lanes per process, precision-honest spans, labels."""

from datetime import date

import pandas as pd
import pytest

from atlas.charts import timeline as tl
from atlas.periods import partial_date


def events(*rows) -> pd.DataFrame:
    """SYNTHETIC events from (id, process, start, end) with dates parsed like the ETL."""
    out = []
    for eid, process, start, end in rows:
        s0, s1, sp, *_ = partial_date(start) if start else (None, None, None)
        e0, e1, ep, *_ = partial_date(end) if end else (None, None, None)
        out.append(
            {
                "event_id": eid,
                "title_el": f"Τίτλος {eid}",
                "title_en": f"Title {eid}",
                "process": process,
                "start_text": start,
                "start_date": s0,
                "start_precision": sp,
                "end_text": end or start,
                "end_date": e1 if end else s1,
                "end_precision": ep or sp,
                "place": "Rhodes",
                "source_publisher": "Test (SYNTHETIC)",
                "source_title": "Synthetic <b>source</b>",
            }
        )
    return pd.DataFrame(out)


@pytest.fixture
def frame():
    return events(
        ("d", "budapest", "2003-06-25", "2003-06-26"),
        ("m", "ein", "2016-10", None),
        ("y", "ein", "2019", None),
        ("u", "budapest", None, None),
        ("n", "helios", "--11-17", None),
    )


def spans(fig, role="span"):
    return [tr for tr in fig.data if (tr.meta or {}).get("role") == role]


def test_one_bar_per_dated_event_and_none_for_undated(frame):
    fig = tl.timeline_figure(frame, lang="en")
    assert sorted(tl.bars(fig)) == ["d", "m", "y"]  # '--11-17' has no year: not placed
    assert fig.layout.annotations[0].text.endswith("listed below the chart): 2")


def test_lanes_follow_process_order_and_are_translated(frame):
    assert tl.lanes(frame) == ["budapest", "ein", "helios"]
    fig = tl.timeline_figure(frame, lang="el")
    lanes = {tr.y[0] for tr in spans(fig)}
    assert lanes == {"Διαδικασία της Βουδαπέστης", "Ευρωπαϊκό Δίκτυο Ένταξης (EIN)"}
    # the helios lane exists in the order but has no placeable event: no bar trace
    assert list(fig.layout.yaxis.categoryarray)[-1] == "Διαδικασία της Βουδαπέστης"


@pytest.mark.parametrize(
    ("eid", "first", "days"),
    [
        ("d", date(2003, 6, 25), 2),  # 25–26 June inclusive
        ("m", date(2016, 10, 1), 31),  # a month-only date spans October
        ("y", date(2019, 1, 1), 365),  # a year-only date spans the year
    ],
)
def test_bar_spans_the_period_the_date_stands_for(frame, eid, first, days):
    fig = tl.timeline_figure(frame, lang="en")
    for tr in spans(fig):
        ids = list(tr.customdata)
        if eid in ids:
            i = ids.index(eid)
            assert tr.base[i] == first.isoformat()
            assert tr.x[i] == days * tl.MS_PER_DAY
            return
    pytest.fail(f"no bar for {eid}")


def test_marker_shape_tells_precision(frame):
    fig = tl.timeline_figure(frame, lang="en")
    ein = next(tr for tr in spans(fig, "marker") if tr.meta["process"] == "ein")
    assert list(ein.marker.symbol) == ["square", "diamond"]
    legend = [tr.name for tr in spans(fig, "legend")]
    assert legend == ["day", "month only (bar spans the month)", "year only (bar spans the year)"]


def test_hover_is_escaped_and_bilingual(frame):
    fig = tl.timeline_figure(frame, lang="el")
    bp = next(tr for tr in spans(fig, "marker") if tr.meta["process"] == "budapest")
    text = bp.hovertext[0]
    assert "Τίτλος d" in text and "25/06/2003 – 26/06/2003" in text
    assert "&lt;b&gt;source&lt;/b&gt;" in text and "<b>source</b>" not in text
    assert "Ρόδος" in text  # place translated where the table knows it


def test_empty_frame_gives_empty_figure():
    fig = tl.timeline_figure(events(("u", "ein", None, None)), lang="en")
    assert tl.bars(fig) == []
    assert fig.layout.annotations[0].text.endswith(": 1")


@pytest.mark.parametrize(
    ("start", "end", "lang", "expected"),
    [
        ("2019-11-14", "2019-11-15", "el", "14/11/2019 – 15/11/2019"),
        ("2016-10", "2016-10", "en", "October 2016"),
        ("--11-17", None, "el", "17 Νοεμβρίου"),
        (None, None, "en", "undated"),
    ],
)
def test_date_label_keeps_source_precision(start, end, lang, expected):
    assert tl.date_label(start, end, lang) == expected


def test_country_and_place_labels():
    assert tl.country_label("Türkiye", "el") == "Τουρκία"
    assert tl.country_label("Atlantis", "el") == "Atlantis"  # unknown: as written
    assert tl.is_country("Estonia") and not tl.is_country("European Commission")
    assert tl.split_list("Cyprus; Estonia;  Greece ") == ["Cyprus", "Estonia", "Greece"]


def test_count_spec_zero_is_not_no_data():
    frame = pd.DataFrame(
        {
            "region_code": ["EL42", "EL52", "EL30"],
            "name": ["South Aegean", "Central Macedonia", "Attica"],
            "value": [1.0, 2.0, 0.0],
        }
    )
    spec = tl.count_spec(frame, lang="en", title="Events (count)")
    assert [i.label for i in spec.legend] == ["0", "1", "2"]
    assert spec.colors["EL30"] == tl.ZERO_COLOR and not spec.no_data
    assert spec.colors["EL42"] != spec.colors["EL52"]
