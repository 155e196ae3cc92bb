import pytest

from reporting.models import ScreeningExit
from tests.reporting.conftest import SCREENING_CLEAR

pytestmark = pytest.mark.django_db

EXITS = [
    ("danger", "yes", "danger", "Call 911 now"),
    ("injury", "yes", "injury", "Call 911 now"),
    ("weapon", "yes", "weapon", "A police officer needs to take this report"),
    ("suspect", "yes", "suspect", "A police officer needs to take this report"),
    ("in_minneapolis", "no", "outside", "Contact the police where it happened"),
    ("vehicle", "yes", "vehicle", "A police officer needs to take this report"),
    ("parking", "yes", "parking", "Call 311 about parking"),
    ("city_property", "yes", "city_property", "Tell 311 about damage to City property"),
]


@pytest.mark.parametrize(("question", "answer", "exit", "heading"), EXITS, ids=[e[2] for e in EXITS])
def test_each_screening_exit_says_where_to_go_and_is_counted(resident, question, answer, exit, heading):
    response = resident.post("/report/screening/", {**SCREENING_CLEAR, question: answer}, follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(f"/report/screening/{exit}/", 302)]
    assert heading in html
    assert "Go back to the questions" in html
    assert ScreeningExit.objects.get().exit == exit
    assert ScreeningExit.objects.get().count == 1


def test_police_exits_give_only_numbers_the_city_publishes(resident):
    html = resident.get("/report/screening/weapon/").content.decode()

    assert 'href="tel:911"' in html
    assert 'href="tel:311"' in html
    assert "612-673-2482" in html


def test_reloading_an_exit_page_does_not_count_twice(resident):
    resident.post("/report/screening/", {**SCREENING_CLEAR, "parking": "yes"})
    resident.get("/report/screening/parking/")
    resident.get("/report/screening/parking/")

    assert ScreeningExit.objects.get().count == 1


def test_the_first_matching_answer_decides_the_exit(resident):
    response = resident.post("/report/screening/", {**SCREENING_CLEAR, "danger": "yes", "parking": "yes"})

    assert response.url == "/report/screening/danger/"


def test_clear_answers_lead_to_the_form_without_counting_an_exit(resident):
    response = resident.post("/es/report/screening/", SCREENING_CLEAR)

    assert response.url == "/es/report/new/what/"
    assert not ScreeningExit.objects.exists()


def test_unanswered_questions_are_flagged_and_given_answers_kept(resident):
    response = resident.post("/report/screening/", {"danger": "no"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Please answer this question.") >= 7
    assert 'value="no" id="id_danger_1" checked' in html


def test_the_form_cannot_be_reached_without_screening(resident):
    assert resident.get("/report/new/what/").url == "/report/screening/"
    assert resident.get("/report/new/review/").url == "/report/screening/"


def test_unknown_exit_is_not_found(resident):
    assert resident.get("/report/screening/nowhere/").status_code == 404


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        ("", "You can go back and change your answers before you submit."),
        ("/es", "Puede volver atrás y cambiar sus respuestas antes de enviar."),
        ("/so", "Waad dib u noqon kartaa oo beddeli kartaa jawaabahaaga ka hor intaadan gudbin."),
        ("/hmn", "Koj rov qab tau thiab hloov tau koj cov lus teb ua ntej koj xa."),
    ],
)
def test_the_start_page_promises_no_time_nobody_measured(client, prefix, sentence):
    # No one has timed residents filing a report, so the page gives no estimate.
    html = client.get(f"{prefix}/report/").content.decode()

    assert sentence in html
    for estimate in ("10 to 15 minutes", "10 a 15 minutos", "10 ilaa 15 daqiiqo", "10 txog 15 feeb"):
        assert estimate not in html


@pytest.mark.parametrize(
    ("prefix", "ready", "old"),
    [
        ("", "An email address or a phone number (one is enough)", "An email address, so we"),
        ("/es", "Un correo electrónico o un número de teléfono (basta con uno)", "correo electrónico, para"),
        ("/so", "Cinwaan iimayl ama lambar taleefan (mid ayaa ku filan)", "Cinwaan iimayl, si"),
        ("/hmn", "Ib tus email los yog ib tus xov tooj (ib yam twg los tau)", "Ib tus email, kom"),
    ],
)
def test_the_start_page_asks_for_an_email_or_a_phone_not_an_email(client, prefix, ready, old):
    # Residents with only a phone file reports too.
    html = client.get(f"{prefix}/report/").content.decode()

    assert ready in html
    assert old not in html
