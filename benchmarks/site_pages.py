"""The public and resident pages the front-end benchmarks open, how a browser reaches each one, and
the production-like site they are served from. Shared by `page_weight.py` and `lighthouse.py`."""

import contextlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.public_pages import manage  # noqa: E402
from benchmarks.submit_reports import create_database, drop_database  # noqa: E402
from harness.answers import EVERY_STEP, SCREENING_CLEAR  # noqa: E402
from harness.servers import DEMO_COMMANDS, production_environment, start_gunicorn  # noqa: E402

LANGUAGES = ["en", "es", "so", "hmn"]
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
# The status page of the report just filed, by the name the benchmarks print and accept.
STATUS_PAGE = "/report/status/<reference>/"
PAGES = [*PUBLIC_PAGES, *(path for path, _fields in RESIDENT_PAGES), STATUS_PAGE]
REFERENCE = re.compile(r'class="site-reference">([^<]+)<')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def prefix(language: str) -> str:
    """The path prefix of a language's pages: none for English."""
    return "" if language == "en" else f"/{language}"


def submit(page, path: str, fields: dict) -> None:
    """Post the form on `path` with `fields` from the browser's session, as its button would."""
    form = page.request.get(path)
    data = {**fields, "csrfmiddlewaretoken": TOKEN.search(form.text()).group(1)}
    if "/report/new/" in path and not path.endswith("/review/"):
        data["action"] = "next"
    response = page.request.post(path, form=data)
    if not response.ok:
        sys.exit(f"the form on {path} was not accepted: {response.status}")


def walk(browser, base: str, language: str) -> Iterator[tuple[str, str, object]]:
    """Every page in `language`, in the order a resident reaches them: (name, path, Playwright
    page). Each public page comes in a fresh browser context; the resident pages share one, whose
    session is at that page when it is yielded (the caller loads it, or sends its cookies)."""
    for name in PUBLIC_PAGES:
        context = browser.new_context(base_url=base)
        yield name, prefix(language) + name, context.new_page()
        context.close()
    context = browser.new_context(base_url=base)
    page = context.new_page()
    for name, fields in RESIDENT_PAGES:
        path = prefix(language) + name
        yield name, path, page
        if fields is not None:
            submit(page, path, fields)
    done = page.request.get(prefix(language) + "/report/done/").text()
    yield STATUS_PAGE, f"{prefix(language)}/report/status/{REFERENCE.search(done).group(1)}/", page
    context.close()


def launch_chromium(playwright):
    """Debian's chromium, which Playwright drives and Lighthouse starts."""
    chromium = shutil.which("chromium") or sys.exit("Debian's chromium is needed: apt-get install chromium")
    return playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])


@contextlib.contextmanager
def production_site(database: str) -> Iterator[str]:
    """The site as production serves it (gunicorn, DEBUG off, whitenoise serving the collected,
    compressed static files) on a fresh database `database` with the demo data, at the URL
    yielded. The database is dropped afterwards."""
    maintenance_url, database_url = create_database(database)
    # Stopped by a signal, it still stops its server and drops its database (the `finally`s).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with tempfile.TemporaryDirectory() as static_root:
            env = {
                **production_environment(database_url),
                "DJANGO_STATIC_ROOT": static_root,
                # The receipt email would otherwise be printed among the figures.
                "EMAIL_URL": "dummymail://",
            }
            print("migrating, loading demo data, collecting static files ...", flush=True)
            manage(env, "migrate", "--noinput")
            for command in DEMO_COMMANDS:
                manage({**env, "DJANGO_DEBUG": "true"}, command)
            manage(env, "collectstatic", "--noinput")
            server, port = start_gunicorn(env, stderr=subprocess.DEVNULL)
            try:
                yield f"http://127.0.0.1:{port}"
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
    finally:
        drop_database(maintenance_url, database)
