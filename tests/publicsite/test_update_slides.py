import pytest
from django.core.files.base import ContentFile

from tests.factories import make_council_update

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def with_slides(name, content=PDF, **overrides):
    update = make_council_update(**overrides)
    update.slides.save(name, ContentFile(content))
    return update


def test_the_slides_of_a_published_update_are_linked_and_downloaded_never_shown_inline(client):
    update = with_slides("q1-results.pdf", title="First quarter results")

    html = client.get(f"/es/updates/{update.pk}/").content.decode()
    assert f'href="/es/updates/{update.pk}/slides/"' in html
    assert "(PDF)" in html

    response = client.get(f"/updates/{update.pk}/slides/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="q1-results.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_slides_stored_before_only_pdfs_were_accepted_are_a_plain_download(client):
    update = with_slides("q1-results.html", content=b"<script>alert(1)</script>")

    response = client.get(f"/updates/{update.pk}/slides/")
    response.close()

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_slides_of_an_unpublished_update_or_an_update_without_slides_are_not_found(client):
    draft = with_slides("draft.pdf", is_published=False)
    bare = make_council_update()

    assert client.get(f"/updates/{draft.pk}/slides/").status_code == 404
    assert client.get(f"/updates/{bare.pk}/slides/").status_code == 404
    assert "/slides/" not in client.get(f"/updates/{bare.pk}/").content.decode()


def test_slides_accept_only_reads(client):
    update = with_slides("q1.pdf")

    assert client.post(f"/updates/{update.pk}/slides/").status_code == 405
