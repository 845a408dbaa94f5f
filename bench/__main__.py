"""``python -m bench`` (``make bench``): run every benchmark, print the figures and write
bench/results.md with the machine, date, versions, one line per issue-#13 target (value,
baseline of the same run, ratio, met / not met) and the detailed table. Figures, not
pass/fail: nothing here asserts a time, and a target not met does not fail the run.

``--quick`` (CI, under 2 minutes): smaller N everywhere — no SYNTHETIC ETL file (the
bundled data only; ``--etl-rows 100000`` adds one), 2 page loads instead of 5, 10 sessions
instead of 20, 10 rerun changes instead of 30, only the atlas in the map-payload run, no
export benchmarks. The quick figures say whether something regressed; the targets are
judged on the full run.

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


# what, value, baseline, ratio, target, met (None: not measured; a str: neither met nor not
# met, shown as it is: bench_browser.NO_MAP for a page without a map in this build)
Target = tuple[str, str, str, str, str, bool | str | None]


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def target_lines(targets: list[Target]) -> list[str]:
    out = [
        "| target | value | baseline (same run) | ratio | target | met? |",
        "|---|---|---|---|---|---|",
    ]
    for what, value, base, ratio, goal, met in targets:
        if isinstance(met, str):
            verdict = met
        else:
            verdict = "not measured" if met is None else "**met**" if met else "**not met**"
        out.append(f"| {what} | {value} | {base} | {ratio} | {goal} | {verdict} |")
    return out


def count_line(targets: list[Target]) -> str:
    """'N of M met': targets measured or not measured count; a page without a map in this
    build (a str verdict) is named apart, in neither."""
    counted = [t for t in targets if not isinstance(t[5], str)]
    apart = [t for t in targets if isinstance(t[5], str)]
    line = (
        f"{sum(1 for t in counted if t[5])} of {len(counted)} met in this run"
        f" ({sum(1 for t in counted if t[5] is None)} not measured)"
    )
    if apart:
        line += "; left out: " + "; ".join(f"{t[0]}: {t[5]}" for t in apart)
    return line + "."


def browser_targets(b: dict) -> list[Target]:
    """One line per map page: its first-paint median against the hello loads interleaved
    with it (same minutes), met when ≤ ``bench_browser.TARGET`` (the bare st_folium floor)."""
    from bench.bench_browser import NO_MAP, TARGET, pages

    goal = f"≤ {TARGET:.2f}×"
    if "skipped" in b or not b.get("hello", {}).get("runs"):
        why = b.get("skipped", "page loads failed")
        return [("First map paint vs hello app", why, "", "", goal, None)]
    out: list[Target] = []
    for key, name, _path in pages():
        series = b.get(key) or {}
        if series.get("no_map"):
            out.append((f"First map paint, {name}", NO_MAP, "", "", goal, NO_MAP))
            continue
        if not series.get("runs"):
            why = "; ".join(series.get("failed", [])[:1]) or "not measured"
            out.append((f"First map paint, {name}", why, "", "", goal, None))
            continue
        hello = series["hello_median"]
        r = series["median"] / hello
        out.append(
            (
                f"First map paint, {name} (median of {len(series['runs'])}; load avg "
                f"{series['load']:.1f})",
                fmt_s(series["median"]),
                f"hello app {fmt_s(hello)}",
                f"{r:.2f}×",
                goal,
                r <= TARGET,
            )
        )
    first_key = pages()[0][0]
    first, hello_first = b[first_key]["first"]["seconds"], b["hello"]["first"]["seconds"]
    if first and hello_first:
        r = first / hello_first
        out.append(
            (
                f"First map paint, {pages()[0][1]}, first session after server start",
                fmt_s(first),
                f"hello app {fmt_s(hello_first)}",
                f"{r:.2f}×",
                "≤ 2×",
                r <= 2,
            )
        )
    return out


def load_targets(ld: dict) -> list[Target]:
    n = ld["sessions"]
    atlas, hello = ld["atlas"], ld["hello"]
    a = atlas["waves"][-1]  # the second wave: the server has seen sessions before
    h = hello["waves"][-1]
    first = atlas["waves"][0]
    h_first = hello["waves"][0]
    errors = sum(w["errors"] for w in atlas["waves"])
    peak = max(r.get("VmHWM", 0) for r in atlas["rss"]) / 1024
    h_peak = max(r.get("VmHWM", 0) for r in hello["rss"]) / 1024
    rss = [r.get("VmRSS", 0) / 1024 for r in atlas["rss"]]
    growth = (rss[-1] - rss[0]) / rss[0] if len(rss) > 1 and rss[0] else float("nan")
    load = max(w["load"] for w in atlas["waves"])
    tag = f"{n} sessions at once"
    return [
        (
            f"{tag}: rerun p95 (second wave; load avg {load:.1f})",
            fmt_s(a["rerun_p95"]),
            f"hello app {fmt_s(h['rerun_p95'])}",
            _ratio(a["rerun_p95"], h["rerun_p95"]),
            "≤ 2× hello",
            a["rerun_p95"] <= 2 * h["rerun_p95"],
        ),
        (
            f"{tag}: first run p95 (first wave, just after the start)",
            fmt_s(first["first_p95"]),
            f"hello app {fmt_s(h_first['first_p95'])}",
            _ratio(first["first_p95"], h_first["first_p95"]),
            "≤ 2× hello",
            first["first_p95"] <= 2 * h_first["first_p95"],
        ),
        (
            f"{tag}: errors ({sum(w['runs'] for w in atlas['waves'])} runs)",
            str(errors),
            f"hello app {sum(w['errors'] for w in hello['waves'])}",
            "",
            "0",
            errors == 0,
        ),
        (
            f"{tag}: server memory, peak (VmHWM)",
            f"{peak:,.0f} MiB",
            f"hello app {h_peak:,.0f} MiB",
            _ratio(peak, h_peak),
            "≤ 400 MiB",
            peak <= 400,
        ),
        (
            f"{tag}: memory flat after the first sessions (VmRSS after each wave)",
            " → ".join(f"{x:,.0f}" for x in rss) + " MiB",
            "",
            f"{growth:+.1%}" if growth == growth else "–",
            "growth ≤ 5 % after wave 1",
            growth == growth and growth <= 0.05,
        ),
    ]


def rerun_targets(r: dict) -> list[Target]:
    warm, hello = r["warm"], r["hello"]
    return [
        (
            f"Rerun after a widget change, one user, server time ({warm['n']} changes, "
            "after the warm-up)",
            f"median {fmt_s(warm['median'])}, p95 {fmt_s(warm['p95'])}",
            f"hello app median {fmt_s(hello['median'])}",
            _ratio(warm["median"], hello["median"]),
            "median ≤ 0.10 s",
            warm["median"] <= 0.10,
        )
    ]


def etl_targets(etl: dict) -> list[Target]:
    out: list[Target] = []
    for n, r in etl.items():
        if n == "bundled":
            continue
        if "error" in r:  # e.g. out of memory: the build failed, the target is not met
            name = f"ETL of {n / 1e6:g} M SYNTHETIC observation rows (--input)"
            out.append((name, "failed", r["error"][:160], "", "≤ 2×", False))
            continue
        ratio = r["seconds"] / r["duckdb_seconds"]
        out.append(
            (
                f"ETL of {n / 1e6:g} M SYNTHETIC observation rows (--input)",
                fmt_s(r["seconds"]),
                f"DuckDB read_csv {fmt_s(r['duckdb_seconds'])}",
                f"{ratio:.1f}×",
                "≤ 2×",
                ratio <= 2,
            )
        )
    return out


def payload_targets(p: dict) -> list[Target]:
    atlas = p.get("atlas map explorer") or {}
    render = p.get("render") or {}
    if "load" not in atlas:
        why = atlas.get("error") or atlas.get("skipped") or p.get("skipped", "not run")
        return [("Map payload over the websocket", why, "", "", "≤ 120 KiB", None)]
    sent = atlas["load"]["map_element_bytes"]
    embedded = render.get("embedded", 0)
    select = atlas["select"]
    resent = select["map_element_bytes"]
    return [
        (
            "Map payload per map over the websocket (st_folium element, page load)",
            fmt_bytes(sent),
            f"same map with the GeoJSON embedded {fmt_bytes(embedded)}" if embedded else "",
            _ratio(sent, embedded) if embedded else "",
            "≤ 120 KiB",
            sent <= 120 * 1024,
        ),
        (
            "Map re-sent on selection change (map-element bytes; Leaflet kept; outline)",
            f"{'yes' if resent else 'no'}: {fmt_bytes(resent)}; Leaflet kept: "
            f"{'yes' if select['leaflet_kept'] else 'no'}; "
            f"outline drawn: {'yes' if select['selected_drawn'] else 'no'}",
            f"page load {fmt_bytes(sent)}",
            _ratio(resent, sent),
            "not re-sent, map kept",
            select["leaflet_kept"] and select["selected_drawn"] and resent == 0,
        ),
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
        if "error" in r:
            rows.append(
                (f"ETL, SYNTHETIC {n / 1e6:g} M observation rows", "failed", "", r["error"])
            )
            continue
        rate = r["rows"] / r["seconds"]
        rows.append(
            (
                f"ETL, SYNTHETIC {n / 1e6:g} M observation rows (CSV via --input)",
                f"{fmt_s(r['seconds'])} ({rate:,.0f} rows/s)",
                f"DuckDB read_csv + CREATE TABLE {fmt_s(r['duckdb_seconds'])}; "
                f"ratio {r['seconds'] / r['duckdb_seconds']:.1f}× (CPU {r['cpu_ratio']:.1f}×)",
                f"{fmt_bytes(r['bytes'])} file; read + every check "
                f"{fmt_s(r['checked_seconds'])} ({r['checked_ratio']:.1f}× read_csv), "
                f"models and marts {fmt_s(r['models_seconds'])}, atomic swap; peak RSS "
                f"{r['peak_rss_mib']:,.0f} MiB; load average {r['load']:.1f}",
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
    from bench.bench_browser import NO_MAP, pages

    first_ratio = atlas["first"]["seconds"] / (hello["first"]["seconds"] or float("nan"))
    runs = len(atlas["runs"])
    rows: list[Row] = []
    for key, name, path in pages():
        series = b.get(key) or {}
        if series.get("no_map"):
            rows.append((f"First map paint, {name}", NO_MAP, "", path))
            continue
        if not series.get("runs"):
            continue
        last = series["runs"][-1]
        failed = series["failed"]
        rows.append(
            (
                f"First map paint, {name} (median of {len(series['runs'])} fresh tabs)",
                fmt_s(series["median"]),
                f"hello app {fmt_s(series['hello_median'])} (interleaved); ratio "
                f"{series['median'] / series['hello_median']:.2f}×",
                f"{path}: goto → 13 Leaflet region paths in the first map frame; "
                f"{fmt_bytes(last['bytes_before_paint'])} over HTTP before the paint; "
                f"load avg {series['load']:.1f}"
                + (f"; {len(failed)} load(s) failed: {failed[0]}" if failed else ""),
            )
        )
    rows.append(
        (
            "First map paint, first session after server start",
            fmt_s(atlas["first"]["seconds"]),
            f"hello app {fmt_s(hello['first']['seconds'])}; ratio {first_ratio:.1f}×",
            "includes the first imports and queries in the server",
        )
    )
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
    hello = r["hello"]
    rows: list[Row] = []
    for key, how in (("warm", "after the warm-up (as atlas.serve)"), ("cold", "empty caches")):
        x = r[key]
        rows.append(
            (
                f"Script rerun after a widget change, map explorer, {how} ({x['n']} changes)",
                f"median {fmt_s(x['median'])}, p95 {fmt_s(x['p95'])}",
                f"hello app rerun median {fmt_s(hello['median'])}; ratio "
                f"{_ratio(x['median'], hello['median'])}",
                f"AppTest, indicator/measure alternately, {x['indicators']} indicators; "
                f"{x['errors']} errors; first run of the session {fmt_s(x['first'])}"
                + (f"; warm-up took {fmt_s(x['warm_up_s'])}" if x["warm_up_s"] else ""),
            )
        )
    return rows


def load_rows(ld: dict) -> list[Row]:
    rows: list[Row] = []
    for name in ("atlas", "hello"):
        for i, (w, rss) in enumerate(zip(ld[name]["waves"], ld[name]["rss"]), 1):
            rows.append(
                (
                    f"{w['sessions']} sessions at once, {name}, wave {i}",
                    f"first run p50 {fmt_s(w['first_p50'])} / p95 {fmt_s(w['first_p95'])}; "
                    f"rerun p50 {fmt_s(w['rerun_p50'])} / p95 {fmt_s(w['rerun_p95'])}",
                    "",
                    f"{w['runs']} runs, {w['errors']} errors, {w['seconds']:.0f} s; "
                    f"VmRSS {rss.get('VmRSS', 0) / 1024:,.0f} MiB, VmHWM "
                    f"{rss.get('VmHWM', 0) / 1024:,.0f} MiB; load avg {w['load']:.2f}"
                    + (f"; {w['problems'][0][:100]}" if w["problems"] else ""),
                )
            )
    return rows


def payload_rows(p: dict) -> list[Row]:
    rows: list[Row] = []
    render = p.get("render") or {}
    if render:
        rows.append(
            (
                "Map as the component receives it (script + HTML + header), overview map",
                fmt_bytes(render["static"]),
                f"GeoJSON embedded {fmt_bytes(render['embedded'])}; ratio "
                f"{_ratio(render['static'], render['embedded'])}",
                "in-process render; the geometry comes from static/ once per browser",
            )
        )
    for name, r in p.items():
        if name == "render" or not isinstance(r, dict) or "load" not in r:
            continue
        for step in ("load", "reload", "select"):
            x = r[step]
            geo = sum(g[3] for g in x["geometry_http"])
            rows.append(
                (
                    f"Map payload, {name}, {step}",
                    f"websocket {fmt_bytes(x['ws_bytes'])}, map element "
                    f"{fmt_bytes(x['map_element_bytes'])} ({x['map_element_frames']} frame(s))",
                    "",
                    f"geometry over HTTP {fmt_bytes(geo)} (on the wire)"
                    + (
                        f"; Leaflet kept: {x['leaflet_kept']}, outline: {x['selected_drawn']}"
                        if step == "select"
                        else ""
                    ),
                )
            )
    return rows


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
    parser.add_argument("--quick", action="store_true", help="smaller N: under 2 minutes (CI)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--etl-rows",
        help="SYNTHETIC ETL file sizes, comma-separated ('' for none; default: 1 M and 10 M, "
        "none in --quick)",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    from bench import bench_browser, bench_etl, bench_load, bench_map_payload, bench_rerun

    quick = args.quick
    started = time.perf_counter()
    header = machine()
    print("\n".join(header), flush=True)
    if args.etl_rows is not None:
        sizes = tuple(int(x) for x in args.etl_rows.split(",") if x.strip())
    else:
        sizes = () if quick else (1_000_000, 10_000_000)
    work = Path(tempfile.mkdtemp(prefix="atlas_bench_"))
    rows: list[Row] = []
    targets: list[Target] = []

    def step(name: str) -> None:
        load = os.getloadavg()[0]
        print(f"{name} … ({(time.perf_counter() - started):.0f} s; load {load:.2f})", flush=True)

    try:
        step("ETL")
        try:
            etl = bench_etl.run(sizes)
        except Exception as exc:  # noqa: BLE001 - a failed benchmark is a figure, not a crash
            why = f"failed: {type(exc).__name__}: {str(exc)[:160]}"
            rows.append(("ETL benchmarks", why, "", ""))
            targets.append(("ETL of SYNTHETIC rows (--input)", why, "", "", "≤ 2×", None))
        else:
            rows += etl_rows(etl)
            targets += etl_targets(etl) or [
                ("ETL of SYNTHETIC rows (--input)", "not run (--etl-rows)", "", "", "≤ 2×", None)
            ]
        db = work / "atlas.duckdb"  # the bundled (real) data, served to the browser runs
        from atlas import config
        from etl.build import build

        build(config.RAW_DIR, db_path=db)
        step("browser")
        browser = bench_browser.run(db, work, loads=1 if quick else bench_browser.LOADS)
        rows += browser_rows(browser)
        targets += browser_targets(browser)
        step("concurrent sessions")
        load = bench_load.run(db, work, sessions=10 if quick else bench_load.SESSIONS)
        rows += load_rows(load)
        targets += load_targets(load)
        step("map payload")
        apps = {"atlas map explorer": ("dashboard.py", "/map_explorer?lang=en")} if quick else None
        payload = bench_map_payload.run(db, work, apps)
        payload["render"] = bench_map_payload.render_bytes(db)
        rows += payload_rows(payload)
        targets += payload_targets(payload)
        step("rerun")
        n = 10 if quick else bench_rerun.CHANGES
        with contextlib.redirect_stderr(io.StringIO()):
            rerun = {
                "hello": bench_rerun.hello(n),
                "cold": bench_rerun.run(db, n, warm=False),
                "warm": bench_rerun.run(db, n, warm=True),
            }
        rows += rerun_rows(rerun)
        targets += rerun_targets(rerun)
        if not quick:
            step("exports")
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
        f"- mode: {'quick (smaller N: see bench/__main__.py)' if quick else 'full'}; "
        f"run took {took / 60:.1f} min; load average at the end: "
        + " / ".join(f"{x:.2f}" for x in os.getloadavg()),
        "",
        "## Targets",
        "",
        count_line(targets),
        "",
        *target_lines(targets),
        "",
        "## All figures",
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
        "e2e tests); a fresh browser context per load; every map page (bench_browser.PAGES, "
        "and the municipalities and activities pages once they exist), timed from `goto` "
        "to the 13th `path.leaflet-interactive` in the first map frame. Baseline: "
        "bench/hello_app.py (`st.write('Hello')`) served by `streamlit run` with the same "
        "options at the same time, timed to its text; its loads alternate with each page's, "
        "so each page has a hello median from the same minutes (the machine is shared). "
        "Target ≤ 1.45×: a bare page with one st_folium map paints at 1.37–1.43× hello. "
        "`python -m bench.bench_browser` prints the same lines with a waterfall of each "
        "page's responses > 50 KiB.",
        "- Bytes: bodies of every HTTP response of one page load by kind, plus websocket "
        "frames received; the frames whose delta is the st_folium component (the map "
        "HTML with the GeoJSON embedded) are counted on their own.",
        "- Rerun: Streamlit AppTest runs the real script; indicator and measure changed "
        "alternately; the first run of the session is reported apart; once from empty "
        "caches and once after `atlas.ui.warm` (what `atlas.serve` does before it "
        "listens). Baseline: AppTest reruns of bench/hello_app.py in the same process.",
        "- Concurrent sessions (bench/bench_load.py): the load test's websocket client, "
        "N sessions at once, each a first run then reruns back to back through the load "
        "test's views; two waves on the same server (memory after each: flat or not). "
        "Baseline: the hello app served the same way, same N. The servers start as "
        "`make run` starts them (atlas.serve, with its warm-up).",
        "- Map payload (bench/bench_map_payload.py): websocket bytes of the st_folium "
        "element on a page load, a reload and a region selection (and whether Leaflet "
        "survived it). Baseline: the same map rendered with its GeoJSON embedded, as "
        "st_folium sent every map before.",
        "- Memory: VmHWM (peak resident set) of the `streamlit run` process from "
        "/proc/<pid>/status after the page loads.",
        "- Exports: `bench.bench_exports.run()` (PNG map/ranking and PDF brief, cold in "
        "a fresh process and warm), against the HTML render of the interactive map.",
        "",
    ]
    text = "\n".join(lines)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print("\n".join(target_lines(targets)))
    print(f"\nwrote {args.output} in {took / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
