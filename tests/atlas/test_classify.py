import math
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from atlas import classify
from geo.regions import REGION_CODES


def frame(values, qualifiers=None):
    n = len(values)
    return pd.DataFrame(
        {
            "region_code": list(REGION_CODES[:n]),
            "name": [f"R{i}" for i in range(n)],
            "value": values,
            "qualifier": qualifiers or ["="] * n,
            "value_high": [float("nan")] * n,
        }
    )


@pytest.mark.parametrize("scheme", classify.SCHEMES)
def test_five_classes_cover_all_values(scheme):
    values = [float(v) for v in [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377]]
    breaks = classify.class_breaks(values, scheme, 5)
    assert len(breaks) == 5
    assert breaks == sorted(breaks)
    assert breaks[-1] == 377
    assert all(classify.class_index(v, breaks) in range(5) for v in values)


def test_quantile_classes_are_balanced():
    values = [float(v) for v in range(1, 11)]
    breaks = classify.class_breaks(values, "quantiles", 5)
    counts = pd.Series([classify.class_index(v, breaks) for v in values]).value_counts()
    assert counts.tolist() == [2, 2, 2, 2, 2]


def test_fewer_distinct_values_than_classes():
    assert classify.class_breaks([1.0, 1.0, 2.0], "quantiles", 5) == [1.0, 2.0]
    assert classify.class_breaks([], "quantiles", 5) == []


def test_unknown_scheme():
    with pytest.raises(ValueError):
        classify.class_breaks([1.0, 2.0, 3.0], "zigzag", 3)


def test_no_data_is_grey_never_a_class():
    spec = classify.choropleth_spec(
        frame([10.0, 20.0, float("nan"), 40.0]), lang="en", title="T", unit="persons"
    )
    code = REGION_CODES[2]
    assert spec.colors[code] == classify.NO_DATA_COLOR
    assert spec.no_data == [code]
    assert spec.legend[-1].kind == "no_data" and spec.legend[-1].label == "no data"
    assert classify.NO_DATA_COLOR not in [i.color for i in spec.legend if i.kind == "class"]
    assert "no data" in spec.tooltips[code][1][1]


def test_bounds_get_their_own_legend_class():
    vals = [1.13, 0.65, 0.48] + [0.29] * 10
    quals = ["=", "=", "="] + ["<"] * 10
    spec = classify.choropleth_spec(frame(vals, quals), lang="en", title="Share", unit="percent")
    bound_items = [i for i in spec.legend if i.kind == "bound"]
    assert [i.label for i in bound_items] == ["below 0.29%"]
    # classes are built from the three plain values only
    assert spec.breaks[-1] == pytest.approx(1.13)
    assert all(b >= 0.48 for b in spec.breaks)
    # the bound regions share the bound's colour, distinct from every class
    bound_colors = {spec.colors[c] for c in REGION_CODES[3:13]}
    assert bound_colors == {bound_items[0].color}
    assert bound_items[0].color not in [i.color for i in spec.legend if i.kind == "class"]
    assert spec.no_data == []


def test_legend_labels_in_greek():
    spec = classify.choropleth_spec(
        frame([1000.0, 2000.0, 3000.0, 4000.0, 5000.0, 6000.0]),
        lang="el",
        title="Πληθυσμός",
        unit="persons",
        k=3,
    )
    classes = [i.label for i in spec.legend if i.kind == "class"]
    assert len(classes) == 3
    assert classes[0].startswith("1.000 – ") and classes[-1].endswith("6.000 άτομα")


def test_colours_get_darker_with_value():
    from matplotlib.colors import to_rgb

    def lightness(hex_color):
        r, g, b = to_rgb(hex_color)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    ramp = classify.ramp(5)
    assert all(lightness(a) > lightness(b) for a, b in zip(ramp, ramp[1:]))


def test_tooltip_text_is_escaped():
    df = frame([1.0, 2.0])
    df.loc[0, "name"] = "<script>alert(1)</script>"
    spec = classify.choropleth_spec(df, lang="en", title="T", unit=None)
    cell = spec.tooltips[REGION_CODES[0]][0][1]
    assert "<script>" not in cell and "&lt;script&gt;" in cell


def test_tooltip_fields():
    spec = classify.choropleth_spec(
        frame([5.0, 7.0]),
        lang="en",
        title="Arrivals",
        unit="persons",
        extra_tooltip={REGION_CODES[0]: [("Rank", "2 of 2")]},
    )
    labels = [a for a, _ in spec.tooltips[REGION_CODES[0]]]
    assert labels == ["Region", "Arrivals", "Rank"]
    assert not math.isnan(spec.breaks[0])


# Quantiles and equal intervals are computed without importing mapclassify (it pulls in
# scikit-learn and scipy); they must give mapclassify's class breaks exactly.
_values = st.lists(
    st.one_of(
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
        st.integers(min_value=0, max_value=50).map(float),  # ties
    ),
    min_size=2,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(values=_values, k=st.integers(min_value=2, max_value=9))
def test_numpy_quantiles_and_equal_intervals_equal_mapclassify(values, k):
    import mapclassify
    import numpy as np

    y = np.asarray(values, dtype=float)
    k = min(k, len(np.unique(y)))
    assume(k >= 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected_q = mapclassify.Quantiles(y, k=k).bins
        expected_e = mapclassify.EqualInterval(y, k=k).bins
    assert classify.quantile_bins(y, k).tolist() == expected_q.tolist()
    assert classify.equal_interval_bins(y, k).tolist() == expected_e.tolist()


@pytest.mark.parametrize("scheme", ["quantiles", "equal_interval"])
def test_class_breaks_on_real_sized_input_equal_mapclassify(scheme):
    import mapclassify
    import numpy as np

    rng = np.random.default_rng(13)
    for _ in range(200):
        y = np.round(rng.lognormal(8, 1.5, size=13), int(rng.integers(0, 3)))
        k = min(5, len(np.unique(y)))
        cls = mapclassify.Quantiles if scheme == "quantiles" else mapclassify.EqualInterval
        expected = sorted({float(b) for b in cls(y, k=k).bins})
        expected[-1] = max(expected[-1], float(np.max(y)))
        assert classify.class_breaks(y.tolist(), scheme, 5) == expected


def test_quantiles_and_equal_intervals_do_not_import_mapclassify():
    import subprocess
    import sys

    code = (
        "import sys; from atlas import classify; "
        "classify.class_breaks([1.0, 2.0, 5.0, 9.0], 'quantiles'); "
        "classify.class_breaks([1.0, 2.0, 5.0, 9.0], 'equal_interval'); "
        "print(sorted(m for m in ('mapclassify', 'sklearn', 'scipy') if m in sys.modules))"
    )
    root = Path(classify.__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "[]"
