"""Throughput and latency of public pages, served as in production.

Starts gunicorn (2 workers, DEBUG off, whitenoise for static files collected into a temporary
STATIC_ROOT) on 127.0.0.1, drives it with `wrk` (Debian's package, installed with apt-get when
missing) at 32 connections, and prints the size, requests/s, p50 and p99 latency of the home
page, a program page, the data page and two static stylesheets (our small one and USWDS's, about
a page's size), each asked for compressed as browsers ask, with each page's throughput as a
share of each stylesheet's. Targets: at least the small stylesheet's throughput (a stored page
is answered by publicsite.middleware after the security middleware and before the rest of the
stack, without a query), p99 under 100 ms.

With --through-nginx, Debian's nginx runs the shipped site (deploy/nginx-site.conf) over HTTPS
in front of gunicorn on a Unix socket, as the City runs them (harness/proxy.py), and serves the
stylesheets itself: the pages are then measured against nginx serving a static file, and the
target is 0.9 of the USWDS stylesheet's throughput (nginx's micro-cache, not the app, carries the
readers, and a response's bytes are most of its cost).

    .venv/bin/python benchmarks/public_pages.py [--seconds 10] [--connections 32] [--through-nginx]

It uses the database the project would use (the embedded PostgreSQL unless DATABASE_URL is
set), migrates it and loads the demo data so the data page has charts to draw.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from harness.proxy import environment_behind_nginx, nginx_in_front_of_gunicorn  # noqa: E402
from harness.servers import DEMO_COMMANDS, production_environment, server_url, start_gunicorn  # noqa: E402

PYTHON = sys.executable
PAGES = [
    ("home", "/"),
    ("program page", "/programs/mobile-crisis-teams/"),
    ("data page", "/data/"),
]
# Two static files to set the pages against: our small stylesheet, and USWDS's, which is about a
# page's size once compressed (7 KB; the pages are 3 to 9 KB).
STATIC_FILES = [("site.css", "css/site.css"), ("USWDS CSS", "vendor/uswds/css/uswds.min.css")]
ROUNDS = 3


def ensure(command: str, package: str) -> str:
    """The path of a program from Debian's packages, installed with apt-get when missing."""
    path = f"/usr/sbin:/sbin:{os.environ.get('PATH', '')}"
    found = shutil.which(command, path=path)
    if found:
        return found
    print(f"{command} is not installed; installing Debian's package with apt-get ...", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, stdout=subprocess.DEVNULL)
    return shutil.which(command, path=path) or sys.exit(f"{command} could not be installed")


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def to_kb(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(B|KB|MB|GB)", text).groups()
    return float(number) * {"B": 1 / 1024, "KB": 1, "MB": 1024, "GB": 1024**2}[unit]


def run_wrk(wrk: str, url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        # Asking for gzip as browsers do: stored pages and whitenoise's files are both kept compressed.
        [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        sys.exit(f"{url} answered {non_2xx.group(1)} errors:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    transfer = to_kb(re.search(r"Transfer/sec:\s+(\S+)", out).group(1))
    return {
        "rps": rps,
        # A warm-up second can end before nginx has the first page from the app: nothing answered.
        "kb": transfer / rps if rps else 0.0,
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
    }


def combine(runs: list[dict]) -> dict:
    """Mean throughput and size, median of the medians, and the worst p99 of the rounds."""
    return {
        "rps": statistics.mean(run["rps"] for run in runs),
        "kb": statistics.mean(run["kb"] for run in runs),
        "p50": statistics.median(run["p50"] for run in runs),
        "p99": max(run["p99"] for run in runs),
    }


@contextmanager
def gunicorn_alone(env: dict):
    """gunicorn on a loopback port, serving the static files through whitenoise; yields its URL."""
    server, port = start_gunicorn(env, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


@contextmanager
def behind_nginx(env: dict, folder: Path):
    """The shipped nginx site in front of gunicorn, serving the static files itself; yields its URL."""
    with nginx_in_front_of_gunicorn(ensure("nginx", "nginx"), folder, env) as site:
        yield site.origin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each run (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    parser.add_argument("--through-nginx", action="store_true", help="measure through the shipped nginx site")
    options = parser.parse_args()
    wrk = ensure("wrk", "wrk")
    # Alone, a stored page should be served as fast as the small stylesheet; through nginx, at 0.9
    # of a static file of a page's size, since each response's bytes are then most of the cost.
    target, baseline = (0.9, "USWDS CSS") if options.through_nginx else (1.0, "site.css")

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = production_environment(server_url())
        if options.through_nginx:
            env = environment_behind_nginx(env["DATABASE_URL"], folder)
            serving = behind_nginx(env, folder)
        else:
            env["DJANGO_STATIC_ROOT"] = name
            serving = gunicorn_alone(env)
        print("migrating, loading demo data, collecting static files ...", flush=True)
        manage(env, "migrate", "--noinput")
        for command in DEMO_COMMANDS:
            manage({**env, "DJANGO_DEBUG": "true"}, command)
        manage(env, "collectstatic", "--noinput")
        manifest = json.loads((Path(env["DJANGO_STATIC_ROOT"]) / "staticfiles.json").read_text())
        targets = [*PAGES, *((name, "/static/" + manifest["paths"][path]) for name, path in STATIC_FILES)]

        with serving as base:
            for _name, path in targets:
                run_wrk(wrk, base + path, 1, options.connections)  # warm caches and connections
            # Interleaved rounds, so that a burst of other load on the machine hits every URL alike.
            rounds: dict[str, list[dict]] = {name: [] for name, _path in targets}
            for _round in range(ROUNDS):
                for name, path in targets:
                    seconds = max(1, options.seconds // ROUNDS)
                    rounds[name].append(run_wrk(wrk, base + path, seconds, options.connections))
            results = {name: combine(runs) for name, runs in rounds.items()}

    through = "through nginx, " if options.through_nginx else ""
    print(f"\n{through}{options.connections} connections, {options.seconds} s per URL in {ROUNDS} rounds")
    print(f"targets: {target} of {baseline}'s requests/s, p99 under 100 ms")
    static = {name: results[name]["rps"] for name, _path in STATIC_FILES}
    versus = "".join(f" {'vs ' + name:>12}" for name in static)
    print(f"{'URL':<14} {'KB':>5} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8}{versus}  targets")
    for name, _path in targets:
        result = results[name]
        met = "ok" if result["rps"] / static[baseline] >= target and result["p99"] < 100 else "MISSED"
        figures = f"{result['kb']:>5.1f} {result['rps']:>11.0f} {result['p50']:>8.1f} {result['p99']:>8.1f}"
        ratios = "".join(f" {result['rps'] / rps:>12.2f}" for rps in static.values())
        print(f"{name:<14} {figures}{ratios}  {met}")


if __name__ == "__main__":
    main()
