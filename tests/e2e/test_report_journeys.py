"""A resident files a report in each of the four languages with the keyboard alone, pressing
Enter to move on from every step, and checks the receipt; the Somali resident gives only a phone
number and follows the report on another browser with its reference number and PIN. Once staff
accept the report, each resident downloads its PDF copy from the status page by keyboard, and the
file is read back as text. The pages' words come from the catalogs, so each journey reads what a
resident of that language reads. The English and Somali journeys save a screenshot of each page."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from accounts.roles import REPORT_TAKERS
from reporting import services
from reporting.models import Report
from tests.conftest import screenshot
from tests.factories import make_staff
from tests.reporting.pdf_text import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENING = [
    ("Is anyone in danger right now, or is it still happening?", "No"),
    ("Was anyone hurt?", "No"),
    ("Was a weapon used, shown or stolen?", "No"),
    ("Do you know who did it: a name, where they are now, or a license plate number?", "No"),
    ("Did it happen in the city of Minneapolis?", "Yes"),
    ("Was a car, truck, motorcycle or other motor vehicle stolen?", "No"),
    ("Is this about a parked vehicle or a parking problem?", "No"),
    (
        "Was the damage only to City property, such as a streetlight, sign or graffiti on a public space?",
        "No",
    ),
]
# The Somali resident has no email address.
RESIDENTS = {
    "en": {"prefix": "", "email": "alex@example.org"},
    "es": {"prefix": "es/", "email": "lucia@example.org"},
    "so": {"prefix": "so/", "phone": "612-555-0123"},
    "hmn": {"prefix": "hmn/", "email": "pa@example.org"},
}
SCREENSHOT_LANGUAGES = {"en", "so"}


class Keyboard:
    """A resident on a keyboard: they move to a field, type, press Space on a choice and Enter to
    go on. Names are looked up in the page's language."""

    def __init__(self, page, language):
        self.page, self.language = page, language

    def words(self, english: str) -> str:
        with translation.override(self.language):
            return gettext(english)

    def type(self, label: str, text: str, *, within=None) -> None:
        (within or self.page).get_by_label(self.words(label), exact=True).focus()
        self.page.keyboard.type(text)

    def choose(self, question: str, answer: str) -> None:
        group = self.page.get_by_role("group", name=self.words(question))
        group.get_by_role("radio", name=self.words(answer), exact=True).focus()
        self.page.keyboard.press("Space")

    def tick(self, label: str) -> None:
        self.page.get_by_role("checkbox", name=self.words(label)).focus()
        self.page.keyboard.press("Space")

    def pick(self, label: str, downs: int) -> None:
        """A drop-down list: move to it and press the down arrow to the choice."""
        self.page.get_by_label(self.words(label), exact=True).focus()
        for _down in range(downs):
            self.page.keyboard.press("ArrowDown")

    def follow(self, link: str) -> None:
        self.page.get_by_role("link", name=self.words(link)).focus()
        self.page.keyboard.press("Enter")

    def press(self, button: str, *, within=None) -> None:
        (within or self.page).get_by_role("button", name=self.words(button), exact=True).focus()
        self.page.keyboard.press("Enter")

    def enter(self) -> None:
        """Enter in the field just typed into."""
        self.page.keyboard.press("Enter")

    def look(self, name: str) -> None:
        """A screenshot of the page as it is now, in the languages kept for people to look at."""
        if self.language in SCREENSHOT_LANGUAGES:
            screenshot(self.page, f"resident/{self.language}/{name}")


def _file_a_report(page, keys: Keyboard, resident: dict) -> None:
    page.goto(f"/{resident['prefix']}report/")
    keys.look("01-start")
    keys.follow("Start your report")
    for question, answer in SCREENING:
        keys.choose(question, answer)
    keys.look("02-screening")
    keys.press("Continue")

    page.wait_for_url("**/new/what/")
    keys.choose("What happened?", "Theft")
    keys.pick("What kind of place is it?", 5)
    keys.type("Tell us what happened, in your own words", "My bike was cut from the rack.")
    # Dates are typed in the browser's own format (en-US here): month, day, year.
    keys.type("When did it happen?", f"{timezone.localdate():%m%d%Y}")
    keys.type("Where did it happen?", "1200 Nicollet Mall")
    keys.look("03-what")
    keys.enter()

    # No address list is loaded: the address is kept as typed.
    page.wait_for_url("**/new/address/")
    keys.choose(
        "We could not find this address in the City's list",
        keys.words("Use the address as I typed it: %(typed)s") % {"typed": "1200 Nicollet Mall"},
    )
    keys.enter()

    page.wait_for_url("**/new/items/")
    keys.pick("Kind of item", 1)
    keys.type("Serial number (optional)", "WTU123456")
    keys.type("Description", "Blue mountain bike")
    # A second row opens blank, not in error; left blank, it is left out.
    keys.press("Add another item")
    page.wait_for_url("**/new/items/?more=1*")
    expect(page.locator("#id_items-1-quantity")).to_have_value("1")
    expect(page.get_by_text(keys.words("Please answer this question."))).to_have_count(0)
    keys.look("04-items")
    # Enter here used to press "Remove item 1", the first button of the form.
    page.locator("#id_items-1-description").focus()
    keys.enter()

    page.wait_for_url("**/new/files/")
    keys.look("05-files")
    keys.press("Save and continue")

    page.wait_for_url("**/new/about/")
    keys.choose(
        "Which language should we use with you?",
        {"en": "English", "es": "Spanish", "so": "Somali", "hmn": "Hmong"}[keys.language],
    )
    keys.choose(
        "How would you like the City to follow up?", "A phone call" if "phone" in resident else "Online only"
    )
    if "phone" in resident:
        keys.type("Phone number", resident["phone"])
    else:
        keys.type("Email address", resident["email"])
    keys.type("Your name", "Resident")
    keys.look("06-about")
    keys.enter()

    page.wait_for_url("**/new/questions/")
    keys.look("07-questions")
    keys.press("Save and continue")

    page.wait_for_url("**/new/review/")
    expect(page.get_by_text("Blue mountain bike")).to_be_visible()
    # The field that catches robots is there for them only: a person never sees it.
    honeypot = page.get_by_label(keys.words("Leave this empty"))
    expect(honeypot).to_have_count(1)
    expect(honeypot).to_be_hidden()
    keys.tick("I understand that making a false police report is a crime, and what I wrote is true.")
    keys.look("08-review")
    keys.press("Submit report")
    page.wait_for_url("**/report/done/")
    keys.look("09-done")


def _open_with_the_pin(other, report: Report, pin: str) -> None:
    """On another browser, the reference and PIN open the report, again by keyboard."""
    lookup = Keyboard(other, report.language)
    other.goto(f"/{RESIDENTS[report.language]['prefix']}report/status/")
    by_pin = other.get_by_role("form", name=lookup.words("With the PIN on your receipt"))
    lookup.type("Reference number", report.reference, within=by_pin)
    lookup.type("PIN", pin, within=by_pin)
    lookup.look("10-look-up-with-pin")
    lookup.enter()
    expect(other.get_by_role("heading", name=re.compile(report.reference))).to_be_visible()
    assert pin not in other.content()


def _download_the_copy(page, report: Report, assert_accessible) -> tuple[Report, str]:
    """On the status page, staff accept the report and the resident downloads its PDF copy by
    keyboard: the accepted report and the text of the PDF."""
    keys = Keyboard(page, report.language)
    waiting = (
        "Once your report is accepted, you can download a copy of it here to print or give to your insurer."
    )
    expect(page.get_by_text(keys.words(waiting))).to_be_visible()

    keys.look("12-status")
    report = services.accept(report, actor=make_staff(REPORT_TAKERS))
    page.reload()
    expect(page.get_by_text(report.case_number).first).to_be_visible()
    keys.look("13-status-accepted")
    assert_accessible(page)
    page.get_by_role("link", name=keys.words("Download a copy of your report (PDF)")).focus()
    with page.expect_download() as download:
        keys.enter()

    assert download.value.suggested_filename == f"{report.reference}.pdf"
    return report, pdf_text(Path(download.value.path()).read_bytes())


@pytest.mark.parametrize("language", RESIDENTS)
def test_a_resident_files_a_report_by_keyboard_in_their_language(
    page, browser, live_server, assert_accessible, language
):
    Group.objects.get_or_create(name=REPORT_TAKERS)
    resident = RESIDENTS[language]
    keys = Keyboard(page, language)

    _file_a_report(page, keys, resident)

    report = Report.objects.get()
    assert (report.language, report.items.get().serial_number) == (language, "WTU123456")
    expect(page.get_by_text(report.reference).first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    if "phone" in resident:
        # The receipt: the reference and the PIN, printable, and the number the City will call.
        assert (report.email, report.phone) == ("", "+16125550123")
        expect(page.get_by_role("heading", name=keys.words("Your receipt"))).to_be_visible()
        receipt = page.get_by_role("region", name=keys.words("Your receipt")).inner_text()
        pin = re.search(rf"{keys.words('PIN')}\s+(\d{{3}} \d{{3}} \d{{4}})\b", receipt).group(1)
        assert "(612) 555-0123" in page.content()
        status_page = browser.new_context(base_url=live_server.url, locale="en-US").new_page()
        _open_with_the_pin(status_page, report, pin)
    else:
        assert report.email == resident["email"]
        expect(page.get_by_text(resident["email"])).to_be_visible()
        keys.follow("See your report")
        status_page = page

    report, text = _download_the_copy(status_page, report, assert_accessible)
    with translation.override(language):
        in_their_language = [
            gettext("Copy of an accepted report of theft or property damage"),
            str(Report.FALSE_REPORT_STATEMENT),
        ]
    for expected in [
        report.reference,
        report.case_number,
        "Blue mountain bike",
        "WTU123456",
        *in_their_language,
    ]:
        assert expected in text, expected
    if status_page is not page:
        status_page.context.close()
