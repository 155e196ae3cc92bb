"""The copy of an accepted report as a PDF: what the resident gives an insurer, and what staff print
for the counter or a visit. One layout for both, in the language the resident filed in, made of the
pieces in `reporting.pdf`."""

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reportlab.lib.units import inch
from reportlab.platypus import Spacer, Table

from reporting import corrections, pdf
from reporting.models import HistoryEntry, Report
from reporting.pdf import CITY, GRID, HEADING, LABEL, TITLE


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
    rows = [
        (_("Case number"), report.case_number),
        (_("Reference number"), report.reference),
        (_("Name"), report.full_name),
        (_("What happened"), report.get_kind_display()),
        (_("When"), pdf.when_it_happened(report)),
        (_("Where"), f"{report.address} ({report.get_place_type_display()})"),
        (_("Submitted"), pdf.moment(report.created_at)),
        (_("Accepted"), pdf.moment(_accepted_at(report))),
        (_("Status"), report.get_status_display()),
    ]
    if corrected:
        on = pdf.date(timezone.localtime(corrected[-1].corrected_at))
        rows.append((_("Corrections"), _("Corrected on %(date)s") % {"date": on}))
    return pdf.facts(rows)


def _corrections(corrected: list) -> list:
    """Each correction by staff, with what the report said before it and why."""
    if not corrected:
        return []
    header = [_("What"), _("Before"), _("Corrected to")]
    flowables = [pdf.text(_("Corrected by City staff"), HEADING)]
    for correction in corrected:
        on = pdf.date(timezone.localtime(correction.corrected_at))
        rows = [[change.what, change.before, change.after] for change in correction.changes]
        table = Table(
            [[pdf.text(cell, LABEL) for cell in header], *([pdf.text(cell) for cell in row] for row in rows)],
            colWidths=[2.1 * inch, 2.2 * inch, 2.2 * inch],
            repeatRows=1,
        )
        table.setStyle(GRID)
        why = f"{_('Corrected on %(date)s') % {'date': on}}. {_('Why:')} {correction.reason}"
        flowables += [pdf.text(why), table, Spacer(1, 6)]
    return flowables


def _document(report: Report) -> list:
    statement = []
    if report.false_report_acknowledged:
        statement = [
            pdf.text(_("When the report was made, the resident confirmed:")),
            pdf.text(f"“{Report.FALSE_REPORT_STATEMENT}”"),
        ]
    corrected = corrections.of_report(report)
    return [
        pdf.text(_("City of Minneapolis"), CITY),
        pdf.text(_("Copy of an accepted report of theft or property damage"), TITLE),
        _facts(report, corrected),
        pdf.text(_("Items"), HEADING),
        *pdf.items(report),
        pdf.text(capfirst(Report._meta.get_field("narrative").verbose_name), HEADING),
        pdf.text(report.narrative),
        *_corrections(corrected),
        Spacer(1, 12),
        *statement,
    ]


def report_pdf(report: Report) -> bytes:
    """The copy of an accepted report, as the bytes of a PDF, in the resident's language."""
    with translation.override(report.language):
        printed = pdf.moment(timezone.now())
        return pdf.build(
            _document(report),
            title=_("Report %(reference)s") % {"reference": report.reference},
            language=report.language,
            footer=lambda page: [
                report.reference,
                report.case_number,
                _("Printed %(date)s") % {"date": printed},
                _("Page %(page)s") % {"page": page},
            ],
        )


def copy_response(report: Report) -> HttpResponse:
    """The PDF as a download, never kept by a cache on the way."""
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
