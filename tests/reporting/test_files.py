"""File checks, through the form step residents use to upload."""

import hashlib
import io
import struct
import zlib

import pytest
from PIL import Image

from reporting import files
from reporting.models import PendingUpload
from tests.reporting.conftest import jpeg_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def heic_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 10)).save(output, "HEIF")
    return output.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge image while the file stays tiny: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def post_files(client, *uploads):
    return client.post("/report/new/files/", {"files": list(uploads), "action": "upload"})


def read(field_file) -> bytes:
    with field_file.open("rb") as opened:
        return opened.read()


def errors_on(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("photo.jpg", jpeg_bytes(), "image/jpeg"),
        ("scan.png", png_bytes(), "image/png"),
        ("IMG_0001.HEIC", heic_bytes(), "image/heic"),
        ("receipt.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf"),
    ],
    ids=["jpeg", "png", "heic", "pdf"],
)
def test_each_accepted_type_is_kept_as_a_pending_upload(screened, name, content, content_type):
    response = post_files(screened, upload(name, content))

    assert response.status_code == 302
    kept = PendingUpload.objects.get()
    assert (kept.original_name, kept.content_type, kept.size) == (name, content_type, len(content))
    assert read(kept.original) == content
    assert kept.sha256 == hashlib.sha256(content).hexdigest()
    assert bool(kept.viewing_copy) == (content_type != "application/pdf")


def test_the_type_comes_from_the_content_not_the_name(screened):
    response = post_files(screened, upload("holiday.jpg", b"<html><script>alert(1)</script></html>"))

    assert "is not a JPEG, PNG, HEIC or PDF file" in errors_on(response)
    assert not PendingUpload.objects.exists()


def test_a_png_named_like_a_pdf_is_stored_as_a_png(screened):
    post_files(screened, upload("receipt.pdf", png_bytes(), "application/pdf"))

    kept = PendingUpload.objects.get()
    assert kept.content_type == "image/png"
    assert kept.original.name.endswith(".png")


def test_the_viewing_copy_has_no_exif_or_location_but_the_original_is_untouched(screened):
    original = jpeg_bytes(gps=True)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif()

    post_files(screened, upload("photo.jpg", original))

    kept = PendingUpload.objects.get()
    assert read(kept.original) == original
    with Image.open(io.BytesIO(read(kept.viewing_copy))) as viewing:
        assert not viewing.getexif()
        assert "exif" not in viewing.info


def test_an_oversized_file_is_refused(screened):
    too_big = b"\xff\xd8\xff" + b"\0" * files.MAX_FILE_SIZE

    response = post_files(screened, upload("huge.jpg", too_big))

    assert "is larger than 10.0\xa0MB" in errors_on(response)
    assert not PendingUpload.objects.exists()


def test_a_decompression_bomb_is_refused(screened):
    response = post_files(screened, upload("bomb.png", png_claiming(30_000, 30_000), "image/png"))

    assert "has too many pixels to open safely" in errors_on(response)
    assert not PendingUpload.objects.exists()


def test_a_truncated_image_is_refused(screened):
    whole = jpeg_bytes(size=(400, 300))

    response = post_files(screened, upload("cut.jpg", whole[: len(whole) // 2]))

    assert "looks damaged or incomplete" in errors_on(response)
    assert not PendingUpload.objects.exists()


def test_too_many_files_are_refused_counting_those_already_added(screened):
    post_files(screened, *[upload(f"p{n}.jpg") for n in range(files.MAX_FILES - 1)])

    response = post_files(screened, upload("one-more.jpg"), upload("two-more.jpg"))

    assert f"You can add up to {files.MAX_FILES} files in all." in errors_on(response)
    assert PendingUpload.objects.count() == files.MAX_FILES - 1


def test_the_total_size_is_limited(screened, monkeypatch):
    monkeypatch.setattr(files, "MAX_TOTAL_SIZE", len(jpeg_bytes()) + 10)

    response = post_files(screened, upload("a.jpg"), upload("b.jpg"))

    assert "All files together must be under" in errors_on(response)
    assert not PendingUpload.objects.exists()


def test_the_limits_are_stated_on_the_form(screened):
    html = screened.get("/report/new/files/").content.decode()

    assert "JPEG, PNG, HEIC or PDF; up to 8 files, 10.0\xa0MB each, 30.0\xa0MB in all." in html


def test_a_resident_can_remove_a_file_they_added(screened):
    post_files(screened, upload("wrong.jpg"))
    kept = PendingUpload.objects.get()
    storage, name = kept.original.storage, kept.original.name

    response = screened.post("/report/new/files/", {"remove": kept.pk})

    assert response.status_code == 302
    assert not PendingUpload.objects.exists()
    assert not storage.exists(name)


def test_uploads_are_not_served_under_any_public_url(screened):
    post_files(screened, upload("photo.jpg"))
    kept = PendingUpload.objects.get()

    assert screened.get(f"/private-media/{kept.original.name}").status_code == 404
    assert screened.get(f"/media/{kept.original.name}").status_code == 404
