"""A soak test: 64 concurrent clients for 2 minutes against gunicorn with production settings.

Each client, in turn, reads public pages, files complete reports (the tests' answers, a photo with
one report in four) and looks up the status of its reports (on the page its browser keeps access
to, or through the look-up form). It prints the count of 5xx answers (there must be none), p50,
p95 and p99 latency per kind of request, and checks that every confirmed report was stored
exactly once.

    .venv/bin/python benchmarks/soak.py [--seconds 120] [--clients 64] [--workers 4]

It runs on loopback only, in a database of its own on the embedded PostgreSQL server (or on
DATABASE_URL's server), which it drops at the end. Clients appear behind a proxy, with a new
address for each report and look-up, as the rate limits count per client.
"""

import argparse
import http.client
import itertools
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.submit_reports import (  # noqa: E402
    CSRF,
    Browser,
    create_database,
    drop_database,
    file_one_report,
    one_megapixel_photo,
)
from harness.answers import ABOUT  # noqa: E402
from harness.servers import production_environment, start_gunicorn  # noqa: E402

DATABASE = "soak_benchmark"
PUBLIC_PAGES = [
    "/",
    "/programs/",
    "/programs/mobile-crisis-teams/",
    "/es/programs/mobile-crisis-teams/",
    "/timeline/",
    "/data/",
    "/glossary/",
    "/so/get-help/",
]
STATUS = re.compile(r": (\d{3})$")
FORM = "application/x-www-form-urlencoded"


class Soak:
    """What every client saw: latencies per kind, errors, and the references confirmed."""

    def __init__(self, port: int, deadline: float, photo: bytes):
        self.port, self.deadline, self.photo = port, deadline, photo
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.confirmed: list[str] = []
        self.lock = threading.Lock()
        self.addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))

    def browser(self, kind: str) -> Browser:
        with self.lock:
            address = next(self.addresses)
        timings: list = []
        browser = Browser(self.port, address, timings, self.errors)
        browser.kind_timings = (kind, timings)
        return browser

    def keep(self, browser: Browser) -> None:
        kind, timings = browser.kind_timings
        with self.lock:
            self.timings[kind] += [seconds for _request, seconds in timings]
        timings.clear()

    def client(self, seed: int) -> None:
        chance = random.Random(seed)  # noqa: S311 - a load mix, not a secret
        reader = self.browser("public page")
        filed: list[tuple[Browser, str]] = []
        while time.monotonic() < self.deadline:
            roll = chance.random()
            try:
                if roll < 0.6:
                    reader.get(chance.choice(PUBLIC_PAGES))
                    self.keep(reader)
                elif roll < 0.85:
                    browser = self.browser("report step")
                    started = time.perf_counter()
                    reference = file_one_report(browser, self.photo if chance.random() < 0.25 else None)
                    with self.lock:
                        self.confirmed.append(reference)
                        self.timings["complete report"].append(time.perf_counter() - started)
                    self.keep(browser)
                    filed.append((browser, reference))
                elif filed and roll < 0.95:
                    browser, reference = chance.choice(filed)
                    browser.kind_timings = ("status look-up", browser.kind_timings[1])
                    if "Status:" not in browser.get(f"/report/status/{reference}/"):
                        raise RuntimeError(f"status page of {reference} shows no status")
                    self.keep(browser)
                else:
                    browser = self.browser("status look-up")
                    reference = chance.choice(filed)[1] if filed else "R-2026-000001"
                    page = browser.get("/report/status/")
                    token = CSRF.search(page).group(1)
                    fields = {"reference": reference, "email": ABOUT["email"], "csrfmiddlewaretoken": token}
                    browser.request("POST", "/report/status/", urlencode(fields).encode(), FORM)
                    self.keep(browser)
                    browser.connection.close()
            except (RuntimeError, OSError, AttributeError, http.client.HTTPException) as error:
                with self.lock:
                    self.errors.append(repr(error))
                reader.connection.close()
                reader = self.browser("public page")
        for browser, _reference in filed:
            browser.connection.close()
        reader.connection.close()


def percentiles(seconds: list[float]) -> str:
    if len(seconds) < 2:
        return "too few requests"
    cuts = statistics.quantiles(seconds, n=100)
    return f"p50 {cuts[49] * 1000:6.0f} ms  p95 {cuts[94] * 1000:6.0f} ms  p99 {cuts[98] * 1000:6.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120, help="how long the clients run (default 120)")
    parser.add_argument("--clients", type=int, default=64, help="concurrent clients (default 64)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    options = parser.parse_args()

    maintenance_url, soak_url = create_database(DATABASE)
    media = tempfile.TemporaryDirectory(prefix="soak-media-")
    static = tempfile.TemporaryDirectory(prefix="soak-static-")
    env = {
        **production_environment(soak_url),
        "DJANGO_BEHIND_PROXY": "true",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_MEDIA_ROOT": media.name,
        "DJANGO_STATIC_ROOT": static.name,
        "EMAIL_URL": "dummymail://",
    }
    python = sys.executable
    for command in ("migrate", "collectstatic"):
        subprocess.run([python, "manage.py", command, "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)

    server, port = start_gunicorn(env, workers=options.workers)
    try:
        soak = Soak(port, time.monotonic() + options.seconds, one_megapixel_photo())
        print(
            f"{options.clients} clients for {options.seconds:.0f} s, gunicorn with {options.workers} workers"
        )
        started = time.monotonic()
        threads = [threading.Thread(target=soak.client, args=(n,)) for n in range(options.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait()

    statuses = [int(match.group(1)) for error in soak.errors if (match := STATUS.search(error))]
    server_errors = sum(status >= 500 for status in statuses)
    requests = sum(len(seconds) for seconds in soak.timings.values())
    print(
        f"\n{requests} requests in {elapsed:.0f} s ({requests / elapsed:.0f}/s), "
        f"{len(soak.confirmed)} reports filed"
    )
    for kind in ("public page", "report step", "complete report", "status look-up"):
        seconds = soak.timings.get(kind, [])
        print(f"  {kind:<16} {len(seconds):>6}  {percentiles(seconds)}")
    print(
        f"5xx answers: {server_errors} ({'ok' if server_errors == 0 else 'FAILED'}); other errors: "
        f"{len(soak.errors) - server_errors}"
    )
    for error in soak.errors[:5]:
        print(f"  error: {error}")

    with psycopg.connect(soak_url) as connection:
        stored = [row[0] for row in connection.execute("SELECT reference FROM reporting_report")]
    lost = set(soak.confirmed) - set(stored)
    duplicated = len(stored) - len(set(stored))
    print(
        f"verified: {len(soak.confirmed)} confirmed, {len(stored)} stored, {len(lost)} lost, "
        f"{duplicated} duplicated, {len(set(stored) - set(soak.confirmed))} stored but not confirmed"
    )
    drop_database(maintenance_url, DATABASE)
    media.cleanup()
    static.cleanup()
    if server_errors or lost or duplicated:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
