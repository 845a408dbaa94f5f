"""Where a page's server time goes: pyinstrument over every script run of a Streamlit AppTest
session (the script runs as on the server), on the real bundled data.

``python -m bench.profile_pages [--db data/atlas.duckdb] [--changes 20] [--warm]``

The first run of the session and the reruns after a widget change (indicator and measure
alternately on the map explorer) are profiled apart; each prints pyinstrument's call tree
(frames under 2 % hidden). ``--warm`` runs ``atlas.ui.warm`` first, as ``atlas.serve`` does.
A tool for deciding what to optimise: no figures are recorded, nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pyinstrument import Profiler
from pyinstrument.session import Session

ROOT = Path(__file__).resolve().parent.parent


class _Profiled:
    """Profile every script run (``ScriptRunner._run_script``, in the script's own thread)."""

    def __init__(self) -> None:
        from streamlit.runtime.scriptrunner import script_runner

        self.sessions: list[Session] = []
        self._cls = script_runner.ScriptRunner
        self._original = self._cls._run_script
        original, sessions = self._original, self.sessions

        def run_script(runner, *args, **kwargs):
            profiler = Profiler(interval=0.001)
            profiler.start()
            try:
                return original(runner, *args, **kwargs)
            finally:
                sessions.append(profiler.stop())

        self._cls._run_script = run_script

    def take(self) -> Session | None:
        taken, self.sessions[:] = list(self.sessions), []
        if not taken:
            return None
        combined = taken[0]
        for s in taken[1:]:
            combined = Session.combine(combined, s)
        return combined


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--warm", action="store_true")
    args = parser.parse_args(argv)
    os.environ["ATLAS_DB"] = str(args.db.resolve())
    os.chdir(ROOT)
    from streamlit.testing.v1 import AppTest

    from bench.bench_rerun import changes

    if args.warm:
        from atlas.ui import warm

        warm.defaults()
        warm.rest(pause_s=0)
    profiled = _Profiled()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "el"
    at.run()
    at.switch_page("pages/map_explorer.py").run()
    first = profiled.take()
    for box, value in changes(at, args.db, args.changes):
        box.set_value(value).run()
    reruns = profiled.take()
    for name, session in (("first run", first), (f"{args.changes} reruns", reruns)):
        if session is None:
            continue
        profiler = Profiler()
        profiler._last_session = session
        print(f"===== {name}: {session.duration:.2f} s wall, {session.cpu_time:.2f} s CPU")
        print(profiler.output_text(unicode=True, show_all=False, time="percent_of_total"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
