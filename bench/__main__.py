"""``python -m bench`` (``make bench``): run every benchmark, print the figures and write
bench/results.md with the machine, date, versions and one table. Figures, not pass/fail:
nothing here asserts a time. ``--quick`` skips the 10 M-row ETL run.

Every comparison is a ratio against a baseline measured in the same run on the same machine
(bare Streamlit app, DuckDB's own CSV load, the HTML render of the map), so the ratios travel
better between machines than the seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import importlib.metadata as md
import io
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.md"
PACKAGES = (
    "streamlit",
    "streamlit-folium",
    "folium",
    "duckdb",
    "pandas",
    "numpy",
    "playwright",
    "plotly",
    "kaleido",
    "matplotlib",
    "fpdf2",
)

Row = tuple[str, str, str, str]  # benchmark, value, baseline / ratio, note


def machine() -> list[str]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with contextlib.suppress(OSError, ValueError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        browser = (
            subprocess.run(
                [chromium, "--version"], capture_output=True, text=True, timeout=30
            ).stdout.strip()
            or "?"
        )
    except OSError:
        browser = "not installed"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=10,
        ).stdout.strip()
    except OSError:
        commit = "?"
    versions = []
    for name in PACKAGES:
        with contextlib.suppress(md.PackageNotFoundError):
            versions.append(f"{name} {md.version(name)}")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- machine: {platform.node()}, {cpu}, {os.cpu_count()} cores, {mem} RAM, "
        f"{platform.system()} {platform.release()}",
        f"- load average at start (1/5/15 min): {load} — other work on the machine shows here",
        f"- Python {platform.python_version()}; {', '.join(versions)}",
        f"- browser: {browser}",
        f"- commit: {commit}",
    ]


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def fmt_bytes(n: float) -> str:
    return f"{n / 1024:,.0f} KiB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MiB"


def etl_rows(etl: dict) -> list[Row]:
    b = etl["bundled"]
    rows: list[Row] = [
        (
            "ETL, bundled data/raw end to end (median of 3)",
            fmt_s(b["seconds"]),
            "",
            f"{b['rows']:,} input rows; load, contracts, models, swap",
        )
    ]
    for n, r in etl.items():
        if n == "bundled":
            continue
        rate = r["rows"] / r["seconds"]
        rows.append(
            (
                f"ETL, SYNTHETIC {n / 1e6:g} M observation rows (CSV via --input)",
                f"{fmt_s(r['seconds'])} ({rate:,.0f} rows/s)",
                f"DuckDB read_csv + CREATE TABLE {fmt_s(r['duckdb_seconds'])}; "
                f"ratio {r['seconds'] / r['duckdb_seconds']:.1f}×",
                f"{fmt_bytes(r['bytes'])} file; every cell validated, contracts, all "
                "models and marts, atomic swap",
            )
        )
    return rows


def browser_rows(b: dict) -> list[Row]:
    if "skipped" in b:
        return [("Browser benchmarks", "not run", "", b["skipped"])]
    hello, atlas = b["hello"], b["map"]
    if not atlas["runs"] or not hello["runs"] or atlas["first"]["seconds"] is None:
        return [
            (
                "Browser benchmarks",
                "failed",
                "",
                "; ".join(atlas["failed"] + hello["failed"]) or str(atlas["first"].get("error")),
            )
        ]
    ratio = atlas["median"] / hello["median"]
    first_ratio = atlas["first"]["seconds"] / (hello["first"]["seconds"] or float("nan"))
    runs = len(atlas["runs"])
    failed = atlas["failed"] + hello["failed"]
    rows: list[Row] = [
        (
            f"First map paint, map explorer (median of {runs} fresh tabs)",
            fmt_s(atlas["median"]),
            f"hello app {fmt_s(hello['median'])}; ratio {ratio:.1f}×",
            "goto → 13 Leaflet region paths in the map frame; empty HTTP cache each time"
            + (f"; {len(failed)} load(s) failed: {failed[0]}" if failed else ""),
        ),
        (
            "First map paint, first session after server start",
            fmt_s(atlas["first"]["seconds"]),
            f"hello app {fmt_s(hello['first']['seconds'])}; ratio {first_ratio:.1f}×",
            "includes the first imports and queries in the server",
        ),
    ]
    load = atlas["runs"][-1]
    hello_load = hello["runs"][-1]
    http = load["http"]
    for kind in sorted(http):
        rows.append(
            (
                f"Bytes per map page load: {kind}",
                fmt_bytes(http[kind]),
                f"hello app {fmt_bytes(hello_load['http'].get(kind, 0))}",
                "HTTP response bodies (uncompressed)",
            )
        )
    rows.append(
        (
            "Bytes per map page load: websocket, st_folium element",
            fmt_bytes(load["ws"]["map_element"]),
            "",
            "the map's HTML with the 13-region GeoJSON and tooltips embedded",
        )
    )
    rows.append(
        (
            "Bytes per map page load: websocket, all frames",
            fmt_bytes(load["ws"]["all"]),
            f"hello app {fmt_bytes(hello_load['ws']['all'])}",
            "includes the chart, table and widgets",
        )
    )
    for name, series in (("map explorer", atlas), ("hello app", hello)):
        rss = series["rss"]
        rows.append(
            (
                f"Peak memory of the server process, {name}",
                f"{rss.get('VmHWM', 0) / 1024:,.0f} MiB",
                ""
                if name == "hello app"
                else f"hello app {hello['rss'].get('VmHWM', 0) / 1024:,.0f} MiB",
                f"VmHWM from /proc after {runs + 1} page loads; now "
                f"{rss.get('VmRSS', 0) / 1024:,.0f} MiB",
            )
        )
    return rows


def rerun_rows(r: dict) -> list[Row]:
    return [
        (
            f"Script rerun after a widget change, map explorer ({r['n']} changes)",
            f"median {fmt_s(r['median'])}, p95 {fmt_s(r['p95'])}",
            f"first run of the session {fmt_s(r['first'])}",
            f"AppTest, indicator/measure alternately, {r['indicators']} indicators; "
            f"{r['errors']} errors",
        ),
    ]


def export_rows(db: Path) -> list[Row]:
    try:
        module = importlib.import_module("bench.bench_exports")
    except ImportError:
        print("PNG/PDF export benchmarks: not available yet")
        return [("PNG/PDF exports", "not available yet", "", "bench/bench_exports.py missing")]
    os.environ["ATLAS_DB"] = str(db)
    rows: list[Row] = []
    for r in module.run():
        value = r["value"]
        unit = r["unit"]
        shown = (
            fmt_s(value)
            if unit == "s"
            else f"{value:.2f}×"
            if unit == "ratio"
            else fmt_bytes(value)
            if unit == "bytes"
            else f"{value} {unit}"
        )
        rows.append((f"Export: {r['name']}", shown, "", r.get("note", "")))
    return rows


def table(rows: list[Row]) -> list[str]:
    out = ["| benchmark | value | baseline (same run) | note |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10 M-row ETL run")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    from bench import bench_browser, bench_etl, bench_rerun

    started = time.perf_counter()
    header = machine()
    print("\n".join(header), flush=True)
    sizes = (1_000_000,) if args.quick else (1_000_000, 10_000_000)
    work = Path(tempfile.mkdtemp(prefix="atlas_bench_"))
    rows: list[Row] = []
    try:
        print("ETL …", flush=True)
        rows += etl_rows(bench_etl.run(sizes))
        db = work / "atlas.duckdb"  # the bundled (real) data, served to the browser runs
        from atlas import config
        from etl.build import build

        build(config.RAW_DIR, db_path=db)
        print("browser …", flush=True)
        rows += browser_rows(bench_browser.run(db, work))
        print("rerun …", flush=True)
        with contextlib.redirect_stderr(io.StringIO()):
            rows += rerun_rows(bench_rerun.run(db))
        print("exports …", flush=True)
        rows += export_rows(db)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    took = time.perf_counter() - started
    lines = [
        "# Benchmarks",
        "",
        "Written by `python -m bench` (`make bench`). Figures, not pass/fail; the "
        "ratios compare against a baseline measured in the same run. Method: "
        "see the docstrings in bench/*.py and the notes below.",
        "",
        *header,
        f"- mode: {'quick (no 10 M run)' if args.quick else 'full'}; run took {took / 60:.1f} min",
        "",
        *table(rows),
        "",
        "## Method",
        "",
        "- ETL: `etl.build.build(data/raw, [folder])` on a fresh database; SYNTHETIC "
        "observations (13 regions × generated indicators × days) written by DuckDB into a "
        "temporary folder, labelled SYNTHETIC, deleted after the run. Baseline: DuckDB "
        "`CREATE TABLE … AS SELECT * FROM read_csv(file)` of the same file.",
        "- First map paint: Playwright drives Debian Chromium (offline flags as in the "
        "e2e tests); a fresh browser context per load; timed from `goto` to the 13th "
        "`path.leaflet-interactive` in the map frame. Baseline: bench/hello_app.py "
        "(`st.write('Hello')`) served by `streamlit run` with the same options, timed to "
        "its text.",
        "- Bytes: bodies of every HTTP response of one page load by kind, plus websocket "
        "frames received; the frames whose delta is the st_folium component (the map "
        "HTML with the GeoJSON embedded) are counted on their own.",
        "- Rerun: Streamlit AppTest runs the real script; indicator and measure changed "
        "alternately; the first run of the session is reported apart.",
        "- Memory: VmHWM (peak resident set) of the `streamlit run` process from "
        "/proc/<pid>/status after the page loads.",
        "- Exports: `bench.bench_exports.run()` (PNG map/ranking and PDF brief, cold in "
        "a fresh process and warm), against the HTML render of the interactive map.",
        "",
    ]
    text = "\n".join(lines)
    args.output.write_text(text, encoding="utf-8")
    print("\n".join(table(rows)))
    print(f"\nwrote {args.output} in {took / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
