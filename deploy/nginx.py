"""The nginx site for N atlas replicas, rendered from one function so that the committed
example (deploy/nginx/atlas.conf), the compose file's config and the local cluster's config
never drift apart.

``python -m deploy.nginx --replicas 4 --base-path /atlas > /etc/nginx/sites-available/atlas``
prints a site file for Debian's nginx (http context: upstream, maps, server blocks).

Decisions (docs/deploy.md says more):
- Sticky sessions with a cookie nginx sets itself (``atlas_route=r2``): Streamlit keeps a
  session, its uploads and its download files in the process that opened the websocket.
  ``ip_hash`` would pin a whole office behind one NAT address (or, on loopback, everyone)
  to one replica. A new browser is given a replica at random (``split_clients``).
- The cookie names the replica that *answered* (open-source nginx has no ``sticky learn``;
  two maps do it): when a replica dies, its browsers are served by a backup replica and
  their cookie follows them there, so their downloads and uploads reach the process that
  now holds their session — and they stay there when the dead replica comes back.
- Passive health checks (open-source nginx has no active ones): a replica that refuses a
  connection is marked down for ``fail_timeout`` after ``max_fails`` failures, and the
  request is retried on a backup (``proxy_next_upstream``), so the browser sees no 5xx
  while another replica lives.
- Security headers on every response, the proxy's own errors included (``always``).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
ROUTE_COOKIE = "atlas_route"
UPSTREAM_PREFIX = "atlas_"  # one upstream block per replica: atlas_r1, atlas_r2, …

# What the atlas needs, found in Chromium through the proxy by starting from
# "default-src 'self'" and collecting every violation on every page (tests/deploy checks that
# every page renders with no violation and the map draws):
# - 'unsafe-inline' scripts: Streamlit's index.html has an inline script, and folium's map
#   HTML runs inline scripts inside the st_folium component frame (same origin);
# - 'wasm-unsafe-eval': Streamlit's protobuf decoder compiles WebAssembly;
# - 'unsafe-inline' styles: Streamlit's emotion styles, plotly and Leaflet set inline styles;
# - data: images and fonts (Leaflet/plotly icons, the KaTeX/Streamlit font subsets).
# No 'unsafe-eval', and nothing outside the atlas's own origin, anywhere.
CSP = (
    "default-src 'self'; "
    "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "frame-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'self'"
)
GZIP_TYPES = (
    "text/css text/javascript application/javascript application/json image/svg+xml "
    "text/plain application/xml"
)


def upload_limit_mb(config_file: Path = STREAMLIT_CONFIG) -> int:
    """Streamlit's ``server.maxUploadSize`` (MB): the environment override, else the repo's
    .streamlit/config.toml, else Streamlit's default."""
    env = os.environ.get("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", "").strip()
    if env:
        return int(env)
    if config_file.exists():
        server = tomllib.loads(config_file.read_text(encoding="utf-8")).get("server", {})
        if "maxUploadSize" in server:
            return int(server["maxUploadSize"])
    from streamlit import config as st_config

    return int(st_config.get_config_options()["server.maxUploadSize"].default_val)


def norm_base_path(value: str | None) -> str:
    """'' or '/atlas' (leading slash, no trailing one) from 'atlas', '/atlas/', ..."""
    value = (value or "").strip().strip("/")
    return f"/{value}" if value else ""


@dataclass(frozen=True)
class Site:
    upstreams: tuple[str, ...]  # host:port of each replica
    listen: str = "80"  # e.g. "80", "127.0.0.1:8580"
    server_name: str = "_"
    base_path: str = ""  # '' or '/atlas' (Streamlit's server.baseUrlPath, same value)
    max_body_mb: int = field(default_factory=upload_limit_mb)
    tls_cert: str | None = None  # both set: HTTPS on `listen`, HTTP there redirects
    tls_key: str | None = None
    http_redirect_listen: str | None = None  # with TLS: where plain HTTP is redirected from
    max_fails: int = 1
    fail_timeout_s: int = 10
    upstream_header: bool = False  # X-Atlas-Upstream on responses: local cluster/tests only
    csp: str = CSP

    def __post_init__(self) -> None:
        for addr in self.upstreams:
            host = addr.rpartition(":")[0].strip("[]")
            try:
                ipaddress.ip_address(host)
            except ValueError:
                raise ValueError(
                    f"replica {addr!r}: give replicas as IP:port — nginx reports the address it "
                    "connected to, and the route cookie follows a session by that address"
                ) from None

    @property
    def tls(self) -> bool:
        return bool(self.tls_cert and self.tls_key)

    @property
    def names(self) -> tuple[str, ...]:
        """The replicas' names in the route cookie: r1, r2, … in ``upstreams`` order."""
        return tuple(f"r{i + 1}" for i in range(len(self.upstreams)))


def _routing(site: Site, base: str, secure: str) -> str:
    """Maps and upstream blocks: a random replica for a new browser, the replica that
    answered for a known one, each replica's block with the others as backups."""
    n = len(site.upstreams)
    share = f"{100 / n:.2f}".rstrip("0").rstrip(".")
    split = "\n".join(
        f"    {share + '%' if i < n - 1 else '*':<9} {name};" for i, name in enumerate(site.names)
    )
    known = "\n".join(f"    {name:<9} {name};" for name in site.names)
    served = "\n".join(
        f"    ~(^|\\s){re.escape(addr)}$ {name};" for addr, name in zip(site.upstreams, site.names)
    )
    health = f"max_fails={site.max_fails} fail_timeout={site.fail_timeout_s}s"
    blocks = []
    for addr, name in zip(site.upstreams, site.names):
        lines = [f"    server {addr} {health};"]
        others = [other for other in site.upstreams if other != addr]
        lines += [f"    server {other} {health} backup;" for other in others]
        blocks.append(
            f"upstream {UPSTREAM_PREFIX}{name} {{\n" + "\n".join(lines) + "\n    keepalive 8;\n}"
        )
    cookie = f"{ROUTE_COOKIE}=$atlas_served; Path={base or '/'}; HttpOnly; SameSite=Lax{secure}"
    return f"""# A new browser gets a replica at random; a known one keeps the one its cookie names.
split_clients "$request_id" $atlas_new_route {{
{split}
}}
map $cookie_{ROUTE_COOKIE} $atlas_route {{
{known}
    default   $atlas_new_route;
}}
# The replica that answered (the last one tried; a backup when the first was down) …
map $upstream_addr $atlas_served {{
{served}
    default   "";
}}
# … goes into the cookie whenever it is not what the cookie said: the browser follows its
# session to the backup, and stays there when the dead replica comes back.
map "$cookie_{ROUTE_COOKIE}|$atlas_served" $atlas_route_set_cookie {{
    ~^([^|]*)\\|\\1$  "";
    ~\\|r[0-9]+$     "{cookie}";
    default         "";
}}
map $http_upgrade $atlas_connection {{
    default upgrade;
    ""      "";
}}

{chr(10).join(blocks)}"""


def render_site(site: Site) -> str:
    """The http-context part: upstream, maps, server block(s)."""
    base = norm_base_path(site.base_path)
    secure = "; Secure" if site.tls else ""
    listen = f"{site.listen} ssl" if site.tls else site.listen
    tls_lines = (
        f"""
    ssl_certificate     {site.tls_cert};
    ssl_certificate_key {site.tls_key};
    ssl_protocols       TLSv1.2 TLSv1.3;
    ssl_session_cache   shared:atlas_tls:10m;
    add_header Strict-Transport-Security "max-age=31536000" always;"""
        if site.tls
        else ""
    )
    debug = (
        "\n    add_header X-Atlas-Upstream $upstream_addr always;  # cluster/tests only"
        if site.upstream_header
        else ""
    )
    root_redirect = (
        f"""
    location = / {{
        return 302 {base}/;
    }}
    location = {base} {{
        return 301 {base}/;
    }}"""
        if base
        else ""
    )
    redirect_server = (
        f"""

server {{
    listen {site.http_redirect_listen};
    server_name {site.server_name};
    return 301 https://$host$request_uri;
}}"""
        if site.tls and site.http_redirect_listen
        else ""
    )
    return f"""# Integration Atlas behind nginx: {len(site.upstreams)} replica(s), sticky by cookie.
# Rendered by deploy/nginx.py; docs/deploy.md explains every block.

{_routing(site, base, secure)}

server {{
    listen {listen};
    server_name {site.server_name};{tls_lines}

    # Streamlit's server.maxUploadSize is {site.max_body_mb} MB; +1 MB for the multipart envelope.
    client_max_body_size {site.max_body_mb + 1}m;

    add_header Set-Cookie $atlas_route_set_cookie always;
    add_header Content-Security-Policy "{site.csp}" always;
    add_header X-Content-Type-Options nosniff always;
    add_header X-Frame-Options SAMEORIGIN always;
    add_header Referrer-Policy same-origin always;
    add_header Permissions-Policy "camera=(), microphone=(), geolocation=()" always;{debug}

    # Streamlit compresses its dynamic answers but not its static bundle (JS, CSS, the
    # component frames, /app/static): nginx does. Already-compressed answers pass unchanged.
    gzip on;
    gzip_vary on;
    gzip_proxied any;
    gzip_min_length 1024;
    gzip_comp_level 5;
    gzip_types {GZIP_TYPES};

    proxy_http_version 1.1;
    proxy_set_header Host $host;
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_connect_timeout 3s;
    # A replica that refuses or drops a connection: try a backup (passive health check).
    # Only idempotent requests are retried (an upload POST is not: it belongs to its session).
    proxy_next_upstream error timeout http_502 http_503 http_504;
    proxy_next_upstream_tries 3;
    proxy_next_upstream_timeout 10s;{root_redirect}

    # The session's websocket: open as long as the tab is; Streamlit pings every 30 s.
    location = {base}/_stcore/stream {{
        proxy_pass http://{UPSTREAM_PREFIX}$atlas_route;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $atlas_connection;
        proxy_read_timeout 3600s;
        proxy_send_timeout 3600s;
        proxy_buffering off;
    }}

    # Uploads stream through to the replica (not buffered to nginx's disk first).
    location {base}/_stcore/upload_file/ {{
        proxy_pass http://{UPSTREAM_PREFIX}$atlas_route;
        proxy_set_header Connection "";
        proxy_request_buffering off;
        proxy_read_timeout 300s;
    }}

    location {base}/ {{
        proxy_pass http://{UPSTREAM_PREFIX}$atlas_route;
        proxy_set_header Connection "";
        proxy_read_timeout 300s;
    }}
}}{redirect_server}
"""


def render_main(site: Site, prefix: Path, user: str | None = None) -> str:
    """A whole nginx.conf for a non-daemon nginx under ``prefix`` (local cluster and tests):
    logs, pid and temp files stay inside ``prefix``."""
    prefix = Path(prefix)
    temp = "\n".join(
        f"    {name}_temp_path {prefix / 'tmp' / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user_line = f"user {user};\n" if user else ""
    return f"""{user_line}worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{
    worker_connections 1024;
}}
http {{
    access_log {prefix / "access.log"};
{temp}
    server_tokens off;
    types_hash_max_size 2048;

{_indent(render_site(site))}
}}
"""


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())


# The committed examples (tests/deploy checks they match this renderer; `python -m
# deploy.nginx --write-examples` rewrites them after a reviewed change).
EXAMPLES_DIR = Path(__file__).resolve().parent / "nginx"
COMPOSE_NET = "172.30.117"  # deploy/compose.yaml's network (change both if it collides)


def examples() -> dict[str, Site]:
    return {
        # Debian: /etc/nginx/sites-available/atlas, replicas from deploy/atlas@.service
        "atlas.conf": Site(tuple(f"127.0.0.1:{8501 + i}" for i in range(3))),
        # deploy/compose.yaml: services replica1..3 on fixed addresses of its network
        "compose.conf": Site(tuple(f"{COMPOSE_NET}.{11 + i}:8501" for i in range(3))),
    }


def write_examples() -> list[Path]:
    EXAMPLES_DIR.mkdir(exist_ok=True)
    written = []
    for name, site in examples().items():
        path = EXAMPLES_DIR / name
        path.write_text(render_site(site), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.nginx", description="Print the nginx site file for N replicas."
    )
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--first-port", type=int, default=8501)
    parser.add_argument("--host", default="127.0.0.1", help="IP address of the replicas")
    parser.add_argument(
        "--upstream",
        action="append",
        help="IP:port of one replica (repeat; replaces --replicas/--first-port/--host)",
    )
    parser.add_argument("--listen", default="80")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--base-path", default="", help="e.g. /atlas (= server.baseUrlPath)")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--http-redirect-listen", help="with TLS, e.g. 80")
    parser.add_argument(
        "--write-examples", action="store_true", help=f"rewrite the files in {EXAMPLES_DIR}"
    )
    args = parser.parse_args(argv)
    if args.write_examples:
        for path in write_examples():
            print(f"wrote {path}")
        return 0
    upstreams = tuple(
        args.upstream or (f"{args.host}:{args.first_port + i}" for i in range(args.replicas))
    )
    try:
        site = Site(
            upstreams,
            listen=args.listen,
            server_name=args.server_name,
            base_path=args.base_path,
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            http_redirect_listen=args.http_redirect_listen,
        )
    except ValueError as exc:
        print(f"deploy.nginx: {exc}", file=sys.stderr)
        return 2
    print(render_site(site), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
