"""Where the initiative or a program stands: its phases marked done, current or to come."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    phase: object
    state: str  # "complete", "current" or "upcoming"

    @property
    def is_current(self) -> bool:
        return self.state == "current"


def phase_steps(phases, today: datetime.date) -> list[Step]:
    """Each phase with its state on `today`, in date order.

    Phases may overlap by a month (a pilot starts before planning is formally over); the current
    phase is then the one that started last.
    """
    phases = sorted(phases, key=lambda phase: (phase.starts_on, phase.ends_on))
    under_way = [phase for phase in phases if phase.starts_on <= today <= phase.ends_on]
    current = under_way[-1] if under_way else None
    steps = []
    for phase in phases:
        if phase is current:
            state = "current"
        elif phase.ends_on < today or (current and phase.starts_on < current.starts_on):
            state = "complete"
        else:
            state = "upcoming"
        steps.append(Step(phase, state))
    return steps


def current_step(steps: list[Step]) -> Step | None:
    return next((step for step in steps if step.is_current), None)
