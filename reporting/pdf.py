"""The layout of the PDFs made from a report: the resident's copy (`reporting.printed_copy`) and the
packet passed on to another agency (`reporting.handoffs`). Each is a list of flowables built from
these pieces, on letter paper with the same footer on every page.

Drawn with reportlab, which needs no system libraries. Its paragraphs read a little markup, so
everything the resident typed is escaped before it is laid out."""

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from reporting.models import Report, total_of

# Bitstream Vera ships inside reportlab and is embedded in each file, so every PDF reader shows
# the same letters, accents included.
pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
pdfmetrics.registerFont(TTFont("Vera-Bold", "VeraBd.ttf"))

TEXT = ParagraphStyle("text", fontName="Vera", fontSize=10, leading=14)
LABEL = ParagraphStyle("label", parent=TEXT, fontName="Vera-Bold")
CITY = ParagraphStyle("city", parent=TEXT, fontName="Vera-Bold", fontSize=16, leading=20)
TITLE = ParagraphStyle("title", parent=TEXT, fontName="Vera-Bold", fontSize=14, leading=18, spaceAfter=10)
HEADING = ParagraphStyle(
    "heading", parent=TEXT, fontName="Vera-Bold", fontSize=12, leading=16, spaceBefore=12, spaceAfter=4
)
GRID = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
    ]
)
FACTS = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey)])


def text(value, style=TEXT) -> Paragraph:
    """A paragraph of plain text (what the resident typed, a translated string): escaped, with
    its line breaks kept."""
    return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)


def date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def moment(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def dollars(value) -> str:
    # As the status page shows amounts.
    return f"${floatformat(value, '2g')}"


def when_it_happened(report: Report) -> str:
    when = date(report.occurred_from)
    if report.occurred_to:
        when += f" \N{EN DASH} {date(report.occurred_to)}"
    return when


def facts(rows: list[tuple[str, str]]) -> Table:
    """Labels and values, one pair a line."""
    table = Table(
        [(text(label, LABEL), text(value)) for label, value in rows], colWidths=[1.8 * inch, 4.7 * inch]
    )
    table.setStyle(FACTS)
    return table


def items(report: Report) -> list:
    """The report's items with their total value, or a line saying there are none."""
    listed = list(report.items.all())
    if not listed:
        return [text(_("No items listed."))]
    header = [_("Item"), _("Brand and model"), _("Serial number"), _("How many"), _("Value")]
    rows = [
        [
            f"{item.description} ({item.get_kind_display()})",
            f"{item.brand} {item.model}".strip(),
            item.serial_number,
            str(item.quantity),
            "" if item.value is None else dollars(item.total_value),
        ]
        for item in listed
    ]
    total = total_of(listed)
    footer = (
        []
        if total is None
        else [[text(cell, LABEL) for cell in (_("Total value"), "", "", "", dollars(total))]]
    )
    table = Table(
        [[text(cell, LABEL) for cell in header], *([text(cell) for cell in row] for row in rows), *footer],
        colWidths=[2.0 * inch, 1.2 * inch, 1.3 * inch, 0.95 * inch, 1.05 * inch],
        repeatRows=1,
    )
    table.setStyle(GRID)
    if footer:
        table.setStyle([("SPAN", (0, -1), (3, -1))])
    return [table]


def build(flowables: list, *, title: str, language: str, footer: Callable[[int], list[str]]) -> bytes:
    """The flowables as the bytes of a PDF; `footer` gives the parts of a page's footer line from
    its number. Call it in the language of the document."""

    def draw_footer(canvas, document):
        canvas.setFont("Vera", 8)
        canvas.drawString(document.leftMargin, 0.5 * inch, " · ".join(footer(document.page)))

    output = io.BytesIO()
    document = SimpleDocTemplate(
        output, pagesize=LETTER, title=title, author=_("City of Minneapolis"), lang=language
    )
    document.build(flowables, onFirstPage=draw_footer, onLaterPages=draw_footer)
    return output.getvalue()
