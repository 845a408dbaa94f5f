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

The page shell (Streamlit's index.html, served before any script runs) says
``<html lang="en">``: ``shell_static_dir`` makes a copy of Streamlit's static folder (links
to every file, a patched index.html) that declares Greek, the default language, and switches
to English before anything is drawn when the URL asks for it (``?lang=en``). Streamlit
serves it in place of its own: nothing fetched from elsewhere, the same paths behind nginx.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

from atlas import config, db
from atlas.folders import made_once

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
    exc = db.problem(path)
    if exc is None:
        return None
    if exc.kind == "missing":
        return f"no atlas database at {source}: {FIX}"
    if exc.kind == "outdated":
        return f"the atlas database {source} was {exc.detail}: re{FIX}"
    detail = f" ({exc.detail})" if exc.detail else ""
    return f"{source} is not a valid atlas database{detail}: {FIX}"


# Runs in the page head before Streamlit's bundle: the language the URL asks for (the app
# keeps ``lang`` in the URL), Greek otherwise. No '<' in it (it sits inside a script element).
SHELL_LANG_SCRIPT = (
    "<script>(function(){try{var l=new URLSearchParams(location.search).get('lang');"
    "if(l==='en'||l==='el'){document.documentElement.lang=l;}}catch(e){}})();</script>"
)


def shell_html(index_html: str, lang: str = "el") -> str:
    """Streamlit's index.html declaring ``lang`` (and following ``?lang=`` in the URL)."""
    text, n = re.subn(r"<html\b[^>]*>", f'<html lang="{lang}">', index_html, count=1)
    if not n:
        raise ValueError("Streamlit's index.html has no <html> element")
    return text.replace("<head>", "<head>" + SHELL_LANG_SCRIPT, 1)


def shell_static_dir(source: Path, root: Path | None = None) -> Path:
    """A folder serving what ``source`` (Streamlit's static folder) serves, with the patched
    index.html; every other entry is a link to the original. Built once per Streamlit
    install and patch (the folder name carries a hash of the patched index.html), atomically."""
    index = (source / "index.html").read_text(encoding="utf-8")
    patched = shell_html(index)
    # Keyed by what is served (the patched page), not by Streamlit's page alone: a folder
    # made by an earlier version of shell_html is never served for a newer one.
    key = hashlib.sha256(patched.encode("utf-8") + str(source).encode()).hexdigest()[:12]

    def fill(work: Path) -> None:
        for entry in source.iterdir():
            if entry.name != "index.html":
                (work / entry.name).symlink_to(entry)
        (work / "index.html").write_text(patched, encoding="utf-8")

    return made_once(f"atlas-streamlit-static-{key}", fill, root)


def serve_greek_shell() -> Path | None:
    """Make Streamlit serve the shell that declares the page language (see the module doc)."""
    from streamlit import file_util

    try:
        folder = shell_static_dir(Path(file_util.get_static_dir()))
    except OSError as exc:  # e.g. no writable temp folder: Streamlit's own shell, and say so
        print(f"atlas.serve: page shell not patched ({exc}); lang set by the app", file=sys.stderr)
        return None
    file_util.get_static_dir = lambda: str(folder)
    return folder


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
    serve_greek_shell()
    _export_base_path(argv)  # before the warm-up: the maps' asset URLs carry the base path
    if os.environ.get(WARM_ENV_VAR, "1") != "0":
        from atlas.ui import warm

        warm.start()
    args = ["run", str(DASHBOARD), *argv]
    cli.main(args=args, prog_name="streamlit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
