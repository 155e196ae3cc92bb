"""The public site in a real browser: axe-clean in every language, usable by keyboard and
without JavaScript."""

import datetime

import pytest
from django.utils import translation
from playwright.sync_api import expect

from pilots.models import MetricValue, Program
from tests.factories import make_council_update, make_metric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = ["", "es/", "so/", "hmn/"]
PAGES = [
    "",
    "get-help/",
    "get-help/?step=danger",  # the first question with its error message
    "get-help/?step=danger&danger=no",
    "get-help/?step=situation&danger=no&situation=property",
    "get-help/?step=situation&danger=no&situation=crisis",
    "programs/",
    "programs/mobile-crisis-teams/",
    "programs/community-de-escalation-training/",  # no phases, an expected status
    "timeline/",
    "updates/",
    "updates/{update}/",
    "data/",
    "glossary/",
    "resources/",
    "contact/",
    "accessibility/",
    "privacy/",
    "search/?q=911",
]


@pytest.fixture
def content():
    """Figures and a council update beside the seeded content."""
    with translation.override("en"):
        program = Program.objects.get(slug="mobile-crisis-teams")
        metric = make_metric(program=program, code="calls", name="Calls answered", suppression_threshold=10)
        for month, value in ((1, 4), (2, 80), (3, 95)):
            start = datetime.date(2024, month, 1)
            MetricValue.objects.create(
                metric=metric,
                period_start=start,
                period_end=start.replace(day=28),
                value=value,
                is_published=True,
            )
        for category, value in (("BIPOC", 50), ("White", 45)):
            MetricValue.objects.create(
                metric=metric,
                period_start=datetime.date(2024, 3, 1),
                period_end=datetime.date(2024, 3, 28),
                value=value,
                breakdown_dimension="race",
                breakdown_category=category,
                is_published=True,
            )
        return {"update": make_council_update(title="Mid-year results").pk}


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_every_public_page_has_no_accessibility_violations(page, assert_accessible, content, prefix):
    for path in PAGES:
        response = page.goto(f"/{prefix}{path.format(**content)}")
        assert response.status == 200, path
        assert_accessible(page)


def tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text or label is `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(document.activeElement.labels && document.activeElement.labels[0]"
            " ? document.activeElement.labels[0].textContent : document.activeElement.textContent).trim()"
        )
        if focused == name:
            return
    pytest.fail(f"could not reach {name!r} with the Tab key")


def test_keyboard_only_journey_from_home_through_the_help_finder_to_a_program(page, content):
    page.goto("/")

    tab_to(page, "Not sure? Find the right help")
    page.keyboard.press("Enter")
    page.wait_for_url("**/get-help/")
    tab_to(page, "Yes")  # Tab enters a radio group on its first choice; arrows move and select
    page.keyboard.press("ArrowDown")
    tab_to(page, "Next")
    page.keyboard.press("Enter")
    page.wait_for_url("**step=danger**")
    tab_to(page, "A mental-health or behavioral-health crisis")
    page.keyboard.press("Space")
    tab_to(page, "Next")
    page.keyboard.press("Enter")
    page.wait_for_url("**situation=crisis**")
    expect(page.get_by_role("link", name="911").first).to_be_visible()

    tab_to(page, "Programs")
    page.keyboard.press("Enter")
    page.wait_for_url("**/programs/")
    tab_to(page, "Mobile behavioral health crisis teams")
    page.keyboard.press("Enter")

    page.wait_for_url("**/programs/mobile-crisis-teams/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mobile behavioral health crisis teams"


def test_help_finder_works_without_javascript(page_without_js, content):
    page = page_without_js
    page.goto("/so/get-help/")

    # USWDS hides the radio inputs behind their styled labels, which people click.
    page.locator("label", has_text="Maya").click()
    page.get_by_role("button", name="Xiga").click()
    page.locator("label", has_text="Dhibaato baarkin").click()
    page.get_by_role("button", name="Xiga").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Dhibaato baarkin"
    expect(page.get_by_role("link", name="311").first).to_be_visible()


def test_help_finder_without_javascript_explains_a_missing_answer(page_without_js, content):
    page = page_without_js
    page.goto("/es/get-help/")

    page.get_by_role("button", name="Siguiente").click()

    expect(page.get_by_text("Elija sí o no.")).to_be_visible()
