"""Residents filing complete reports against gunicorn (2 workers, production settings).

Each simulated resident posts every step of the form as a browser does (GET the page, POST it
with its CSRF token, follow the redirect), once without and once with a 1-megapixel photo, for
a fixed time per phase. Afterwards every confirmed reference must exist exactly once. On Linux it
also prints the app server's CPU time per complete report: the app's own cost, apart from the load
generator's and the database's, which share the machine.

    .venv/bin/python benchmarks/submit_reports.py [--seconds 60] [--residents 8]

It runs on loopback only, in a database of its own on the embedded PostgreSQL server (or on
DATABASE_URL's server), which it drops at the end. Residents appear behind a proxy with
distinct addresses, as the rate limit counts per client.
"""

import argparse
import http.client
import io
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from harness.answers import EVERY_STEP, SCREENING_CLEAR  # noqa: E402
from harness.pages import CSRF, REFERENCE, multipart  # noqa: E402
from harness.servers import production_environment, server_url, start_gunicorn  # noqa: E402

DATABASE = "reporting_benchmark"


def one_megapixel_photo() -> bytes:
    """A camera-like JPEG: smooth colour with grain, 1000 x 1000 pixels."""
    gradient = Image.linear_gradient("L").resize((1000, 1000))
    grain = Image.effect_noise((1000, 1000), 24)
    image = Image.merge("RGB", (gradient, grain, gradient.rotate(90)))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=88)
    return output.getvalue()


class Browser:
    """One resident's browser: a keep-alive connection, cookies, and timings per request.

    With `events`, it notes when each answer came and its status; with `retry_unavailable_for`,
    a resident who gets a 503 waits a second and sends the same request again, as the page asks,
    for up to that many seconds (benchmarks/outage.py)."""

    def __init__(
        self,
        port: int,
        address: str,
        timings: list,
        errors: list,
        events: list | None = None,
        retry_unavailable_for: float = 0,
    ):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.address = address
        self.timings, self.errors = timings, errors
        self.events, self.retry_unavailable_for = events, retry_unavailable_for

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None):
        headers = {"X-Forwarded-For": self.address, "X-Forwarded-Proto": "http"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        give_up = time.monotonic() + self.retry_unavailable_for
        while True:
            started = time.perf_counter()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read().decode()
            self.timings.append((f"{method} {path}", time.perf_counter() - started))
            if self.events is not None:
                self.events.append((time.monotonic(), response.status))
            if response.status != 503 or time.monotonic() >= give_up:
                break
            time.sleep(1)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.status >= 400:
            self.errors.append(f"{method} {path}: {response.status}")
            raise RuntimeError(f"{method} {path}: {response.status}")
        return response.status, response.getheader("Location"), content

    def get(self, path: str) -> str:
        return self.request("GET", path)[2]

    def submit(self, path: str, page: str, fields: dict, photo: bytes | None = None) -> str:
        """POST the form on `page` (served at `path`) as a browser would, follow the redirect, and
        return the page reached, which holds the next form."""
        token = CSRF.search(page).group(1)
        fields = {**fields, "csrfmiddlewaretoken": token}
        if photo is None:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        else:
            body, content_type = multipart(fields, photo)
        status, location, _content = self.request("POST", path, body, content_type)
        if status != 302:
            self.errors.append(f"POST {path}: form not accepted")
            raise RuntimeError(f"POST {path}: form not accepted")
        return self.get(location)


def file_one_report(browser: Browser, photo: bytes | None) -> str:
    browser.get("/report/")
    page = browser.submit("/report/screening/", browser.get("/report/screening/"), SCREENING_CLEAR)
    for step, fields in EVERY_STEP.items():
        fields = {**fields, "action": "next"}
        if step == "what":
            # Each browser files one report, marked with its address, so a duplicate shows.
            fields["narrative"] = f"{fields['narrative']} ({browser.address})"
        page = browser.submit(f"/report/new/{step}/", page, fields, photo if step == "files" else None)
    if "Blue mountain bike" not in page:
        raise RuntimeError("review page is missing the item")
    done = browser.submit("/report/new/review/", page, {"acknowledge": "on", "website": ""})
    return REFERENCE.search(done).group(1)


def run_phase(
    port: int, residents: int, seconds: float, photo: bytes | None, first_address: int = 1, **browser_options
):
    """Residents filing reports for `seconds`, each from a new client address counted from
    `first_address` (phases that share a database start apart)."""
    deadline = time.monotonic() + seconds
    timings, errors, confirmed = [], [], []
    addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(first_address))
    lock = threading.Lock()

    def resident():
        while time.monotonic() < deadline:
            with lock:
                address = next(addresses)
            browser = Browser(port, address, timings, errors, **browser_options)
            try:
                confirmed.append(file_one_report(browser, photo))
            except (RuntimeError, OSError, AttributeError, http.client.HTTPException) as error:
                errors.append(repr(error))
            finally:
                browser.connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=resident) for _ in range(residents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return confirmed, timings, errors, time.monotonic() - started


def database_urls(name: str = DATABASE) -> tuple[str, str]:
    """(server's maintenance database, benchmark database `name`) as libpq URLs."""
    parts = urlsplit(server_url().replace("postgres://", "postgresql://", 1))
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{name}")),
    )


def create_database(name: str = DATABASE) -> tuple[str, str]:
    """A fresh benchmark database `name`; returns database_urls(name)."""
    maintenance_url, benchmark_url = database_urls(name)
    with psycopg.connect(maintenance_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    return maintenance_url, benchmark_url


def drop_database(maintenance_url: str, name: str = DATABASE) -> None:
    with psycopg.connect(maintenance_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")


def run_in_this_process(name: str, run, *args, environment: dict[str, str] | None = None) -> None:
    """Call `run(*args)` with Django set up in this process on a fresh database `name` with
    production settings (and `environment` on top), and drop the database afterwards."""
    maintenance_url, benchmark_url = create_database(name)
    os.environ.update({**production_environment(benchmark_url), **(environment or {})})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # whitenoise notes that collectstatic has not run; no static file is requested here.
    warnings.filterwarnings("ignore", message="No directory at")
    try:
        run(*args)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(maintenance_url, name)


def app_environment(benchmark_url: str, media: str) -> dict[str, str]:
    """Production settings on loopback, residents behind one proxy, migrated and collected."""
    env = {
        **production_environment(benchmark_url),
        "DJANGO_BEHIND_PROXY": "true",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_MEDIA_ROOT": media,
        "EMAIL_URL": "dummymail://",
    }
    for command in ("migrate", "collectstatic"):
        subprocess.run(
            [sys.executable, "manage.py", command, "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
    return env


def stop_gunicorn(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait()


def stored_reports(benchmark_url: str) -> list[tuple[str, str]]:
    """(reference, narrative) of every report in the benchmark database."""
    with psycopg.connect(benchmark_url) as connection:
        return connection.execute("SELECT reference, narrative FROM reporting_report").fetchall()


def workers_usage(server: subprocess.Popen) -> tuple[float, int] | None:
    """CPU seconds and page faults gunicorn's workers have had so far, read from Linux's /proc;
    None elsewhere. Page faults count memory the interpreter maps afresh, and do not drift with
    the machine's speed as its CPU time does."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if not children.exists():
        return None
    ticks = faults = 0
    for pid in children.read_text().split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        faults += int(fields[7])  # minor faults
        ticks += int(fields[11]) + int(fields[12])  # user and system time
    return ticks / os.sysconf("SC_CLK_TCK"), faults


def summary(seconds: list[float]) -> str:
    if not seconds:
        return "no requests"
    cuts = statistics.quantiles(seconds, n=100) if len(seconds) > 1 else [seconds[0]] * 99
    return f"p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of each phase")
    parser.add_argument("--residents", type=int, default=8, help="residents filing at the same time")
    options = parser.parse_args()

    maintenance_url, benchmark_url = create_database()
    media = tempfile.TemporaryDirectory(prefix="benchmark-media-")
    server, port = start_gunicorn(app_environment(benchmark_url, media.name))
    try:
        all_confirmed = []
        print(f"{options.residents} residents, {options.seconds:.0f} s per phase, gunicorn with 2 workers")
        phases = [("without a photo", None, 1), ("with a 1-megapixel photo", one_megapixel_photo(), 500_001)]
        for label, photo, first_address in phases:
            usage_before = workers_usage(server)
            confirmed, timings, errors, elapsed = run_phase(
                port, options.residents, options.seconds, photo, first_address
            )
            usage_after = workers_usage(server)
            all_confirmed += confirmed
            print(
                f"\n{label}: {len(confirmed) / elapsed:.1f} complete reports/s, {len(timings)} requests, "
                f"{summary([seconds for _request, seconds in timings])}, errors {len(errors)}"
            )
            if usage_before is not None and confirmed:
                (cpu_before, faults_before), (cpu_after, faults_after) = usage_before, usage_after
                cost = (cpu_after - cpu_before) / len(confirmed) * 1000
                faults = (faults_after - faults_before) / len(confirmed)
                print(f"  app server: {cost:.0f} ms of CPU and {faults:.0f} page faults per complete report")
            for request in dict.fromkeys(request for request, _seconds in timings):
                print(f"  {request:<28} {summary([s for r, s in timings if r == request])}")
            for error in errors[:5]:
                print(f"  error: {error}")
    finally:
        stop_gunicorn(server)

    stored = [reference for reference, _narrative in stored_reports(benchmark_url)]
    lost = set(all_confirmed) - set(stored)
    duplicated = len(stored) - len(set(stored))
    print(
        f"verified: {len(all_confirmed)} confirmed, {len(stored)} stored, "
        f"{len(lost)} lost, {duplicated} duplicated, {len(stored) - len(set(all_confirmed))} unconfirmed"
    )
    drop_database(maintenance_url)
    media.cleanup()
    if lost or duplicated or len(stored) != len(all_confirmed):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
