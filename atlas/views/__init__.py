"""View models: what a page shows for one choice of widgets, computed without Streamlit.

One module per page (``explorer``, ``overview``, ``sources``, ``profile``, ``reception``,
``programmes``, ``helios``, ``timelines``), all made of the value objects in ``shapes``.
Import the modules themselves: ``from atlas.views import explorer as xv``.
"""
