import datetime

from django.core.management.base import BaseCommand

from pilots.services import discard_import_previews


class Command(BaseCommand):
    help = "Delete spreadsheet import previews that were not confirmed within two hours."

    def handle(self, *args, **options):
        removed = discard_import_previews(datetime.timedelta(hours=2))
        self.stdout.write(f"Removed {removed} unconfirmed import preview(s).")
