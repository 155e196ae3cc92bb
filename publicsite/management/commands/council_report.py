from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publicsite import council_report
from publicsite.forms import CouncilReportForm


class Command(BaseCommand):
    help = (
        "Write the report to the City Council for whole quarters that have ended, as a PDF: "
        "council_report --start 2026-01 --end 2026-06 --language so --output report.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="The first month, YYYY-MM (a quarter's first).")
        parser.add_argument("--end", required=True, help="The last month, YYYY-MM (a quarter's last).")
        parser.add_argument("--language", default="en", help="en, es, so or hmn (default en).")
        parser.add_argument("--output", required=True, type=Path, help="The PDF file to write.")

    def handle(self, *args, **options):
        form = CouncilReportForm(
            {"start": options["start"], "end": options["end"], "language": options["language"]}
        )
        if not form.is_valid():
            problems = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
            raise CommandError("; ".join(problems))
        months = form.month_range()
        content = council_report.build(months.start, months.end, form.cleaned_data["language"])
        try:
            options["output"].write_bytes(content)
        except OSError as error:
            raise CommandError(f"Could not write {options['output']}: {error.strerror}") from error
        self.stdout.write(f"Wrote {options['output']} ({len(content):,} bytes).")
