"""Resident reports of theft and property damage, and the City staff's work on them.

Workflows that change a report (submit, accept, refer, ...) live in `reporting.services`; the
models hold the data, the integrity rules the database can enforce, and small rules about one row.
"""

from reporting.models.addresses import AddressImport, AddressPoint
from reporting.models.booking import (
    CALENDAR_LINK_LIFETIME,
    HOLD_LIFETIME,
    CalendarLink,
    VisitHold,
    VisitHoldQuerySet,
)
from reporting.models.casework import (
    AccessRecord,
    AppendOnlyError,
    AppendOnlyModel,
    AppendOnlyQuerySet,
    Call,
    Correction,
    CustodyTransfer,
    Evidence,
    ExportRecord,
    HistoryEntry,
    Message,
    MessageTemplate,
    Reason,
    Visit,
    VisitQuerySet,
    evidence_upload_path,
)
from reporting.models.counters import RateLimit, ScreeningExit, WorkflowSettings
from reporting.models.follow_up import FollowUpFigures, refresh_follow_up
from reporting.models.handoffs import Handoff, HandoffAddress
from reporting.models.notices import PendingNotice
from reporting.models.pins import PinIssue, WrongPin
from reporting.models.records_export import RecordsExport, RecordsExportReport, records_file_path
from reporting.models.reports import (
    CASE_NUMBER_SEQUENCE,
    OLD_PIN_LENGTH,
    PIN_LENGTH,
    PIN_PATTERN,
    REFERENCE_SEQUENCE,
    AccessLink,
    Item,
    Report,
    ReportPin,
    ReportQuerySet,
    SingleUseLink,
    SingleUseLinkQuerySet,
    grouped_pin,
    hash_token,
    new_pin,
    next_in_sequence,
    random_reference_part,
)
from reporting.models.retention import ReportFigures, RetiredReport
from reporting.models.sites import Availability, Site, SiteQuerySet
from reporting.models.uploads import (
    Attachment,
    PendingUpload,
    PendingUploadQuerySet,
    StoredFile,
    original_upload_path,
    viewing_copy_path,
)

__all__ = [
    "CALENDAR_LINK_LIFETIME",
    "CASE_NUMBER_SEQUENCE",
    "HOLD_LIFETIME",
    "OLD_PIN_LENGTH",
    "PIN_LENGTH",
    "PIN_PATTERN",
    "REFERENCE_SEQUENCE",
    "AccessLink",
    "AccessRecord",
    "AddressImport",
    "AddressPoint",
    "AppendOnlyError",
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "Attachment",
    "Availability",
    "CalendarLink",
    "Call",
    "Correction",
    "CustodyTransfer",
    "Evidence",
    "ExportRecord",
    "FollowUpFigures",
    "Handoff",
    "HandoffAddress",
    "HistoryEntry",
    "Item",
    "Message",
    "MessageTemplate",
    "PendingNotice",
    "PendingUpload",
    "PendingUploadQuerySet",
    "PinIssue",
    "RateLimit",
    "Reason",
    "RecordsExport",
    "RecordsExportReport",
    "Report",
    "ReportFigures",
    "ReportPin",
    "ReportQuerySet",
    "RetiredReport",
    "ScreeningExit",
    "SingleUseLink",
    "SingleUseLinkQuerySet",
    "Site",
    "SiteQuerySet",
    "StoredFile",
    "Visit",
    "VisitHold",
    "VisitHoldQuerySet",
    "VisitQuerySet",
    "WorkflowSettings",
    "WrongPin",
    "evidence_upload_path",
    "grouped_pin",
    "hash_token",
    "new_pin",
    "next_in_sequence",
    "original_upload_path",
    "random_reference_part",
    "records_file_path",
    "refresh_follow_up",
    "viewing_copy_path",
]
