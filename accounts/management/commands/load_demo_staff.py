from django.conf import settings

from accounts.demo import DEMO_PASSWORD, create_demo_staff, demo_code, demo_secret
from core.demo import DemoCommand


class Command(DemoCommand):
    help = "Load one demo staff account per role (idempotent; refuses to run unless DEBUG is on)."

    def load(self):
        accounts = create_demo_staff()
        admin_url = f"{settings.SITE_URL}/{settings.ADMIN_URL}"
        self.stdout.write(self.style.SUCCESS(f"\nThe site: {settings.SITE_URL}/"))
        self.stdout.write(f"Staff admin: {admin_url} (demo accounts, password '{DEMO_PASSWORD}'):")
        for username, role, _uri in accounts:
            self.stdout.write(f"  {username:<14} {role}")
        self.stdout.write(
            f"Second step: every demo account shares the authenticator secret {demo_secret()} "
            f"(time-based, 6 digits, 30 s). Add it to an app by hand or with these addresses:"
        )
        for _username, _role, uri in accounts:
            self.stdout.write(f"  {uri}")
        self.stdout.write(f"The code right now is {demo_code()}; a new one comes every 30 seconds.")
