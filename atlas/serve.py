"""Start the app: ``python -m atlas.serve [streamlit options]`` — what ``make run`` does, and
what each replica behind nginx runs (``ATLAS_DB=… python -m atlas.serve --server.port 8501``).

Before Streamlit starts, the database is opened read-only and checked (the tables the app
needs are there). A missing or invalid database stops the process with exit code 2 and one
line naming the path and the fix: a replica never comes up half-working behind the proxy
(its health check would answer 200 while every page shows an error).

Streamlit treats the client-mandated ``pages/`` folder as a v1 multipage app until the first
``st.navigation`` call, so the first session after a start runs in legacy mode (a page file
without dashboard.py, and a widget change in that session can be lost). Switching the v1
flag off in the server process before it starts gives every session the v2 navigation.
``streamlit run dashboard.py`` still works; ``atlas.ui`` then recovers with one rerun.

Then the process is warmed before Streamlit listens (``atlas.ui.warm``: imports, the
database, the geometry, the first pages' views and maps), so the first visitor after a start
does not pay for them; the other map views are warmed in a background thread.
``ATLAS_WARM=0`` skips it (a developer restarting often).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from atlas import config, db

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"
WARM_ENV_VAR = "ATLAS_WARM"
EXIT_BAD_DATABASE = 2  # like a usage error: the process cannot serve anything useful
FIX = f"build it with `python -m etl`, or set {config.DB_ENV_VAR} to a published atlas.duckdb"


def database_problem(path: Path) -> str | None:
    """None when ``path`` opens read-only as an atlas database, else a one-line message
    naming the file and the fix."""
    source = f"{config.DB_ENV_VAR}={path}" if os.environ.get(config.DB_ENV_VAR) else str(path)
    if path.is_dir():
        return f"the atlas database {source} is a folder, not a file: {FIX}"
    try:
        con = db.connect(path)
    except db.DatabaseUnavailable as exc:
        if exc.kind == "missing":
            return f"no atlas database at {source}: {FIX}"
        detail = f" ({exc.detail})" if exc.detail else ""
        return f"{source} is not a valid atlas database{detail}: {FIX}"
    con.close()
    return None


def _export_base_path(args: list[str]) -> None:
    """``--server.baseUrlPath X`` on the command line: export it as Streamlit's own variable,
    which atlas.config.base_url_path() reads for absolute asset URLs."""
    for i, arg in enumerate(args):
        value = None
        if arg == "--server.baseUrlPath" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--server.baseUrlPath="):
            value = arg.partition("=")[2]
        if value is not None:
            os.environ[config.BASE_PATH_ENV_VAR] = value


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    problem = database_problem(config.db_path())
    if problem:
        print(f"atlas.serve: {problem}", file=sys.stderr)
        return EXIT_BAD_DATABASE

    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False  # read by every session's script runner
    _export_base_path(argv)  # before the warm-up: the maps' asset URLs carry the base path
    if os.environ.get(WARM_ENV_VAR, "1") != "0":
        from atlas.ui import warm

        warm.start()
    args = ["run", str(DASHBOARD), *argv]
    cli.main(args=args, prog_name="streamlit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
