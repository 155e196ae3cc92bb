"""Checking residents' files: the type comes from the content, never the name; images are
decoded fully (catching truncation and decompression bombs) and re-encoded into a viewing copy
that carries no EXIF or location data. The original is kept byte for byte with its SHA-256."""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from reporting.models import StoredFile

register_heif_opener()

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_TOTAL_SIZE = 30 * 1024 * 1024
MAX_FILES = 8
# Far above any phone camera (about 50 megapixels), far below what would exhaust memory.
MAX_PIXELS = 80_000_000
VIEWING_COPY_SIZE = (1600, 1600)

# ISO base media "ftyp" brands that mean a HEIF/HEIC still image.
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
EXTENSIONS = {
    StoredFile.ContentType.JPEG: "jpg",
    StoredFile.ContentType.PNG: "png",
    StoredFile.ContentType.HEIC: "heic",
    StoredFile.ContentType.PDF: "pdf",
}


class FileRejected(Exception):
    """An upload we will not keep; the message tells the resident why, in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str
    viewing_copy: bytes | None

    @property
    def size(self) -> int:
        return len(self.content)


def sniff_content_type(head: bytes) -> str | None:
    """The file's real type from its first bytes, or None when it is not one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return StoredFile.ContentType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return StoredFile.ContentType.PNG
    if head.startswith(b"%PDF-"):
        return StoredFile.ContentType.PDF
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return StoredFile.ContentType.HEIC
    return None


def limits_text() -> str:
    return _("JPEG, PNG, HEIC or PDF; up to %(count)s files, %(each)s each, %(total)s in all.") % {
        "count": MAX_FILES,
        "each": filesizeformat(MAX_FILE_SIZE),
        "total": filesizeformat(MAX_TOTAL_SIZE),
    }


def check_upload(upload) -> CheckedFile:
    """Read and check one uploaded file, or raise FileRejected with the reason."""
    name = upload.name[-200:]
    if upload.size > MAX_FILE_SIZE:
        raise FileRejected(
            _("“%(name)s” is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(MAX_FILE_SIZE)}
        )
    content = upload.read()
    content_type = sniff_content_type(content[:16])
    if content_type is None:
        raise FileRejected(
            _("“%(name)s” is not a JPEG, PNG, HEIC or PDF file, whatever its name says.") % {"name": name}
        )
    viewing_copy = None if content_type == StoredFile.ContentType.PDF else _viewing_copy(name, content)
    return CheckedFile(
        name=name,
        content=content,
        content_type=content_type,
        sha256=hashlib.sha256(content).hexdigest(),
        viewing_copy=viewing_copy,
    )


def check_uploads(uploads, *, already_count: int = 0, already_size: int = 0) -> list[CheckedFile]:
    """Check a batch against the per-file, count and total limits (counting files kept earlier)."""
    if already_count + len(uploads) > MAX_FILES:
        raise FileRejected(_("You can add up to %(count)s files in all.") % {"count": MAX_FILES})
    checked = [check_upload(upload) for upload in uploads]
    if already_size + sum(file.size for file in checked) > MAX_TOTAL_SIZE:
        raise FileRejected(
            _("All files together must be under %(limit)s.") % {"limit": filesizeformat(MAX_TOTAL_SIZE)}
        )
    return checked


def _viewing_copy(name: str, content: bytes) -> bytes:
    damaged = FileRejected(_("“%(name)s” looks damaged or incomplete. Try saving it again.") % {"name": name})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                # The header gives the size before anything is decompressed.
                if image.width * image.height > MAX_PIXELS:
                    raise FileRejected(_("“%(name)s” has too many pixels to open safely.") % {"name": name})
                image.load()
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail(VIEWING_COPY_SIZE)
                output = io.BytesIO()
                # A fresh JPEG from the pixels only: no EXIF, GPS or other metadata is carried over.
                upright.convert("RGB").save(output, "JPEG", quality=85)
                return output.getvalue()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FileRejected(_("“%(name)s” has too many pixels to open safely.") % {"name": name}) from None
    except (OSError, SyntaxError, ValueError):
        raise damaged from None


def store(checked: CheckedFile, stored_file: StoredFile) -> None:
    """Fill a StoredFile's fields from a checked upload and write its files (not yet saved)."""
    extension = EXTENSIONS[checked.content_type]
    stored_file.original_name = checked.name
    stored_file.sha256 = checked.sha256
    stored_file.content_type = checked.content_type
    stored_file.size = checked.size
    stored_file.original.save(f"original.{extension}", ContentFile(checked.content), save=False)
    if checked.viewing_copy is not None:
        stored_file.viewing_copy.save("viewing.jpg", ContentFile(checked.viewing_copy), save=False)
