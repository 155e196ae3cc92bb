"""Lighthouse's mobile performance and accessibility scores of every public and resident page, in
each of the four languages. Target: 100 and 100 everywhere.

Serves the site as in production (`site_pages.production_site`: gunicorn, DEBUG off, whitenoise)
on a fresh database with the demo data, walks every page as `page_weight.py` does, and runs
Lighthouse 12.2.3 on each with its default mobile settings, throttling included. The form's steps,
receipt and status page are opened with the session cookie of the draft or report at that point,
sent with Lighthouse's `--extra-headers`. Prints, for each page and language, both scores and the
ids of the audits that kept a score below 100.

    .venv/bin/python benchmarks/lighthouse.py [--pages / /report/new/items/] [--languages so hmn]

Lighthouse needs Node.js 18 or 20 and Debian's chromium; it is installed with npm, once, into a
folder of the system's temporary directory. Scores depend on the machine's load: run it on an
otherwise idle machine, and run a page again before trusting a point lost.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.site_pages import LANGUAGES, PAGES, launch_chromium, production_site, walk  # noqa: E402

VERSION = "12.2.3"
DATABASE = "lighthouse_benchmark"
CATEGORIES = ["performance", "accessibility"]
ATTEMPTS = 3


def lighthouse_command() -> list[str]:
    """Lighthouse's command line, installed with npm into the temporary directory if need be."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        sys.exit("Node.js and npm are needed: apt-get install nodejs npm")
    folder = Path(tempfile.gettempdir()) / f"lighthouse-{VERSION}"
    command = folder / "node_modules" / ".bin" / "lighthouse"
    if not command.exists():
        print(f"installing Lighthouse {VERSION} into {folder} ...", flush=True)
        folder.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "install", "--save-exact", "--no-audit", "--no-fund", f"lighthouse@{VERSION}"],
            cwd=folder,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return [str(command)]


def run_lighthouse(command: list[str], url: str, cookies: list[dict]) -> dict:
    """Lighthouse's report on `url`, as a browser holding `cookies` would load it."""
    options = [
        "--chrome-flags=--headless=new --no-sandbox",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
    ]
    if cookies:
        header = "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in cookies)
        options.append("--extra-headers=" + json.dumps({"Cookie": header}))
    # Lighthouse now and then fails to record a trace (NO_NAVSTART); a second run usually works.
    for _attempt in range(ATTEMPTS):
        result = subprocess.run(
            [*command, url, *options],
            env={**os.environ, "CHROME_PATH": shutil.which("chromium")},
            capture_output=True,
            text=True,
        )
        if result.returncode == 0 and not json.loads(result.stdout).get("runtimeError"):
            return json.loads(result.stdout)
    sys.exit(f"Lighthouse failed {ATTEMPTS} times on {url}:\n{result.stderr}")


def scores(report: dict) -> dict[str, tuple[int, list[str]]]:
    """For each category: its score out of 100, and the ids of its audits that scored below full
    marks (audits without a score, such as notes for a person to check, are left out)."""
    # A form step opened without its draft's session redirects to the start: not the page meant.
    if report["finalDisplayedUrl"] != report["requestedUrl"]:
        sys.exit(f"{report['requestedUrl']} redirected to {report['finalDisplayedUrl']}")
    found = {}
    for name in CATEGORIES:
        category = report["categories"][name]
        failing = [
            ref["id"]
            for ref in category["auditRefs"]
            if report["audits"][ref["id"]]["score"] is not None and report["audits"][ref["id"]]["score"] < 1
        ]
        found[name] = (round(category["score"] * 100), failing)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages", nargs="+", choices=PAGES, default=PAGES, metavar="PAGE", help="default: all"
    )
    parser.add_argument(
        "--languages", nargs="+", choices=LANGUAGES, default=LANGUAGES, help="default: all four"
    )
    options = parser.parse_args()
    command = lighthouse_command()
    from playwright.sync_api import sync_playwright

    rows = []
    with production_site(DATABASE) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for language in options.languages:
            for name, path, page in walk(browser, base, language):
                if name not in options.pages:
                    continue
                found = scores(run_lighthouse(command, base + path, page.context.cookies()))
                rows.append((name, language, found))
                print(
                    f"  {path}: " + ", ".join(f"{key} {score}" for key, (score, _ids) in found.items()),
                    flush=True,
                )
        browser.close()

    print(f"\nLighthouse {VERSION}, mobile, default throttling (target: 100 and 100)")
    print(f"{'page':<32} {'lang':<4} {'perf':>4} {'a11y':>4}  below 100")
    for name, language, found in rows:
        (performance, slow), (accessibility, barriers) = found["performance"], found["accessibility"]
        failing = [*(slow if performance < 100 else []), *(barriers if accessibility < 100 else [])]
        print(f"{name:<32} {language:<4} {performance:>4} {accessibility:>4}  {' '.join(failing)}")


if __name__ == "__main__":
    main()
