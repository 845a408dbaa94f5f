"""Timelines page: filters by key (process in the URL), undated events listed, CSV."""

PAGE = "pages/timelines.py"


def qp(at, name):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def test_loads_and_lists_undated(app):
    at = app(PAGE, lang="en")
    assert not at.exception and not at.error
    heads = [s.value for s in at.subheader]
    assert "Events on the timeline (6)" in heads
    assert "Without a full date: listed, not placed (2)" in heads
    assert at.selectbox(key="year_from").value == "2003"
    assert at.selectbox(key="year_to").value == "2019"


def test_process_and_country_filters(app):
    at = app(PAGE, lang="en")
    at.selectbox(key="process").set_value("ein").run()
    assert qp(at, "process") == "ein"
    assert "Events on the timeline (3)" in [s.value for s in at.subheader]
    at.selectbox(key="country").set_value("Estonia").run()
    assert "Events on the timeline (1)" in [s.value for s in at.subheader]


def test_reversed_year_range_is_swapped(app):
    at = app(PAGE, lang="el")
    at.selectbox(key="year_from").set_value("2019").run()
    at.selectbox(key="year_to").set_value("2016").run()
    assert not at.exception
    assert any("αντιστράφηκαν" in c.value for c in at.caption)


def test_url_reproduces_process(app):
    at = app(PAGE, lang="en", process="budapest")
    assert at.selectbox(key="process").value == "budapest"


def test_no_match_message(app):
    at = app(PAGE, lang="en", process="helios")
    at.selectbox(key="country").set_value("Türkiye").run()
    assert at.info and not at.exception


def test_chart_loads_only_when_opened(app):
    """Plotly (4.6 MB in the browser) is not on the page until its expander is opened, so
    the map paints first; opened (the expander's state), the chart is drawn."""
    at = app(PAGE, lang="en")
    assert not at.get("plotly_chart")
    at.session_state["timeline_chart_open"] = True
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) == 1
