"""The address of a report, by keyboard in real Chromium, in English and in Hmong, against the
demo's made-up address list. With JavaScript, "Where did it happen?" suggests the list's
addresses as the resident types: Down and Enter use one, the step that checks the address is
skipped, and the review shows it. Without JavaScript, that step offers the closest addresses as
radio buttons. Every page passes axe-core; each is kept as a screenshot under
test-screenshots/address/."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reporting.demo import load_demo_addresses
from tests.conftest import screenshot
from tests.e2e.test_report_journeys import SCREENING, Keyboard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PREFIXES = {"en": "", "hmn": "hmn/"}
CHOSEN = "2800 W Lake St"
CHOSEN_LABEL = "2800 W Lake St (Lowry Hill East)"


def _look(page, language: str, name: str, assert_accessible) -> None:
    assert_accessible(page)
    screenshot(page, f"address/{language}/{name}")


@pytest.fixture
def look_without_javascript(browser, live_server, assert_accessible):
    """axe-core runs as a script, which a page without JavaScript cannot: the page is opened
    again, with the same cookies, in a browser that runs axe but loads none of the site's
    scripts (the site has no inline ones), and checked there."""
    checker = browser.new_context(base_url=live_server.url, locale="en-US")
    checker.route("**/*.js", lambda route: route.abort())
    checked = checker.new_page()

    def look(page, language: str, name: str) -> None:
        screenshot(page, f"address/{language}/{name}")
        checker.add_cookies(page.context.cookies())
        checked.goto(page.url)
        assert checked.locator("input[role=combobox]").count() == 0
        assert_accessible(checked)

    yield look
    checker.close()


def _to_the_first_step(page, keys: Keyboard, language: str) -> None:
    page.goto(f"/{PREFIXES[language]}report/screening/")
    for question, answer in SCREENING:
        keys.choose(question, answer)
    keys.press("Continue")
    page.wait_for_url("**/new/what/")
    keys.choose("What happened?", "Theft")
    keys.pick("What kind of place is it?", 5)
    keys.type("Tell us what happened, in your own words", "My bike was cut from the rack.")
    # Dates are typed in the browser's own format (en-US here): month, day, year.
    keys.type("When did it happen?", f"{timezone.localdate():%m%d%Y}")


def _to_the_review(page, keys: Keyboard) -> None:
    """From the items step to the review, by keyboard."""
    page.wait_for_url("**/new/items/")
    keys.pick("Kind of item", 1)
    keys.type("Description", "Blue mountain bike")
    keys.enter()
    page.wait_for_url("**/new/files/")
    keys.press("Save and continue")
    page.wait_for_url("**/new/about/")
    keys.choose("How would you like the City to follow up?", "Online only")
    keys.type("Email address", "pa@example.org")
    keys.type("Your name", "Resident")
    keys.enter()
    page.wait_for_url("**/new/questions/")
    keys.press("Save and continue")
    page.wait_for_url("**/new/review/")


@pytest.mark.parametrize("language", PREFIXES)
def test_a_suggestion_is_chosen_by_keyboard_with_javascript(page, assert_accessible, language):
    load_demo_addresses()
    keys = Keyboard(page, language)
    _to_the_first_step(page, keys, language)
    field = page.get_by_role("combobox", name=keys.words("Where did it happen?"))

    keys.type("Where did it happen?", "2800 W La")
    listbox = page.get_by_role("listbox", name=keys.words("Addresses from the City's list"))
    options = listbox.get_by_role("option")
    expect(options).to_have_text([CHOSEN_LABEL, "2800 E Lake St (Powderhorn Park)"])
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status")).to_contain_text(
        keys.words(
            "Addresses from the City's list: %(count)s. Use the up and down arrow keys to choose one, "
            "and Enter to use it."
        )
        % {"count": 2}
    )
    # Down twice, then up: the first, the second, the first again.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", "id_address_suggestions_1")
    page.keyboard.press("ArrowUp")
    expect(field).to_have_attribute("aria-activedescendant", "id_address_suggestions_0")
    expect(options.first).to_have_attribute("aria-selected", "true")
    _look(page, language, "1-suggestions", assert_accessible)
    # On a phone, or at 200% zoom on a small laptop (320 CSS pixels wide): the list stays as wide
    # as the field, within the screen.
    page.set_viewport_size({"width": 320, "height": 640})
    field_box, list_box = field.bounding_box(), listbox.bounding_box()
    assert (list_box["x"], list_box["width"]) == (field_box["x"], field_box["width"])
    assert list_box["x"] + list_box["width"] <= 320
    screenshot(page, f"address/{language}/1-suggestions-phone")
    page.set_viewport_size({"width": 1280, "height": 720})

    # Enter uses the suggestion and does not send the form.
    keys.enter()
    expect(field).to_have_value(CHOSEN)
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    assert page.url.endswith("/new/what/")
    _look(page, language, "2-chosen", assert_accessible)
    # Typing again suggests again; Escape closes the list and keeps what was typed.
    page.keyboard.press("Backspace")
    page.keyboard.type("t")
    expect(options.first).to_have_text(CHOSEN_LABEL)
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(field).to_have_value(CHOSEN)
    keys.enter()

    # The address is the list's own: the step that checks it is skipped.
    _to_the_review(page, keys)
    expect(page.get_by_text(CHOSEN_LABEL)).to_be_visible()
    _look(page, language, "3-review", assert_accessible)


@pytest.mark.parametrize("language", PREFIXES)
def test_the_closest_addresses_are_radio_buttons_without_javascript(
    page_without_js, look_without_javascript, language
):
    page = page_without_js
    load_demo_addresses()
    keys = Keyboard(page, language)
    _to_the_first_step(page, keys, language)

    keys.type("Where did it happen?", "2800 Lake St")
    assert page.get_by_role("listbox").count() == 0
    look_without_javascript(page, language, "4-typed-without-javascript")
    keys.enter()

    page.wait_for_url("**/new/address/")
    keys.choose("Which address is it?", CHOSEN_LABEL)
    look_without_javascript(page, language, "5-check-without-javascript")
    keys.enter()

    _to_the_review(page, keys)
    expect(page.get_by_text(CHOSEN_LABEL)).to_be_visible()
    expect(page.get_by_text("2800 Lake St", exact=False).first).to_be_visible()
    look_without_javascript(page, language, "6-review-without-javascript")
