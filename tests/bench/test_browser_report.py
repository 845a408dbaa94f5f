"""How the browser benchmark reports a page: a page without a map in this build (the
activities page: the bundled data has no activity reports) is said to be so and left out of
the met / not-met count, in ``bench.bench_browser`` and in ``python -m bench``'s targets.
The series below are SYNTHETIC (made-up seconds); no browser runs here."""

from __future__ import annotations

import pytest

from bench import __main__ as bench_main
from bench import bench_browser as bb

NO_MAP_ERROR = "NoMap: no map on the page (no data for it in this build)"


def load(seconds: float) -> dict:
    return {
        "seconds": seconds,
        "http": {"other HTTP": 1024},
        "ws": {"all": 4096, "map_element": 2048},
        "bytes_before_paint": 2048,
        "waterfall": [],
    }


def no_map_load() -> dict:
    return {
        "seconds": None,
        "http": {},
        "ws": {"all": 0, "map_element": 0},
        "error": NO_MAP_ERROR,
        "no_map": True,
    }


class Server:  # what _summary reads of a StreamlitServer
    def rss_kb(self) -> dict:
        return {}


def series(runs: list[dict], hello: float = 1.0) -> dict:
    out = bb._summary(runs[0], runs, Server())
    return {**out, "hello_median": hello, "load": 0.5}


@pytest.fixture
def results(monkeypatch) -> dict:
    pages = [("fast", "fast page", "/f"), ("slow", "slow page", "/s"), ("act", "activities", "/a")]
    monkeypatch.setattr(bb, "pages", lambda: pages)
    hello = bb._summary(load(1.0), [load(1.0)] * 3, Server())
    return {
        "fast": series([load(1.2)] * 3),
        "slow": series([load(2.0)] * 3),
        "act": series([no_map_load()] * 3),
        "hello": hello,
    }


def test_a_page_without_a_map_is_not_a_failed_target(results):
    assert results["act"]["no_map"] and not results["act"]["runs"]
    assert [bb.verdict(results[k]) for k in ("fast", "slow", "act")] == [
        "met",
        "not met",
        bb.NO_MAP,
    ]
    line = bb.page_line("activities", results["act"])
    assert line == f"activities: {bb.NO_MAP}"
    assert "nan" not in line and "not met" not in line and "failed" not in line
    count = bb.count_line([bb.verdict(results[k]) for k in ("fast", "slow", "act")])
    assert count.startswith("1 of 2 pages met") and f"1 {bb.NO_MAP}" in count


def test_one_load_with_a_map_makes_the_page_a_measured_one(results):
    mixed = series([no_map_load(), load(1.3), load(1.3)])
    assert not mixed["no_map"] and bb.verdict(mixed) == "met"
    failed = series([{**no_map_load(), "no_map": False, "error": "TimeoutError: x"}] * 2)
    assert bb.verdict(failed) == "not measured"
    assert "not measured (TimeoutError: x); failed 2" in bb.page_line("p", failed)


def test_the_targets_table_names_the_page_and_leaves_it_out_of_the_count(results):
    targets = bench_main.browser_targets(results)
    by_page = {t[0].split(" (")[0]: t for t in targets}
    assert by_page["First map paint, activities"][1:2] == (bb.NO_MAP,)
    assert by_page["First map paint, activities"][5] == bb.NO_MAP
    assert by_page["First map paint, fast page"][5] is True
    assert by_page["First map paint, slow page"][5] is False
    table = "\n".join(bench_main.target_lines(targets))
    assert f"| {bb.NO_MAP} |" in table and "nan" not in table
    count = bench_main.count_line(targets)
    measured = len(targets) - 1  # every target but the page without a map
    met = sum(1 for t in targets if t[5] is True)
    assert count.startswith(f"{met} of {measured} met")
    assert f"First map paint, activities: {bb.NO_MAP}" in count
    rows = bench_main.browser_rows({**results, "map": results["fast"]})
    assert ("First map paint, activities", bb.NO_MAP, "", "/a") in rows
