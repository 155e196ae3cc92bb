import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from harness.answers import ABOUT, EVERY_STEP, ITEMS, SCREENING_CLEAR, WHAT
from reporting.demo import load_demo_addresses


def jpeg_bytes(size=(64, 48), *, gps=False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    if gps:
        # GPS IFD with a latitude reference and value.
        exif[0x8825] = {1: "N", 2: (44.0, 58.0, 0.0)}
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif.tobytes())
    return output.getvalue()


def png_bytes(size=(32, 32)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (0, 90, 160)).save(output, "PNG")
    return output.getvalue()


def upload(name="photo.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, jpeg_bytes() if content is None else content, content_type=content_type)


@pytest.fixture
def screened(resident):
    """A resident who passed the screening and is on the first step of the form."""
    resident.post("/report/screening/", SCREENING_CLEAR)
    return resident


def fill_in_every_step(client, *, what=None, items=None, about=None, prefix=""):
    """Post every step of the form as a browser does; the client ends on the review page."""
    answers = {**EVERY_STEP, "what": what or WHAT, "items": items or ITEMS, "about": about or ABOUT}
    for step, data in answers.items():
        response = client.post(f"{prefix}/report/new/{step}/", {**data, "action": "next"})
        assert response.status_code == 302, response.content.decode()


@pytest.fixture
def ready_to_submit(screened):
    fill_in_every_step(screened)
    return screened


@pytest.fixture
def address_list(db):
    """The made-up address list of the demo data (reporting.demo), a few hundred points."""
    load_demo_addresses()
