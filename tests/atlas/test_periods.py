"""The period model: parsing, order, overlap, latest, validity (unit and property tests)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atlas import periods as P
from atlas.periods import Period

# --- strategies --------------------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def single_texts(draw) -> str:
    d = draw(days)
    form = draw(st.sampled_from(("year", "month", "day")))
    return {"year": f"{d:%Y}", "month": f"{d:%Y-%m}", "day": f"{d:%Y-%m-%d}"}[form]


@st.composite
def period_texts(draw) -> str:
    a = draw(single_texts())
    if draw(st.booleans()):
        return a
    b = draw(single_texts())
    pa, pb = Period.parse(a), Period.parse(b)
    if pb.end < pa.start:
        a, b = b, a
    return f"{a}/{b}"


dated = period_texts().map(Period.parse)
any_period = st.one_of(dated, dated, dated, st.just(Period.parse(None)))


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2011/2021-10-22", date(2011, 1, 1), date(2021, 10, 22), "range"),
        ("2019/2020", date(2019, 1, 1), date(2020, 12, 31), "range"),
        ("2016-03/2016-03-19", date(2016, 3, 1), date(2016, 3, 19), "range"),
    ],
)
def test_ranges(text, start, end, precision):
    assert P.partial_date(text)[:3] == (start, end, precision)


@pytest.mark.parametrize("text", ["2021/2019", "--11-17/2020", "2020/", "/2020", "2020/2021/2022"])
def test_bad_ranges(text):
    with pytest.raises(ValueError):
        P.partial_date(text)


def test_empty_period_is_unknown():
    for text in (None, "", "  "):
        p = Period.parse(text)
        assert p.precision == "unknown" and not p.dated and p.text is None


@given(period_texts())
def test_parse_gives_an_interval(text):
    p = Period.parse(text)
    assert p.dated and p.start <= p.end and p.text == text


@given(days, st.sampled_from(("year", "month", "day")))
def test_a_day_is_inside_each_period_written_from_it(d, form):
    text = {"year": f"{d:%Y}", "month": f"{d:%Y-%m}", "day": f"{d:%Y-%m-%d}"}[form]
    assert Period.parse(text).contains(d)


# --- order and overlap (properties) -----------------------------------------------------------


@given(any_period, any_period)
def test_exactly_one_relation_between_dated_periods(a, b):
    relations = [a.before(b), b.before(a), a.overlaps(b)]
    if a.dated and b.dated:
        assert sum(relations) == 1
    else:
        assert not any(relations)  # an undated period is in no order and overlaps nothing


@given(any_period)
def test_before_is_irreflexive_and_overlap_reflexive(a):
    assert not a.before(a)
    assert a.overlaps(a) == a.dated


@given(any_period, any_period)
def test_overlap_is_symmetric_and_before_asymmetric(a, b):
    assert a.overlaps(b) == b.overlaps(a)
    assert not (a.before(b) and b.before(a))
    assert a.ordered_with(b) == b.ordered_with(a)


@given(any_period, any_period, any_period)
def test_before_is_transitive(a, b, c):
    if a.before(b) and b.before(c):
        assert a.before(c)


@given(dated, dated, dated, dated)
def test_interval_order_property(a, b, c, d):
    # the defining property of an interval order: a<b and c<d imply a<d or c<b
    if a.before(b) and c.before(d):
        assert a.before(d) or c.before(b)


def test_the_cases_of_the_issue():
    y, aug, mar = Period.parse("2022"), Period.parse("2022-08"), Period.parse("2022-03")
    assert y.overlaps(aug) and y.overlaps(mar)
    assert mar.before(aug) and not y.before(aug) and not aug.before(y)
    day, month = Period.parse("2016-03-19"), Period.parse("2016-03")
    assert day.overlaps(month)  # neither is later: the 19th lies inside March


# --- latest ------------------------------------------------------------------------------------


def _latest(ps, conf=None):
    conf = conf or {}
    return P.latest(list(range(len(ps))), lambda i: ps[i], lambda i: conf.get(i))


def test_latest_among_overlapping_periods_is_not_claimed():
    ps = [Period.parse(t) for t in ("2021-03", "2021", "2022-03", "2022-08", "2022")]
    res = _latest(ps, {2: "high", 3: "medium", 4: "medium"})
    assert res.status == P.OVERLAP and res.reason == P.OVERLAPPING_PERIODS
    # 2022-03 is known to come before 2022-08: it is no candidate; month beats year
    assert res.headline == 3 and res.others == (4,)


def test_headline_prefers_precision_then_confidence():
    ps = [Period.parse(t) for t in ("2022-03", "2022")]
    assert _latest(ps, {0: "high", 1: "medium"}).headline == 0
    ps = [Period.parse(t) for t in ("2022-03", "2022-03-15")]
    assert _latest(ps).headline == 1  # the day is finer than the month it lies in
    ps = [Period.parse(t) for t in ("2022-03", "2022-04", "2022")]
    assert _latest(ps, {0: "high", 1: "low"}).headline == 1  # 03 is before 04: no candidate


def test_single_latest_and_undated():
    ps = [Period.parse(t) for t in ("2011", "2021")]
    assert _latest(ps) == P.Latest(P.LATEST, 1)
    assert _latest([Period.parse(None)]) == P.Latest(P.UNDATED, 0, (), P.REFERENCE_DATE_NOT_GIVEN)
    res = _latest([Period.parse("2021"), Period.parse(None)])
    assert res.status == P.OVERLAP and res.reason == P.REFERENCE_DATE_NOT_GIVEN
    assert _latest([]).status == P.NONE


@given(st.lists(any_period, min_size=1, max_size=7), st.randoms())
def test_latest_properties(ps, rnd):
    res = _latest(ps)
    front = set(P.frontier(ps))
    assert res.headline in front and set(res.others) | {res.headline} == front
    if res.status == P.LATEST:
        h = ps[res.headline]
        assert all(ps[i].before(h) for i in range(len(ps)) if i != res.headline)
        assert all(h.end >= p.end for p in ps)  # ends last …
        assert not any(h.overlaps(ps[i]) for i in range(len(ps)) if i != res.headline)
    else:
        # … otherwise no candidate of the frontier is known to follow another
        for i, j in itertools.permutations(front, 2):
            assert not ps[i].before(ps[j])
    # every figure off the frontier is known to come before one on it
    for i in set(range(len(ps))) - front:
        assert any(ps[i].before(ps[j]) for j in front)
    # the answer does not depend on the order of the rows
    order = list(range(len(ps)))
    rnd.shuffle(order)
    shuffled = P.latest(order, lambda i: ps[i])
    assert ps[shuffled.headline] == ps[res.headline] and shuffled.status == res.status


@given(st.lists(dated, min_size=1, max_size=6), dated)
def test_previous_is_strictly_before(ps, now):
    items = [*ps, now]
    res = P.previous(items, now, lambda p: p)
    if res.headline is not None:
        assert res.headline.before(now)
        assert all(o.before(now) for o in res.others)
    else:
        assert not any(p.before(now) for p in ps)


# --- validity ----------------------------------------------------------------------------------


def test_resigned_governor_is_not_in_office_after_the_resignation():
    term_from, term_to = Period.parse("2024"), Period.parse("2028")
    end = Period.parse("2024-12-02")
    kw = {"end_event": "resigned", "end_date": end}
    assert P.valid_on(date(2024, 6, 1), term_from, term_to, **kw) == P.IN_OFFICE
    assert P.valid_on(date(2025, 3, 1), term_from, term_to, **kw) == P.ENDED
    undated_end = {"end_event": "resigned", "end_date": Period.parse(None)}
    assert P.valid_on(date(2025, 3, 1), term_from, term_to, **undated_end) == P.END_DATE_NOT_KNOWN
    assert P.valid_on(date(2029, 1, 1), term_from, term_to) == P.TERM_ENDED
    assert P.valid_on(date(2023, 1, 1), term_from, term_to) == P.NOT_YET
    assert P.valid_on(date(2025, 1, 1), term_from, term_to, confirmed=False) == P.UNCONFIRMED


@given(days, dated, dated, st.booleans())
def test_never_in_office_outside_the_term(day, a, b, confirmed):
    if b.end < a.start:
        a, b = b, a
    status = P.valid_on(day, a, b, confirmed=confirmed)
    inside = a.start <= day <= b.end
    assert (status in (P.IN_OFFICE, P.UNCONFIRMED)) == inside


def _programme(start, end, status, status_date=None):
    return (Period.parse(start), Period.parse(end), status, Period.parse(status_date))


@pytest.mark.parametrize(
    ("programme", "year", "expected"),
    [
        # HELIOS: July 2019, suspended January 2024
        (_programme("2019-07", None, "suspended", "2024-01"), 2019, P.STARTED),
        (_programme("2019-07", None, "suspended", "2024-01"), 2023, P.RUNNING),
        (_programme("2019-07", None, "suspended", "2024-01"), 2025, P.SUSPENDED),
        # SID: July 2021, "12 months" planned, no sourced end
        (_programme("2021-07", None, "unknown"), 2021, P.STARTED),
        (_programme("2021-07", None, "unknown"), 2025, P.END_NOT_KNOWN),
        (_programme("2021-07", None, "unknown"), 2020, P.NOT_STARTED),
        # ESTIA: start not given, end 31 Dec 2022
        (_programme(None, "2022-12-31", "completed"), 2023, P.COMPLETED),
        (_programme(None, "2022-12-31", "completed"), 2022, P.START_NOT_KNOWN),
        (_programme("2015", "2016-06", "completed"), 2016, P.RUNNING),
        (_programme("2015", "2016-06", "completed"), 2017, P.COMPLETED),
        (_programme(None, None, "planned"), 2025, P.PLANNED),
        (_programme("2016-10", None, "active", "2019-11"), 2019, P.RUNNING),
        (_programme("2016-10", None, "active", "2019-11"), 2020, P.END_NOT_KNOWN),
    ],
)
def test_status_in_year(programme, year, expected):
    start, end, status, status_date = programme
    assert P.status_in_year(year, start, end, status, status_date) == expected


@settings(max_examples=300)
@given(
    st.integers(2000, 2030),
    st.one_of(st.none(), single_texts()),
    st.one_of(st.none(), single_texts()),
    st.sampled_from(("active", "suspended", "completed", "planned", "unknown")),
    st.one_of(st.none(), single_texts()),
)
def test_running_needs_sourced_dates_covering_the_year(year, start, end, status, status_date):
    s, e, sd = Period.parse(start), Period.parse(end), Period.parse(status_date)
    if s.dated and e.dated and e.end < s.start:
        return
    result = P.status_in_year(year, s, e, status, sd)
    y0, y1 = date(year, 1, 1), date(year, 12, 31)
    if result in P.RUNNING_STATES:
        assert s.dated and s.start <= y1  # a sourced start no later than the year
        evidence = [s.end]  # something sourced reaches into the year
        if e.dated:
            evidence.append(e.end)
        if sd.dated:
            evidence.append(sd.end)
        assert max(evidence) >= y0
        if status in ("suspended", "completed") and sd.dated:
            assert sd.start > y0  # never "running" once the halt has taken effect
    if not s.dated:
        assert result not in P.RUNNING_STATES


def test_status_in_year_edges():
    # a day before the year starts is not inside it
    start = Period.of(date(2019, 12, 31), date(2019, 12, 31), "day")
    halt = Period.of(date(2020, 1, 1) + timedelta(days=1), date(2020, 1, 2), "day")
    assert P.status_in_year(2020, start, Period.parse(None), "suspended", halt) == P.RUNNING
    assert P.status_in_year(2021, start, Period.parse(None), "suspended", halt) == P.SUSPENDED
