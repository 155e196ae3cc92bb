"""What staff records: every time they see residents' data, for the audit of who saw what
(`AccessRecord`, one insert each), and the evidence they collect with its chain of custody."""

from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reporting import files
from reporting.models import AccessRecord, Attachment, CustodyTransfer, Evidence, HistoryEntry, Report
from reporting.services import steps


def record_view(report: Report, *, actor, kind: str = AccessRecord.Kind.REPORT_PAGE) -> AccessRecord:
    """Staff opened the report page (shown, whether or not an action on it worked) or its history."""
    return AccessRecord.objects.create(staff=actor, kind=kind, report=report)


def record_list_view(*, actor, kind: str, report_ids: list[int], search: str, filters: str) -> AccessRecord:
    """Staff looked at a page of the queue or of the report history: what they searched for,
    filtered by and which page, and the reports the page listed."""
    return AccessRecord.objects.create(
        staff=actor, kind=kind, report_ids=report_ids, search=search, filters=filters
    )


def record_figures_view(*, actor, filters: str) -> AccessRecord:
    """Staff saw the figures by one breakdown with no small count hidden: which one and when for."""
    return AccessRecord.objects.create(staff=actor, kind=AccessRecord.Kind.FIGURES, filters=filters)


def record_file_access(
    *, actor, attachment: Attachment | None = None, evidence: Evidence | None = None
) -> AccessRecord:
    """Staff opened a resident's file or a piece of evidence."""
    subject = attachment or evidence
    return AccessRecord.objects.create(
        staff=actor,
        kind=AccessRecord.Kind.FILE,
        report_id=subject.report_id,
        attachment=attachment,
        evidence=evidence,
    )


def log_evidence(
    report: Report,
    *,
    actor,
    kind: str,
    description: str,
    checked_file: files.CheckedFile | None = None,
    tag_number: str = "",
    storage_location: str = "",
    collected_at: datetime | None = None,
) -> Evidence:
    """Record evidence staff collected: a digital file (kept with its hash) or a tagged item."""
    evidence = Evidence(
        report=report,
        kind=kind,
        description=description,
        tag_number=tag_number,
        storage_location=storage_location,
        collected_by=actor,
        collected_at=collected_at or timezone.now(),
    )
    if checked_file is not None:
        evidence.sha256 = checked_file.sha256
        evidence.file.save(
            f"evidence.{files.EXTENSIONS[checked_file.content_type]}",
            ContentFile(checked_file.content),
            save=False,
        )
    try:
        with transaction.atomic():
            evidence.save()
            HistoryEntry.objects.create(
                report=report,
                kind=HistoryEntry.Kind.EVIDENCE,
                actor=actor,
                evidence=evidence,
                text=description,
            )
    except Exception:
        if evidence.file:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def transfer_custody(
    evidence: Evidence, *, actor, from_holder: str, to_holder: str, storage_location: str = "", when=None
) -> CustodyTransfer:
    """Add a link to a physical item's chain of custody."""
    with transaction.atomic():
        transfer = CustodyTransfer(
            evidence=evidence,
            from_holder=from_holder,
            to_holder=to_holder,
            storage_location=storage_location,
            transferred_at=when or timezone.now(),
            recorded_by=actor,
        )
        steps.save_or_refuse(
            transfer, "reporting_custodytransfer_after_collection", evidence.collected_later_message()
        )
        if storage_location:
            evidence.storage_location = storage_location
            evidence.save(update_fields=["storage_location"])
        HistoryEntry.objects.create(
            report_id=evidence.report_id,
            kind=HistoryEntry.Kind.CUSTODY,
            actor=actor,
            evidence=evidence,
            text=f"{from_holder} → {to_holder}",
        )
    return transfer
