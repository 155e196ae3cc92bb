from core.demo import DemoCommand
from pilots.demo import load_demo_metrics


class Command(DemoCommand):
    help = "Load made-up metric values, flagged as demo data (idempotent; refuses to run unless DEBUG is on)."

    def load(self):
        self.stdout.write(f"Demo metric values (made-up, flagged as demo data): {load_demo_metrics()}")
