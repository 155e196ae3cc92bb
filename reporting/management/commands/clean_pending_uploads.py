from datetime import timedelta

from django.core.management.base import BaseCommand

from reporting import ratelimit
from reporting.models import PendingUpload
from reporting.services import discard_pending_uploads


class Command(BaseCommand):
    help = "Delete files from report forms abandoned for a day, and expired rate-limit counters."

    def handle(self, *args, **options):
        removed = discard_pending_uploads(PendingUpload.objects.abandoned(timedelta(days=1)))
        pruned = ratelimit.prune()
        self.stdout.write(
            f"Removed {removed} abandoned upload(s) and {pruned} expired rate-limit counter(s)."
        )
