"""Checking residents' files: the type comes from the content, never the name.

Refused, with a message on the form saying why:
- anything that does not start as a JPEG, PNG, HEIC or PDF, whatever its name: HTML, SVG (with
  or without script), GIF (and GIF/JavaScript polyglots), ZIP, executables;
- files over the size, count or total limits;
- images that do not decode completely (truncated or damaged), and images with more than
  MAX_PIXELS pixels, judged from the header before anything is decompressed (decompression
  bombs);
- PDFs that can run or open something: JavaScript (/JS, /JavaScript), automatic or additional
  actions (/OpenAction, /AA), /Launch, embedded files, forms that submit or import data,
  rich media and XFA, including names spelt with #xx escapes or hidden in compressed object
  streams; PDFs whose object streams cannot be read to check them; and PDFs with HTML markup
  outside their stream data (a PDF/HTML polyglot; inside stream data, random compressed bytes
  would match too often, and the download headers below keep a browser from reading it as a page).

Neutralised:
- an image with something else appended (a ZIP, HTML or script after the picture) or with
  script text in its EXIF, XMP, comment or text chunks: the viewing copy is a fresh JPEG made
  from the decoded pixels only, so none of it survives there. The request decodes the picture
  fully to check it; the viewing copy is made afterwards by a background task
  (`make_viewing_copy`), so the resident does not wait for it;
- every original is kept byte for byte with its SHA-256 (it may be evidence), and is only ever
  sent to staff as a download (`Content-Disposition: attachment`, `nosniff`, a sandboxing
  Content-Security-Policy), never shown inline by the site.
"""

import hashlib
import io
import re
import warnings
import zlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from reporting.models import Attachment, PendingUpload, StoredFile

register_heif_opener()

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_TOTAL_SIZE = 30 * 1024 * 1024
MAX_FILES = 8
# What the largest phone cameras take (about 50 megapixels); decoding it needs about 150 MB.
MAX_PIXELS = 50_000_000
VIEWING_COPY_SIZE = (1600, 1600)

# ISO base media "ftyp" brands that mean a HEIF/HEIC still image.
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
EXTENSIONS = {
    StoredFile.ContentType.JPEG: "jpg",
    StoredFile.ContentType.PNG: "png",
    StoredFile.ContentType.HEIC: "heic",
    StoredFile.ContentType.PDF: "pdf",
}

# PDF names that make a viewer run code, act on opening, or open something else. A name ends
# at whitespace or a delimiter, so /JSON or /AAA do not match.
PDF_ACTIVE_NAME = re.compile(
    rb"/(?:JS|JavaScript|OpenAction|AA|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData)"
    rb"(?=[\s()<>\[\]{}/%]|$)"
)
# The long ones alone, looked for in stream data too: the short /JS or /AA turn up by chance in
# megabytes of compressed pictures (in about one 9 MB scan in ten), the long ones never do, and
# every JavaScript action names /JavaScript.
PDF_LONG_ACTIVE_NAME = re.compile(
    rb"/(?:JavaScript|OpenAction|Launch|EmbeddedFiles?|RichMedia|SubmitForm|ImportData)(?=[\s()<>\[\]{}/%]|$)"
)
# HTML a browser would run if it ever read the file as a web page.
PDF_HTML_MARKUP = re.compile(rb"<\s*(?:script|html|body|iframe|svg)[\s>/]", re.IGNORECASE)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM_START = re.compile(rb"stream\r?\n")
PDF_STREAM_DATA = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
# Bytes inflated while looking through object streams, so a PDF cannot be a bomb for the check.
PDF_MAX_INFLATED = 50 * 1024 * 1024


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
    if content_type == StoredFile.ContentType.PDF:
        _check_pdf(name, content)
    else:
        _check_image(name, content)
    return CheckedFile(
        name=name, content=content, content_type=content_type, sha256=hashlib.sha256(content).hexdigest()
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


def _check_pdf(name: str, content: bytes) -> None:
    active = FileRejected(
        _(
            "“%(name)s” is a PDF with scripts, actions or attached files, which we cannot accept. "
            "Print it to a new PDF, or send a photo of it instead."
        )
        % {"name": name}
    )
    outside_streams = PDF_STREAM_DATA.sub(b"stream endstream", content)
    if PDF_HTML_MARKUP.search(outside_streams):
        raise active
    if PDF_ACTIVE_NAME.search(_unescape_names(outside_streams)):
        raise active
    unescaped = _unescape_names(content)
    if PDF_LONG_ACTIVE_NAME.search(unescaped):
        raise active
    for data in _object_streams(name, content, hidden=unescaped.count(b"/ObjStm")):
        if PDF_ACTIVE_NAME.search(_unescape_names(data)):
            raise active


def _unescape_names(data: bytes) -> bytes:
    """A viewer reads /J#61vaScript as /JavaScript, so the check reads names that way too."""
    return PDF_NAME_ESCAPE.sub(lambda match: bytes.fromhex(match.group(1).decode()), data)


def _object_streams(name: str, content: bytes, *, hidden: int):
    """The inflated data of each object stream (objects compressed together, where an action's
    dictionary can hide), or FileRejected when one cannot be read; `hidden` is how many there
    are once escapes in names are read."""
    unreadable = FileRejected(
        _("“%(name)s” is a PDF we cannot check. Print it to a new PDF, or send a photo of it instead.")
        % {"name": name}
    )
    # Only a file made to dodge the check spells /ObjStm with escapes.
    if content.count(b"/ObjStm") != hidden:
        raise unreadable
    view, budget, position = memoryview(content), PDF_MAX_INFLATED, 0
    while (found := content.find(b"/ObjStm", position)) != -1:
        stream = PDF_STREAM_START.search(content, found)
        if stream is None:
            raise unreadable
        data = _inflate(view, stream.end(), budget)
        if data is None:
            raise unreadable
        budget -= len(data)
        position = stream.end()
        yield data


def _inflate(view: memoryview, start: int, budget: int) -> bytes | None:
    """The zlib stream starting at `start`, or None when it is not one, is cut short, or inflates
    to more than `budget` bytes. Fed in pieces, so what follows the stream is never copied."""
    inflater, parts = zlib.decompressobj(), []
    try:
        while not inflater.eof and start < len(view) and budget > 0:
            parts.append(inflater.decompress(view[start : start + 65536], budget))
            budget -= len(parts[-1])
            if inflater.unconsumed_tail:
                return None
            start += 65536
    except zlib.error:
        return None
    return b"".join(parts) if inflater.eof else None


def _check_image(name: str, content: bytes) -> None:
    """Decode the whole picture, so a damaged file or a decompression bomb is refused on the form."""
    damaged = FileRejected(_("“%(name)s” looks damaged or incomplete. Try saving it again.") % {"name": name})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                # The header gives the size before anything is decompressed.
                if image.width * image.height > MAX_PIXELS:
                    raise FileRejected(_("“%(name)s” has too many pixels to open safely.") % {"name": name})
                image.load()
    except FileRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FileRejected(_("“%(name)s” has too many pixels to open safely.") % {"name": name}) from None
    except Exception:
        # A hostile file can make a decoder fail in any way (struct, index, type errors as well
        # as OSError): whatever the failure, the resident is told the file is damaged.
        raise damaged from None


def viewing_copy(content: bytes) -> bytes:
    """A fresh JPEG of a checked picture, upright and at most VIEWING_COPY_SIZE, made from its
    pixels only: no EXIF, GPS or other metadata is carried over."""
    with Image.open(io.BytesIO(content)) as image:
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail(VIEWING_COPY_SIZE)
        # Pillow would copy a JPEG comment from the decoded image's info, so that goes too.
        pixels = upright.convert("RGB")
        pixels.info.clear()
        output = io.BytesIO()
        pixels.save(output, "JPEG", quality=85)
        return output.getvalue()


def store(checked: CheckedFile, stored_file: StoredFile) -> None:
    """Fill a StoredFile's fields from a checked upload and write its original (not yet saved);
    a picture's viewing copy comes later (`add_viewing_copy`)."""
    extension = EXTENSIONS[checked.content_type]
    stored_file.original_name = checked.name
    stored_file.sha256 = checked.sha256
    stored_file.content_type = checked.content_type
    stored_file.size = checked.size
    stored_file.original.save(f"original.{extension}", ContentFile(checked.content), save=False)


def add_viewing_copy(stored_file: StoredFile) -> bool:
    """Write the viewing copy of a stored picture that has none and record it on its row; False
    when there is nothing to do (a PDF, a copy made already) or the row is gone (the draft was
    submitted or abandoned meanwhile: then the copy written is deleted again)."""
    if stored_file.viewing_copy or stored_file.content_type == StoredFile.ContentType.PDF:
        return False
    with stored_file.original.open("rb") as original:
        copy = viewing_copy(original.read())
    stored_file.viewing_copy.save("viewing.jpg", ContentFile(copy), save=False)
    recorded = (
        type(stored_file)
        .objects.filter(pk=stored_file.pk, viewing_copy="")
        .update(viewing_copy=stored_file.viewing_copy.name)
    )
    if not recorded:
        stored_file.viewing_copy.storage.delete(stored_file.viewing_copy.name)
    return bool(recorded)


# The residents' files a viewing copy is made for, by the name a task gives them.
STORED_FILES = {"upload": PendingUpload, "attachment": Attachment}


@task()
def make_viewing_copy(kind: str, pk: int) -> bool:
    """Make the viewing copy of a resident's picture: a draft's upload or a report's file."""
    stored_file = STORED_FILES[kind].objects.filter(pk=pk).first()
    return stored_file is not None and add_viewing_copy(stored_file)
