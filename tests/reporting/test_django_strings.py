"""Django ships no catalogs for Somali or Hmong; the project's own catalogs carry Django's
messages and date names, so a resident never meets them in English."""

import datetime
import re

import pytest
from django.utils import formats, translation

from harness.answers import ABOUT, ITEMS, WHAT

pytestmark = pytest.mark.django_db

# Django's messages the resident steps can show, up to their first placeholder.
DJANGO_ENGLISH = [
    "Enter a valid date.",
    "Enter a valid email address.",
    "Enter a number.",
    "Enter a whole number.",
    "Ensure this value is less than or equal to",
    "Ensure this value is greater than or equal to",
    "Ensure that there are no more than",
    "Ensure this value has at most",
    "Select a valid choice.",
    "This field is required.",
]
EXPECTED = {
    "so": {
        "date": "Geli taariikh sax ah.",
        "email": "Geli cinwaan iimayl oo sax ah.",
        "number": "Geli tiro.",
        "whole": "Geli tiro dhan (aan jajab lahayn).",
        "most": "Hubi in qiimahani uu la mid yahay ama ka yar yahay 10000.",
        "least": "Hubi in qiimahani uu la mid yahay ama ka badan yahay 1.",
        "digits": "Hubi in tiradu aanay ka badnayn 10 lambar guud ahaan.",
        "choice": "Dooro doorasho sax ah. made-up kuma jiro doorashooyinka la heli karo.",
    },
    "hmn": {
        "date": "Sau ib hnub tim uas siv tau.",
        "email": "Sau ib qho email uas siv tau.",
        "number": "Sau ib tus lej.",
        "whole": "Sau ib tus lej tag nrho (tsis muaj feem).",
        "most": "Xyuas kom tus lej no tsis pub ntau tshaj 10000.",
        "least": "Xyuas kom tus lej no tsis pub tsawg dua 1.",
        "digits": "Xyuas kom tsis pub ntau tshaj 10 tus lej tag nrho.",
        "choice": "Xaiv ib qho uas muaj. made-up tsis yog ib qho uas xaiv tau.",
    },
}


def post_step(client, language, step, data):
    response = client.post(f"/{language}/report/new/{step}/", {**data, "action": "next"})
    assert response.status_code == 200
    html = response.content.decode()
    for english in DJANGO_ENGLISH:
        assert english not in html
    return html


@pytest.mark.parametrize("language", ["so", "hmn"])
def test_bad_input_on_the_resident_steps_is_explained_in_somali_and_hmong(screened, language):
    expected = EXPECTED[language]

    html = post_step(screened, language, "what", {**WHAT, "occurred_from": "2026-02-30", "kind": "made-up"})
    assert expected["date"] in html
    assert expected["choice"] in html

    html = post_step(screened, language, "items", {**ITEMS, "items-0-quantity": "0", "items-0-value": "lots"})
    assert expected["least"] in html
    assert expected["number"] in html

    html = post_step(
        screened, language, "items", {**ITEMS, "items-0-quantity": "1.5", "items-0-value": "12345678901"}
    )
    assert expected["whole"] in html
    assert expected["digits"] in html

    html = post_step(screened, language, "items", {**ITEMS, "items-0-quantity": "10001"})
    assert expected["most"] in html

    html = post_step(screened, language, "about", {**ABOUT, "email": "not-an-address"})
    assert expected["email"] in html


@pytest.mark.parametrize("language", ["so", "hmn"])
def test_the_status_look_up_explains_a_bad_email_in_somali_and_hmong(client, language):
    response = client.post(f"/{language}/report/status/", {"reference": "R-2026-000001", "email": "nope"})

    html = response.content.decode()
    assert EXPECTED[language]["email"] in html
    assert "Enter a valid email address." not in html


@pytest.mark.parametrize(
    ("language", "date", "month", "time"),
    [
        ("so", "2 Desembar 2026", "Desembar 2026", "7:30 galabnimo"),
        ("hmn", "2 Lub Kaum Ob Hlis 2026", "Lub Kaum Ob Hlis 2026", "7:30 tav su"),
    ],
)
def test_dates_use_somali_and_hmong_month_names(language, date, month, time):
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 12, 2)) == date
        assert formats.date_format(datetime.date(2026, 12, 2), "YEAR_MONTH_FORMAT") == month
        assert formats.time_format(datetime.time(19, 30)) == time


@pytest.mark.parametrize(("language", "month"), [("so", "Desembar 2018"), ("hmn", "Lub Kaum Ob Hlis 2018")])
def test_the_timeline_names_months_in_the_readers_language(client, language, month):
    html = client.get(f"/{language}/timeline/").content.decode()

    assert f'<time datetime="2018-12-01">{month}</time>' in html
    assert not re.search(r">(December|January|August) \d{4}<", html)
