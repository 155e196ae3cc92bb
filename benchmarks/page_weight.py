"""What a first visit to each public and resident page costs: bytes transferred and requests.

Starts gunicorn with production settings (DEBUG off, whitenoise serving the collected static
files compressed, as in production) on 127.0.0.1, opens every page in headless Chromium (Debian's
`chromium`) with an empty browser cache, and adds up every response the page needed: its HTML,
stylesheets, fonts and images, headers included, compressed as they travelled. Target: at most
120 KB per page.

    .venv/bin/python benchmarks/page_weight.py [--language es] [--serve]

The form's steps, its receipt and the status page are reached by filling in the form with the
tests' answers; each is then measured with the cache emptied again. `--serve` leaves the
server running after the figures, for Lighthouse or a look in a browser, until Ctrl-C (or SIGTERM).

It uses the database the project would use (the embedded PostgreSQL unless DATABASE_URL is set),
migrates it and loads the demo data.
"""

import argparse
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.environment import production_environment, server_url, start_gunicorn  # noqa: E402
from benchmarks.public_pages import manage  # noqa: E402
from tests.reporting.answers import EVERY_STEP, SCREENING_CLEAR  # noqa: E402

BUDGET = 120 * 1024
PUBLIC_PAGES = [
    "/",
    "/get-help/",
    "/get-help/?danger=no",
    "/programs/",
    "/programs/mobile-crisis-teams/",
    "/timeline/",
    "/updates/",
    "/data/",
    "/glossary/",
    "/resources/",
    "/contact/",
    "/accessibility/",
    "/privacy/",
    "/search/?q=crisis",
]
# The resident's way through the form: the page, then what is posted on it to go on (None: the
# page is only looked at). The pages are reached in this order, in one browser session.
RESIDENT_PAGES = [
    ("/report/", None),
    ("/report/screening/", SCREENING_CLEAR),
    *((f"/report/new/{step}/", answers) for step, answers in EVERY_STEP.items()),
    ("/report/new/review/", {"acknowledge": "on", "website": ""}),
    ("/report/done/", None),
    ("/report/status/", None),
]
REFERENCE = re.compile(r'class="site-reference">([^<]+)<')


def measure(page, url: str) -> tuple[int, int]:
    """(bytes, requests) of loading `url` with an empty cache, as the network carried them."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.clearBrowserCache")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    finished = []
    session.on("Network.loadingFinished", lambda event: finished.append(event["encodedDataLength"]))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    session.detach()
    return sum(finished), len(finished)


def submit(page, fields: dict) -> None:
    """Post the page's form with `fields` from the browser's session, as its button would."""
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    data = {**fields, "csrfmiddlewaretoken": token}
    if "/report/new/" in page.url and not page.url.endswith("/review/"):
        data["action"] = "next"
    response = page.request.post(page.url, form=data)
    if not response.ok:
        sys.exit(f"the form on {page.url} was not accepted: {response.status}")


def measure_all(base: str, prefix: str) -> list[tuple[str, int, int]]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        for path in PUBLIC_PAGES:
            context = browser.new_context(base_url=base)
            results.append((prefix + path, *measure(context.new_page(), prefix + path)))
            context.close()
        context = browser.new_context(base_url=base)
        page = context.new_page()
        for path, fields in RESIDENT_PAGES:
            results.append((prefix + path, *measure(page, prefix + path)))
            if fields is not None:
                submit(page, fields)
        reference = REFERENCE.search(page.goto(prefix + "/report/done/").text())
        if reference:
            path = f"{prefix}/report/status/{reference.group(1)}/"
            results.append((path, *measure(page, path)))
        context.close()
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="en", help="en (default), es, so or hmn")
    parser.add_argument("--serve", action="store_true", help="keep serving after the figures")
    options = parser.parse_args()
    # Stopped by a signal, it still stops its server (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if shutil.which("chromium") is None:
        sys.exit("Debian's chromium is needed: apt-get install chromium")
    prefix = "" if options.language == "en" else f"/{options.language}"

    with tempfile.TemporaryDirectory() as static_root:
        env = {
            **production_environment(server_url()),
            "DJANGO_STATIC_ROOT": static_root,
            # The receipt email would otherwise be printed among the figures.
            "EMAIL_URL": "dummymail://",
        }
        print("migrating, loading demo data, collecting static files ...", flush=True)
        manage(env, "migrate", "--noinput")
        manage({**env, "DJANGO_DEBUG": "true"}, "load_demo_data")
        manage(env, "collectstatic", "--noinput")
        server, port = start_gunicorn(env, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            results = measure_all(base, prefix)
            print(f"\nFirst visit, empty cache, as served (target: at most {BUDGET // 1024} KB)")
            print(f"{'page':<40} {'requests':>8} {'KB':>7}  target")
            for path, size, requests in results:
                verdict = "ok" if size <= BUDGET else "MISSED"
                print(f"{path:<40} {requests:>8} {size / 1024:>7.1f}  {verdict}")
            if options.serve:
                print(f"\nserving {base} until Ctrl-C", flush=True)
                server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
