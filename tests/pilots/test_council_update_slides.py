import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pilots.models import CouncilUpdate

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:pilots_councilupdate_add")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_update(client, slides):
    return client.post(
        ADD_URL,
        {"presented_on": "2024-06-01", "title_en": "Mid-year update", "slides": slides},
    )


def test_opi_staff_attach_pdf_slides(opi_staff):
    response = add_update(opi_staff, SimpleUploadedFile("mid-year.pdf", PDF, content_type="application/pdf"))

    assert response.status_code == 302
    with CouncilUpdate.objects.get().slides.open("rb") as slides:
        assert slides.read() == PDF


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("mid-year.pdf", b"<html><script>alert(1)</script></html>"),
        ("mid-year.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("mid-year.pptx", b"PK\x03\x04 a deck"),
    ],
)
def test_slides_that_are_not_a_pdf_by_content_are_refused_on_the_form(opi_staff, name, content):
    response = add_update(opi_staff, SimpleUploadedFile(name, content, content_type="application/pdf"))

    assert response.status_code == 200
    assert "Slides must be a PDF file, whatever the file&#x27;s name says." in response.content.decode()
    assert not CouncilUpdate.objects.exists()
