"""HELIOS page: says plainly when no regional figures exist; measures and sections load."""

PAGE = "pages/helios.py"


def test_loads_with_sections(app):
    at = app(PAGE, lang="en")
    assert not at.exception and not at.error
    heads = [s.value for s in at.subheader]
    # what is public first; the (empty) regional figures after the phases
    assert heads == [
        "National figures by reference date",
        "Phases and milestones",
        "Figures by region (only once loaded by the Directorate)",
        "Briefing the regions on the successor programme (ESF+ 2021–2027)",
    ]
    # the fixture's 'helios' programme does not exist: no regional figures, said plainly
    assert any("No regional HELIOS figures are public" in w.value for w in at.warning)
    assert any("programme_coverage_helios.csv" in i.value for i in at.info)
    assert at.selectbox(key="helios_metric_none").disabled


def test_measure_switch(app):
    at = app(PAGE, lang="el")
    at.selectbox(key="helios_measure").set_value("per_1000").run()
    assert not at.exception
    assert any("δημόσια" in w.value for w in at.warning)
