from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting import retention


def ended(report) -> str:
    return timezone.localdate(report.ended_at).isoformat()


class Command(BaseCommand):
    help = (
        "Delete withdrawn and declined reports, and remove closed reports' contact details, once "
        "their retention periods have passed (run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say what would be done, change nothing")

    def handle(self, *args, dry_run=False, **options):
        due = retention.due()
        verb = "Would" if dry_run else "Did"
        for report in due.to_delete:
            self.stdout.write(
                f"{verb} delete {report.reference} ({report.status} {report.ended_at:%Y-%m-%d})"
            )
            if not dry_run:
                retention.delete_report(report)
        for report in due.kept_for_evidence:
            self.stdout.write(f"Kept {report.reference} ({report.status}): it holds evidence, staff decide")
        for report in due.to_anonymise:
            self.stdout.write(
                f"{verb} remove the contact details of {report.reference} (closed {ended(report)})"
            )
            if not dry_run:
                retention.anonymise_report(report)
        self.stdout.write(
            f"{verb} delete {len(due.to_delete)} report(s) and remove the contact details of "
            f"{len(due.to_anonymise)}; kept {len(due.kept_for_evidence)} holding evidence."
        )
