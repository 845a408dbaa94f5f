"""Programme register: loads in both languages, filters by key, URL keeps the region."""

PAGE = "pages/programmes.py"


def qp(at, name):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def test_register_lists_every_programme(app):
    at = app(PAGE, lang="en")
    assert not at.exception
    assert at.title[0].value == "Programme register"
    assert len(at.dataframe[0].value) == 3
    assert [e.label.split(" · ")[0] for e in at.expander] == [
        "Programme C",
        "Programme A",
        "Programme B",
    ]
    assert any("Showing 3 of 3" in c.value for c in at.caption)


def test_filters_narrow_the_register(app):
    at = app(PAGE, lang="en")
    at.selectbox(key="prog_status").set_value("planned").run()
    assert len(at.dataframe[0].value) == 1 and not at.exception
    at.selectbox(key="prog_status").set_value("").run()
    at.selectbox(key="prog_year").set_value("2016").run()
    assert [e.label.split(" · ")[0] for e in at.expander] == ["Programme C"]
    # the others are listed as not running in 2016, each with why (B has no start date;
    # A's end is not known, so it is not 'running' either)
    shown = " ".join(m.value for m in at.markdown)
    assert "Not shown as running in 2016:" in shown
    assert "Programme B: planned, no start date" in shown
    assert "Programme A: " in shown


def test_region_filter_is_shared_state(app):
    at = app(PAGE, lang="en", region="EL63")
    assert at.selectbox(key="region").value == "EL63"
    assert [e.label.split(" · ")[0] for e in at.expander] == ["Programme A"]
    at.selectbox(key="region").set_value("EL65").run()
    assert at.info and qp(at, "region") == "EL65"


def test_greek_labels(app):
    at = app(PAGE, lang="el")
    assert at.title[0].value == "Μητρώο προγραμμάτων"
    assert "Κατάσταση" in at.dataframe[0].value.columns
