"""Read a downloaded PDF back as text, as a person reading it would see the words."""

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """Every page's text, with runs of white space (line wraps, table cells) as one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
