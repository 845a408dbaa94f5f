"""Start the app: ``python -m atlas.serve [streamlit options]`` — what ``make run`` does.

Streamlit treats the client-mandated ``pages/`` folder as a v1 multipage app until the first
``st.navigation`` call, so the first session after a start runs in legacy mode (a page file
without dashboard.py, and a widget change in that session can be lost). Switching the v1
flag off in the server process before it starts gives every session the v2 navigation.
``streamlit run dashboard.py`` still works; ``atlas.ui`` then recovers with one rerun.
"""

from __future__ import annotations

import sys
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False  # read by every session's script runner
    args = ["run", str(DASHBOARD), *(sys.argv[1:] if argv is None else argv)]
    cli.main(args=args, prog_name="streamlit")


if __name__ == "__main__":
    main()
