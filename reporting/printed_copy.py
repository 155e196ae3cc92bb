"""The copy of an accepted report as a PDF: what the resident gives an insurer, and what staff print
for the counter or a visit. One layout for both, in the language the resident filed in.

Drawn with reportlab, which needs no system libraries. Its paragraphs read a little markup, so
everything the resident typed is escaped before it is laid out."""

import io
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reporting import corrections
from reporting.models import HistoryEntry, Report

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


def _text(value, style=TEXT) -> Paragraph:
    """A paragraph of plain text (what the resident typed, a translated string): escaped, with
    its line breaks kept."""
    return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _datetime(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _dollars(value) -> str:
    # As the status page shows amounts.
    return f"${floatformat(value, '2g')}"


def _accepted_at(report: Report):
    # The first acceptance in the history: `decided_at` is the decision that stands, which can be
    # a referral made after the report was accepted and then asked for more information.
    first = (
        report.history.filter(kind=HistoryEntry.Kind.STATUS, to_status=Report.Status.ACCEPTED)
        .values_list("created_at", flat=True)
        .first()
    )
    return first or report.decided_at


def _facts(report: Report, corrected: list) -> Table:
    when = _date(report.occurred_from)
    if report.occurred_to:
        when += f" \N{EN DASH} {_date(report.occurred_to)}"
    rows = [
        (_("Case number"), report.case_number),
        (_("Reference number"), report.reference),
        (_("Name"), report.full_name),
        (_("What happened"), report.get_kind_display()),
        (_("When"), when),
        (_("Where"), f"{report.address} ({report.get_place_type_display()})"),
        (_("Submitted"), _datetime(report.created_at)),
        (_("Accepted"), _datetime(_accepted_at(report))),
        (_("Status"), report.get_status_display()),
    ]
    if corrected:
        on = _date(timezone.localtime(corrected[-1].corrected_at))
        rows.append((_("Corrections"), _("Corrected on %(date)s") % {"date": on}))
    table = Table(
        [(_text(label, LABEL), _text(value)) for label, value in rows], colWidths=[1.8 * inch, 4.7 * inch]
    )
    table.setStyle(FACTS)
    return table


def _items(report: Report) -> list:
    items = list(report.items.all())
    if not items:
        return [_text(_("No items listed."))]
    header = [_("Item"), _("Brand and model"), _("Serial number"), _("How many"), _("Value")]
    rows = [
        [
            f"{item.description} ({item.get_kind_display()})",
            f"{item.brand} {item.model}".strip(),
            item.serial_number,
            str(item.quantity),
            "" if item.value is None else _dollars(item.total_value),
        ]
        for item in items
    ]
    total = [_("Total value"), "", "", "", _dollars(sum(item.total_value for item in items))]
    table = Table(
        [
            [_text(cell, LABEL) for cell in header],
            *([_text(cell) for cell in row] for row in rows),
            [_text(cell, LABEL) for cell in total],
        ],
        colWidths=[2.0 * inch, 1.2 * inch, 1.3 * inch, 0.95 * inch, 1.05 * inch],
        repeatRows=1,
    )
    table.setStyle(GRID)
    table.setStyle([("SPAN", (0, -1), (3, -1))])
    return [table]


def _corrections(corrected: list) -> list:
    """Each correction by staff, with what the report said before it and why."""
    if not corrected:
        return []
    header = [_("What"), _("Before"), _("Corrected to")]
    flowables = [_text(_("Corrected by City staff"), HEADING)]
    for correction in corrected:
        on = _date(timezone.localtime(correction.corrected_at))
        rows = [[change.what, change.before, change.after] for change in correction.changes]
        table = Table(
            [[_text(cell, LABEL) for cell in header], *([_text(cell) for cell in row] for row in rows)],
            colWidths=[2.1 * inch, 2.2 * inch, 2.2 * inch],
            repeatRows=1,
        )
        table.setStyle(GRID)
        why = f"{_('Corrected on %(date)s') % {'date': on}}. {_('Why:')} {correction.reason}"
        flowables += [_text(why), table, Spacer(1, 6)]
    return flowables


def _document(report: Report) -> list:
    statement = []
    if report.false_report_acknowledged:
        statement = [
            _text(_("When the report was made, the resident confirmed:")),
            _text(f"“{Report.FALSE_REPORT_STATEMENT}”"),
        ]
    corrected = corrections.of_report(report)
    return [
        _text(_("City of Minneapolis"), CITY),
        _text(_("Copy of an accepted report of theft or property damage"), TITLE),
        _facts(report, corrected),
        _text(_("Items"), HEADING),
        *_items(report),
        _text(capfirst(Report._meta.get_field("narrative").verbose_name), HEADING),
        _text(report.narrative),
        *_corrections(corrected),
        Spacer(1, 12),
        *statement,
    ]


def report_pdf(report: Report) -> bytes:
    """The copy of an accepted report, as the bytes of a PDF, in the resident's language."""
    with translation.override(report.language):
        printed = _datetime(timezone.now())

        def draw_footer(canvas, document):
            parts = [
                report.reference,
                report.case_number,
                _("Printed %(date)s") % {"date": printed},
                _("Page %(page)s") % {"page": document.page},
            ]
            canvas.setFont("Vera", 8)
            canvas.drawString(document.leftMargin, 0.5 * inch, " · ".join(parts))

        output = io.BytesIO()
        document = SimpleDocTemplate(
            output,
            pagesize=LETTER,
            title=_("Report %(reference)s") % {"reference": report.reference},
            author=_("City of Minneapolis"),
            lang=report.language,
        )
        document.build(_document(report), onFirstPage=draw_footer, onLaterPages=draw_footer)
    return output.getvalue()


def copy_response(report: Report) -> HttpResponse:
    """The PDF as a download, never kept by a cache on the way."""
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
