"""What a first visit to each public and resident page costs: bytes transferred and requests.

Starts gunicorn with production settings (DEBUG off, whitenoise serving the collected static
files compressed, as in production) on 127.0.0.1, opens every page in headless Chromium (Debian's
`chromium`) with an empty browser cache, and adds up every response the page needed: its HTML,
stylesheets, fonts and images, headers included, compressed as they travelled. Target: at most
120 KB per page.

    .venv/bin/python benchmarks/page_weight.py [--language es] [--serve]

The form's steps, its receipt and the status page are reached by filling in the form with the
tests' answers; each is then measured with the cache emptied again. `--serve` leaves the
server running after the figures, for a look in a browser, until Ctrl-C (or SIGTERM).

It runs on a database of its own on the embedded PostgreSQL server (or on DATABASE_URL's server),
migrated and filled with the demo data, which it drops at the end. The pages and the way through
the form are those of `site_pages.py`, which `lighthouse.py` opens too.
"""

import argparse
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.site_pages import LANGUAGES, launch_chromium, production_site, walk  # noqa: E402

BUDGET = 120 * 1024
DATABASE = "page_weight_benchmark"


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


def measure_all(base: str, language: str) -> list[tuple[str, int, int]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        results = [(path, *measure(page, path)) for _name, path, page in walk(browser, base, language)]
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="en", choices=LANGUAGES, help="en (default), es, so or hmn")
    parser.add_argument("--serve", action="store_true", help="keep serving after the figures")
    options = parser.parse_args()

    with production_site(DATABASE) as base:
        try:
            results = measure_all(base, options.language)
            print(f"\nFirst visit, empty cache, as served (target: at most {BUDGET // 1024} KB)")
            print(f"{'page':<40} {'requests':>8} {'KB':>7}  target")
            for path, size, requests in results:
                verdict = "ok" if size <= BUDGET else "MISSED"
                print(f"{path:<40} {requests:>8} {size / 1024:>7.1f}  {verdict}")
            if options.serve:
                print(f"\nserving {base} until Ctrl-C", flush=True)
                signal.pause()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
