"""Map explorer widgets, driven by key, and the URL round trip."""

PAGE = "pages/map_explorer.py"


def qp(at, name):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def test_defaults_to_population(app):
    at = app(PAGE, lang="en")
    assert at.selectbox(key="indicator").value == "population_census"
    assert not at.exception


def test_indicator_measure_period_and_scheme(app):
    at = app(PAGE, lang="en")
    at.selectbox(key="indicator").set_value("arrivals").run()
    assert at.selectbox(key="period").options == ["2022"]
    at.selectbox(key="measure").set_value("per_1000").run()
    at.selectbox(key="scheme").set_value("natural_breaks").run()
    assert not at.exception
    assert qp(at, "indicator") == "arrivals" and qp(at, "measure") == "per_1000"
    assert qp(at, "scheme") == "natural_breaks"
    summary = " ".join(m.value for m in at.markdown)
    assert "data for 12 of 13 regions" in summary


def test_share_indicator_offers_only_absolute(app):
    at = app(PAGE, lang="en", indicator="reception_share")
    assert at.selectbox(key="measure").options == ["Absolute numbers"]


def test_url_reproduces_the_view(app):
    at = app(PAGE, lang="en", indicator="arrivals", period="2022", measure="share", region="EL54")
    assert at.selectbox(key="indicator").value == "arrivals"
    assert at.selectbox(key="measure").value == "share"
    assert at.selectbox(key="region").value == "EL54"


def test_invalid_url_values_fall_back(app):
    at = app(PAGE, lang="xx", indicator="nonsense", measure="bogus")
    assert not at.exception
    assert at.selectbox(key="indicator").value == "population_census"
    assert at.selectbox(key="measure").value == "value"


def test_region_selection_survives_page_switch(app):
    at = app(PAGE, lang="en")
    at.selectbox(key="region").set_value("EL63").run()
    at.switch_page("pages/data_sources.py").run()
    at.switch_page(PAGE).run()
    assert at.selectbox(key="region").value == "EL63"


def test_open_profile_keeps_the_region(app):
    at = app(PAGE, lang="en")
    at.selectbox(key="region").set_value("EL54").run()
    at.button(key="open_profile").click().run()
    assert not at.exception
    assert at.selectbox(key="region").value == "EL54"
    assert any("Epirus" in el.value for el in at.title)


def test_png_and_csv_downloads_are_offered(app):
    at = app(PAGE, lang="en")
    labels = [el.proto.label for el in at.get("download_button")]
    assert len(labels) == 4, labels  # map ×1, map ×2, ranking, CSV
    assert any("CSV" in label for label in labels)
