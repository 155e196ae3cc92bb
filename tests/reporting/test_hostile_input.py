"""Random and hostile values posted to every step of the resident's report: never a server error
or an ERROR log record, never a half-saved report, and what the resident typed comes back."""

from urllib.parse import quote

import pytest
from django import forms as django_forms
from django.test import Client
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st

from core import ratelimit
from reporting import forms
from reporting.draft import raw_step
from reporting.models import Item, Report
from tests.reporting.conftest import ABOUT, ITEMS, SCREENING_CLEAR, WHAT, fill_in_every_step
from tests.strategies import (
    ATTRIBUTE_BREAK,
    FORM_SETTINGS,
    SCRIPT,
    SQL,
    form_data,
    no_error_logged,
    post,
    typed,
    value,
)

pytestmark = pytest.mark.django_db

ACTIONS = st.lists(st.sampled_from(["next", "back", "review", "add", "upload", "", "délete"]), max_size=2)
# Fields whose typed text a page shows back (a choice that is not on the list cannot be).
SHOWN_BACK = (
    django_forms.CharField,
    django_forms.DateField,
    django_forms.IntegerField,
    django_forms.DecimalField,
)


def screened_client() -> Client:
    client = Client()
    client.post("/report/screening/", SCREENING_CLEAR)
    return client


def shown_back_fields(form_class) -> list[str]:
    return [name for name, field in form_class.base_fields.items() if isinstance(field, SHOWN_BACK)]


def assert_nothing_saved(before: tuple[int, int]):
    assert (Report.objects.count(), Item.objects.count()) == before


def counts() -> tuple[int, int]:
    return Report.objects.count(), Item.objects.count()


def assert_typed_text_comes_back(response, data, form_class, prefix=""):
    """What was typed in each field the page shows back is on it, as far as the draft keeps it
    (a step keeps each value up to the longest its form accepts)."""
    html = response.content.decode()
    typed_here = {name: typed(data, prefix + name) or "" for name in shown_back_fields(form_class)}
    for name, text in raw_step(form_class, typed_here).items():
        if text:
            assert escape(text) in html, f"{prefix}{name}={text!r} is not on the page"


@FORM_SETTINGS
@given(data=form_data(forms.ScreeningForm.base_fields), urlencoded=st.booleans())
def test_screening_answers_whatever_is_posted(data, urlencoded):
    before = counts()
    with no_error_logged():
        response = post(Client(), "/report/screening/", data, urlencoded=urlencoded)

    assert response.status_code in (200, 302)
    assert_nothing_saved(before)


@pytest.mark.parametrize(
    "form_class",
    [forms.WhatHappenedForm, forms.AboutYouForm, forms.QuestionsForm],
    ids=["what", "about", "questions"],
)
@FORM_SETTINGS
@given(data=st.data(), urlencoded=st.booleans())
def test_a_step_answers_whatever_is_posted_and_shows_back_what_was_typed(form_class, data, urlencoded):
    step = {forms.WhatHappenedForm: "what", forms.AboutYouForm: "about", forms.QuestionsForm: "questions"}[
        form_class
    ]
    posted = data.draw(form_data(form_class.base_fields, extra=st.fixed_dictionaries({"action": ACTIONS})))
    client = screened_client()
    before = counts()

    with no_error_logged():
        response = post(client, f"/report/new/{step}/", posted, urlencoded=urlencoded)
        again = client.get(f"/report/new/{step}/")

    assert response.status_code in (200, 302)
    assert again.status_code == 200
    assert_nothing_saved(before)
    if response.status_code == 200:
        assert 'class="usa-error-message"' in response.content.decode()
        assert_typed_text_comes_back(response, posted, form_class)
    # Going back to the step later shows the same text again, from the draft.
    assert_typed_text_comes_back(again, posted, form_class)


ITEM_FIELDS = list(forms.ItemForm.base_fields)


@st.composite
def item_rows(draw):
    """The items step as posted: a form count that may lie, rows of hostile values, buttons."""
    total = draw(st.one_of(st.integers(min_value=0, max_value=35).map(str), value))
    rows = draw(st.integers(min_value=0, max_value=4))
    data = {"items-TOTAL_FORMS": [total], "items-INITIAL_FORMS": [draw(st.one_of(st.just("0"), value))]}
    for index in range(rows):
        for name in draw(st.lists(st.sampled_from(ITEM_FIELDS), unique=True)):
            data[f"items-{index}-{name}"] = [draw(value)]
    data["action"] = draw(ACTIONS)
    if draw(st.booleans()):
        data["remove"] = [draw(st.one_of(st.integers(min_value=-1, max_value=5).map(str), value))]
    return data


@FORM_SETTINGS
@given(posted=item_rows(), urlencoded=st.booleans(), more=st.one_of(st.none(), value))
# "²" is a digit to str.isdigit() but not a number to int(): a form count or a remove button of
# it used to be a server error.
@example(posted={"items-TOTAL_FORMS": ["²"], "action": ["next"]}, urlencoded=False, more=None)
@example(posted={"items-TOTAL_FORMS": ["1"], "remove": ["²"]}, urlencoded=False, more="²")
@example(
    posted={"items-TOTAL_FORMS": ["9" * 400], "items-0-quantity": ["9" * 400]}, urlencoded=True, more=None
)
def test_the_items_step_answers_whatever_is_posted(posted, urlencoded, more):
    client = screened_client()
    client.post("/report/new/what/", {**WHAT, "action": "next"})
    before = counts()

    with no_error_logged():
        response = post(client, "/report/new/items/", posted, urlencoded=urlencoded)
        again = client.get("/report/new/items/", {} if more is None else {"more": more})

    assert response.status_code in (200, 302)
    assert again.status_code == 200
    assert_nothing_saved(before)
    total = typed(posted, "items-TOTAL_FORMS")
    kept_rows = min(int(total), 30) if total.isdecimal() else 0
    if response.status_code == 200:
        for index in range(kept_rows):
            assert_typed_text_comes_back(response, posted, forms.ItemForm, prefix=f"items-{index}-")


@FORM_SETTINGS
@given(posted=form_data(["remove", "action", "files"]), urlencoded=st.booleans())
@example(posted={"remove": ["²"]}, urlencoded=False)
@example(posted={"remove": ["9" * 40]}, urlencoded=False)
def test_the_files_step_answers_whatever_is_posted(posted, urlencoded):
    client = screened_client()
    before = counts()

    with no_error_logged():
        response = post(client, "/report/new/files/", posted, urlencoded=urlencoded)

    assert response.status_code in (200, 302)
    assert_nothing_saved(before)


@FORM_SETTINGS
@given(posted=form_data(forms.ReviewForm.base_fields), urlencoded=st.booleans())
def test_a_submission_saves_the_whole_report_or_nothing(posted, urlencoded, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "submit", (10_000, 3600))
    client = screened_client()
    fill_in_every_step(client)
    before = counts()

    with no_error_logged():
        response = post(client, "/report/new/review/", posted, urlencoded=urlencoded)

    assert response.status_code in (200, 302)
    if response.status_code == 302 and response.url == "/report/done/":
        report = Report.objects.latest("pk")
        assert counts() == (before[0] + 1, before[1] + 1)
        assert report.items.get().description == ITEMS["items-0-description"]
        assert report.narrative == WHAT["narrative"]
    else:
        assert_nothing_saved(before)


# Text a form accepts, however hostile: markup, SQL, quotes, any script, right-to-left marks.
accepted_text = st.one_of(
    st.sampled_from([SCRIPT, ATTRIBUTE_BREAK, SQL, "Ünïcödé 😀 مرحبا", "a\tb"]),
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=80),
).filter(lambda text: text.strip())


@FORM_SETTINGS
@given(narrative=accepted_text, address=accepted_text, name=accepted_text, description=accepted_text)
def test_hostile_text_that_passes_the_checks_is_stored_exactly_as_typed(
    monkeypatch, narrative, address, name, description
):
    monkeypatch.setitem(ratelimit.LIMITS, "submit", (10_000, 3600))
    client = screened_client()
    fill_in_every_step(
        client,
        what={**WHAT, "narrative": narrative, "address": address},
        items={**ITEMS, "items-0-description": description, "items-0-brand": name},
        about={**ABOUT, "full_name": name, "home_address": address},
    )

    with no_error_logged():
        response = client.post("/report/new/review/", {"acknowledge": "on"})

    assert response.url == "/report/done/"
    report = Report.objects.latest("pk")
    item = report.items.get()
    assert (report.narrative, report.address, report.full_name, report.home_address) == (
        narrative.strip(),
        address.strip(),
        name.strip(),
        address.strip(),
    )
    assert (item.description, item.brand) == (description.strip(), name.strip())


@FORM_SETTINGS
@given(slug=st.one_of(value, st.sampled_from(["what", "review", "danger", "outside", "%00", "..%2F"])))
def test_any_step_or_screening_exit_address_answers_without_an_error(slug):
    client = screened_client()
    quoted = quote(slug, safe="")

    with no_error_logged():
        responses = [client.get(f"/report/new/{quoted}/"), client.get(f"/report/screening/{quoted}/")]

    assert all(response.status_code in (200, 302, 404) for response in responses)
