"""The nginx site: committed examples match the renderer and pass ``nginx -t`` (plain, base
path, TLS); the upload limit is Streamlit's; the CSP names no other origin; through the
running cluster every answer carries the security headers, static files are gzipped, a
browser keeps its replica, and TLS termination carries the websocket."""

from __future__ import annotations

import gzip
import http.cookies
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from deploy import nginx
from deploy.cluster import Nginx, free_port, wait_http_ok
from tests.deploy.client import UPSTREAM_HEADER, ProxiedSession, route_cookie

ROOT = Path(__file__).resolve().parents[2]
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
)
# Every source the CSP may name: the atlas's own origin and inline data, nothing else.
ALLOWED_SOURCES = {"'self'", "'none'", "'unsafe-inline'", "'wasm-unsafe-eval'", "data:"}


def test_committed_examples_match_the_renderer():
    for name, site in nginx.examples().items():
        committed = (nginx.EXAMPLES_DIR / name).read_text(encoding="utf-8")
        assert committed == nginx.render_site(site), (
            f"deploy/nginx/{name} is stale: run python -m deploy.nginx --write-examples"
        )


def streamlit_upload_limit() -> int:
    """``server.maxUploadSize`` as Streamlit itself reads it from the repo's config."""
    out = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    match = re.search(r"^(?:# )?maxUploadSize = (\d+)$", out, re.M)  # "# " when default
    assert match, "streamlit config show printed no maxUploadSize"
    return int(match.group(1))


def test_body_size_limit_is_streamlits_upload_limit():
    limit = streamlit_upload_limit()
    conf = (nginx.EXAMPLES_DIR / "atlas.conf").read_text(encoding="utf-8")
    assert f"client_max_body_size {limit + 1}m;" in conf
    assert nginx.upload_limit_mb() == limit


def test_replicas_must_be_given_by_address():
    """nginx's $upstream_addr is an address: a host name would never match the map that
    moves the route cookie, and a failed-over browser would lose its session's files."""
    with pytest.raises(ValueError, match="IP:port"):
        nginx.Site(("replica1:8501",))
    assert nginx.Site(("[::1]:8501", "10.0.0.2:8501")).names == ("r1", "r2")


def test_csp_allows_only_the_atlas_itself():
    directives = dict(
        (parts[0], parts[1:]) for parts in (d.split() for d in nginx.CSP.split(";") if d.strip())
    )
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in nginx.CSP
    for name, sources in directives.items():
        assert set(sources) <= ALLOWED_SOURCES, (name, sources)


def self_signed(folder: Path) -> tuple[str, str]:
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return str(cert), str(key)


@pytest.mark.parametrize("variant", ["plain", "base path", "tls"])
def test_rendered_configs_pass_nginx_t(nginx_path, tmp_path, variant):
    options: dict = {"listen": f"127.0.0.1:{free_port()}"}
    if variant == "base path":
        options["base_path"] = "/atlas"
    if variant == "tls":
        options["tls_cert"], options["tls_key"] = self_signed(tmp_path)
        options["http_redirect_listen"] = f"127.0.0.1:{free_port()}"
    site = nginx.Site(("127.0.0.1:8501", "127.0.0.1:8502"), **options)
    proxy = Nginx(site, tmp_path / "nginx", binary=nginx_path)
    proxy.write_config()
    checked = proxy.test_config()
    assert checked.returncode == 0, checked.stderr


def test_site_file_fits_debians_own_nginx_conf(nginx_path, tmp_path):
    """deploy/nginx/atlas.conf as /etc/nginx/sites-enabled/atlas next to Debian's stock
    nginx.conf (which already says gzip on, includes mime.types, …): nginx -t passes."""
    etc = Path("/etc/nginx")
    if not (etc / "nginx.conf").exists() or not (etc / "sites-enabled").is_dir():
        pytest.skip("no Debian nginx layout in /etc/nginx")
    copy = tmp_path / "etc-nginx"
    shutil.copytree(etc, copy, symlinks=False, ignore=shutil.ignore_patterns("sites-enabled"))
    (copy / "sites-enabled").mkdir()
    shutil.copyfile(nginx.EXAMPLES_DIR / "atlas.conf", copy / "sites-enabled" / "atlas")
    conf = (copy / "nginx.conf").read_text(encoding="utf-8")
    conf = conf.replace("/etc/nginx/", f"{copy}/").replace("/var/log/nginx/", f"{tmp_path}/")
    conf = re.sub(r"^pid .*;$", f"pid {tmp_path}/nginx.pid;", conf, flags=re.M)
    (copy / "nginx.conf").write_text(conf, encoding="utf-8")
    done = subprocess.run(
        [nginx_path, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log")]
        + ["-c", str(copy / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr


def fetch(url: str, cookie: str | None = None, gzip_ok: bool = False):
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    if cookie:
        headers["Cookie"] = f"{nginx.ROUTE_COOKIE}={cookie}"
    req = urllib.request.Request(url, headers=headers)
    try:
        r = urllib.request.urlopen(req, timeout=30)
    except urllib.error.HTTPError as exc:
        r = exc
    with r:
        body = r.read()
        return r.status, r.headers, body


def test_every_answer_carries_the_security_headers(cluster):
    index_status, _, index = fetch(cluster.url + "/")
    script = re.search(rb'src="\.?/?(static/js/[^"]+\.js)"', index)
    assert index_status == 200 and script, index[:300]
    for path in ("/", f"/{script.group(1).decode()}", "/_stcore/health", "/no-such-file.js"):
        status, headers, _ = fetch(cluster.url + path)
        missing = [h for h in SECURITY_HEADERS if not headers.get(h)]
        assert not missing, (path, status, missing)
        assert headers["Content-Security-Policy"] == nginx.CSP


def test_static_bundle_and_component_frame_are_gzipped(cluster):
    cookie = route_cookie(cluster.url)
    _, _, index = fetch(cluster.url + "/", cookie)
    script = re.search(rb'src="\.?/?(static/js/[^"]+\.js)"', index).group(1).decode()
    session = ProxiedSession(cluster.url, cookie)  # a map page registers the component
    try:
        assert session.rerun("map_explorer", "lang=en")[1] == []
    finally:
        session.close()
    # the map frame carries st_folium's bundle inline (atlas.ui.mapframe): its index.html
    component = "/component/streamlit_folium.st_folium"
    _, _, frame = fetch(f"{cluster.url}{component}/index.html", cookie)
    assert b"/app/static/vendor/leaflet/leaflet.js" in frame, frame[:300]
    assert not re.search(rb'src="\.?/?static/js/', frame), frame[:300]
    for path in (
        f"/{script}",
        f"{component}/index.html",
        "/app/static/vendor/leaflet/leaflet.js",
    ):
        status, headers, body = fetch(cluster.url + path, cookie, gzip_ok=True)
        assert status == 200, path
        assert headers.get("Content-Encoding") == "gzip", (path, dict(headers))
        assert len(gzip.decompress(body)) > len(body), path


def test_a_browser_keeps_its_replica_and_gets_its_cookie_once(cluster):
    status, headers, _ = fetch(cluster.url + "/")
    cookies = [http.cookies.SimpleCookie(h) for h in headers.get_all("Set-Cookie") or []]
    route = [c[nginx.ROUTE_COOKIE] for c in cookies if nginx.ROUTE_COOKIE in c]
    assert status == 200 and len(route) == 1
    assert route[0]["httponly"] and route[0]["path"] == "/"
    cookie = route[0].value
    names = dict(zip(cluster.site.names, cluster.site.upstreams))
    assert names[cookie] == headers[UPSTREAM_HEADER], "the cookie names the replica that answered"
    upstreams = set()
    for _ in range(10):
        status, headers, _ = fetch(cluster.url + "/_stcore/health", cookie)
        assert status == 200
        upstreams.add(headers[UPSTREAM_HEADER])
        set_cookie = headers.get_all("Set-Cookie") or []
        assert not any(c.startswith(f"{nginx.ROUTE_COOKIE}=") for c in set_cookie)
    assert len(upstreams) == 1, upstreams


def test_tls_termination_carries_pages_and_the_websocket(nginx_path, cluster, tmp_path):
    import ssl

    cert, key = self_signed(tmp_path)
    port, plain = free_port(), free_port()
    site = nginx.Site(
        cluster.site.upstreams,
        listen=f"127.0.0.1:{port}",
        server_name="localhost",
        tls_cert=cert,
        tls_key=key,
        http_redirect_listen=f"127.0.0.1:{plain}",
    )
    proxy = Nginx(site, tmp_path / "nginx", binary=nginx_path).start()
    context = ssl.create_default_context(cafile=cert)
    context.check_hostname = False
    try:
        url = f"https://127.0.0.1:{port}"
        wait_http_ok(f"{url}/_stcore/health", 30, proxy.alive, context)
        with urllib.request.urlopen(f"{url}/", context=context, timeout=30) as r:
            assert r.status == 200
            assert r.headers["Strict-Transport-Security"].startswith("max-age=")
            route = [c for c in r.headers.get_all("Set-Cookie") if c.startswith("atlas_route=")]
            assert route and "Secure" in route[0]
        opener = urllib.request.build_opener(NoRedirect)  # https://host/… is port 443
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(f"http://127.0.0.1:{plain}/map_explorer?lang=en", timeout=30)
        assert redirect.value.code == 301
        assert redirect.value.headers["Location"].startswith("https://")
        session = TlsSession(url, route_cookie_tls(url, context), context)
        try:
            _, problems = session.rerun("data_sources", "lang=en")
            assert problems == []
        finally:
            session.close()
    finally:
        proxy.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def route_cookie_tls(url: str, context) -> str:
    with urllib.request.urlopen(f"{url}/", context=context, timeout=30) as r:
        for header in r.headers.get_all("Set-Cookie"):
            jar = http.cookies.SimpleCookie(header)
            if nginx.ROUTE_COOKIE in jar:
                return jar[nginx.ROUTE_COOKIE].value
    raise AssertionError("no route cookie over TLS")


class TlsSession(ProxiedSession):
    """The websocket over wss:// with the test's self-signed certificate."""

    def __init__(self, base_url: str, cookie: str, context) -> None:
        from websockets.sync.client import connect

        self.timeout_s = 120.0
        self._connect = connect(
            base_url.replace("https://", "wss://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Cookie": f"{nginx.ROUTE_COOKIE}={cookie}"},
            ssl=context,
            open_timeout=120,
            max_size=None,
            compression=None,
            proxy=None,
        )
        self.ws = self._connect.__enter__()
        self.upstream = ""
        self.bytes_received = 0


def test_route_cookie_helper_reads_what_nginx_sets(cluster):
    """The load tests' client gets its replica the way a browser does."""
    cookie = route_cookie(cluster.url)
    assert cookie in cluster.site.names
