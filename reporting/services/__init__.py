"""Workflows on reports. Each runs in one transaction, locks the report it changes, writes the
history, and queues the resident's email or text (in their language) and the report takers'
notice in that same transaction, so the worker sends them only once it commits.

The workflows are grouped by who does them (`resident`, `staff`), the follow-up staff give
(`follow_up`: visits and calls), what staff records (`records`: access, evidence, custody) and
the scheduled `jobs`, all made of the same `steps`;
callers use them from here, as `services.accept(...)`."""

from reporting.errors import InvalidTransition, NotPermitted, ReportingError, StorageUnavailable
from reporting.services.follow_up import (
    SlotTaken,
    book_slot,
    cancel_visit,
    hold_slot,
    move_visit,
    record_call,
    record_visit,
    release_hold,
    schedule_visit,
)
from reporting.services.jobs import clean_expired_drafts, close_overdue_info_requests, send_visit_reminders
from reporting.services.records import (
    log_evidence,
    record_figures_view,
    record_file_access,
    record_list_view,
    record_view,
    transfer_custody,
)
from reporting.services.resident import (
    add_pending_upload,
    add_supplement,
    answer_info_request,
    discard_pending_uploads,
    find_access_link,
    find_calendar_link,
    prune_access_links,
    record_resident_copy,
    send_access_link,
    submit_report,
    use_access_link,
    use_calendar_link,
    withdraw,
)
from reporting.services.staff import (
    accept,
    add_note,
    assign,
    close,
    correct_report,
    decline,
    info_request_deadline,
    match_address,
    refer,
    reopen,
    request_info,
    send_message,
)

__all__ = [
    "InvalidTransition",
    "NotPermitted",
    "ReportingError",
    "SlotTaken",
    "StorageUnavailable",
    "accept",
    "add_note",
    "add_pending_upload",
    "add_supplement",
    "answer_info_request",
    "assign",
    "book_slot",
    "cancel_visit",
    "clean_expired_drafts",
    "close",
    "close_overdue_info_requests",
    "correct_report",
    "decline",
    "discard_pending_uploads",
    "find_access_link",
    "find_calendar_link",
    "hold_slot",
    "info_request_deadline",
    "log_evidence",
    "match_address",
    "move_visit",
    "prune_access_links",
    "record_call",
    "record_figures_view",
    "record_file_access",
    "record_list_view",
    "record_resident_copy",
    "record_view",
    "record_visit",
    "refer",
    "release_hold",
    "reopen",
    "request_info",
    "schedule_visit",
    "send_access_link",
    "send_message",
    "send_visit_reminders",
    "submit_report",
    "transfer_custody",
    "use_access_link",
    "use_calendar_link",
    "withdraw",
]
