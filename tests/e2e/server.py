"""Start the real app (``streamlit run``) on a free localhost port and stop it again.

Shared by the browser tests (tests/e2e), the websocket load test (tests/reliability) and the
benchmarks (bench/). No pytest here.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEALTH_TIMEOUT_S = 90.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """``streamlit run <script>`` bound to 127.0.0.1, with the repo's .streamlit config."""

    def __init__(
        self,
        script: str | Path = "dashboard.py",
        *,
        db: Path | None = None,
        port: int | None = None,
        env: dict[str, str] | None = None,
        log_path: Path | None = None,
    ) -> None:
        self.script = str(script)
        self.port = port or free_port()
        self.env = {**os.environ, **(env or {})}
        if db is not None:
            self.env["ATLAS_DB"] = str(db)
        self.env["PYTHONPATH"] = str(ROOT)
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self) -> StreamlitServer:
        # dashboard.py starts the way `make run` does (atlas.serve: no legacy first session)
        launch = (
            ["-m", "atlas.serve"]
            if Path(self.script).name == "dashboard.py"
            else ["-m", "streamlit", "run", self.script]
        )
        cmd = [
            sys.executable,
            *launch,
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        self._log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_healthy()
        return self

    def wait_healthy(self, timeout_s: float = HEALTH_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(
                    f"streamlit exited with {self.proc.returncode}"
                    + (f"; log: {self.log_path}" if self.log_path else "")
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout_s:.0f}s")

    def rss_kb(self) -> dict[str, int]:
        """Current and peak resident memory of the server process (Linux /proc), in KiB."""
        out = {}
        if self.proc is None:
            return out
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0])
        except OSError:
            pass
        return out

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # our own process group only
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
        self.proc = None

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def beside_static(script: str | Path, folder: Path) -> Path:
    """A copy of ``script`` in ``folder`` next to a link to the repository's static/.

    Streamlit serves ``static/`` from the folder of the main script; an app kept under tests/
    or bench/ is run from this copy so that it gets /app/static/ as dashboard.py does."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / Path(script).name
    target.write_bytes((ROOT / script).read_bytes())
    link = folder / "static"
    if not link.exists():
        link.symlink_to(ROOT / "static", target_is_directory=True)
    return target


# --- a browser-free Streamlit client over the websocket -------------------------------------


class WsSession:
    """One Streamlit session over ``/_stcore/stream`` (what a browser tab does, minus drawing).

    ``rerun(page, query)`` asks the server to run a page with a query string and waits for
    ``script_finished``; it returns the seconds taken and the problems seen (exception
    elements, error alerts, a non-successful finish)."""

    def __init__(self, port: int, timeout_s: float = 60.0) -> None:
        from websockets.sync.client import connect

        self.timeout_s = timeout_s
        # No permessage-deflate, so bytes_received counts the protocol bytes themselves (a
        # browser may negotiate compression on top); never a proxy on loopback.
        self._connect = connect(
            f"ws://127.0.0.1:{port}/_stcore/stream",
            subprotocols=["streamlit"],
            open_timeout=timeout_s,
            max_size=None,
            compression=None,
            proxy=None,
        )
        self.ws = self._connect.__enter__()
        self.bytes_received = 0

    def rerun(self, page: str, query: str = "") -> tuple[float, list[str]]:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        started = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        problems: list[str] = []
        deadline = started + self.timeout_s
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                problems.append("timeout waiting for script_finished")
                break
            data = self.ws.recv(timeout=remaining)
            self.bytes_received += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    problems.append(f"exception: {element.exception.message}")
                elif which == "alert" and element.alert.format == element.alert.ERROR:
                    problems.append(f"error box: {element.alert.body[:120]}")
            elif kind == "page_not_found":
                problems.append(f"page not found: {page}")
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # st.rerun (e.g. leaving legacy page mode): wait for the next run
                if status not in ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"):
                    problems.append(f"script finished with {status}")
                break
        return time.perf_counter() - started, problems

    def close(self) -> None:
        self._connect.__exit__(None, None, None)
