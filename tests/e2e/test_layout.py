"""The shared layout in a real browser: accessible, usable by keyboard and without JavaScript."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = ["", "es/", "so/", "hmn/"]


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_home_page_has_no_accessibility_violations(page, assert_accessible, prefix):
    page.goto(f"/{prefix}")

    assert_accessible(page)


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_not_found_page_has_no_accessibility_violations(page, assert_accessible, prefix):
    response = page.goto(f"/{prefix}missing-page/")

    assert response.status == 404
    assert_accessible(page)


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page):
    page.goto("/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main-content"


def test_language_switch_by_keyboard_keeps_the_page(page):
    page.goto("/missing-page/")

    page.get_by_role("link", name="Español").focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/es/missing-page/")
    assert page.locator("html").get_attribute("lang") == "es"


def test_home_page_works_without_javascript(page_without_js):
    page_without_js.goto("/hmn/")

    expect(page_without_js.get_by_role("heading", name="Tau kev pab tam sim no")).to_be_visible()
    expect(page_without_js.get_by_role("link", name="911").first).to_be_visible()


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_on_a_phone_the_site_title_keeps_its_width_and_the_languages_go_below_it(page, prefix):
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(f"/{prefix}")

    title = page.locator(".site-logo").bounding_box()
    languages = page.locator(".site-languages").bounding_box()
    # The Hmong title was squeezed to one word a line beside the language links.
    assert title["width"] > 300
    assert languages["y"] >= title["y"] + title["height"]
