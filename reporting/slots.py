"""Free times for a visit: cut from the weekly times staff publish for booked visits
(`Availability`), less each staff member's visits that hold their time and the times held for
residents finishing the report form (`VisitHold`), with the travel minutes kept around a home
visit (`WorkflowSettings`). Four queries whatever the number of visits."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import formats, timezone

from reporting.models import Availability, Site, Visit, VisitHold, WorkflowSettings

BOOKING_DAYS = 14
# A slot's place when it is the resident's home rather than a City site.
HOME = "home"


def place_of(site_id: int | None) -> str:
    """A place as a form's choice: a City site's id, or HOME."""
    return str(site_id or HOME)


@dataclass(frozen=True)
class Slot:
    """A free time at a place: a City site's id, or None for the resident's home."""

    day: date
    start: time
    end: time
    site_id: int | None
    staff_id: int

    @property
    def place(self) -> str:
        return place_of(self.site_id)

    @property
    def value(self) -> str:
        """The slot as a form's choice: place, day, start and staff member."""
        return f"{self.place}|{self.day.isoformat()}|{self.start:%H:%M}|{self.staff_id}"

    @classmethod
    def from_value(cls, value: str, minutes: int) -> "Slot":
        """The slot a form's choice names (ValueError when it names none)."""
        place, day, start, staff = value.split("|")
        begins = datetime.combine(date.fromisoformat(day), time.fromisoformat(start))
        return cls(
            begins.date(),
            begins.time(),
            (begins + timedelta(minutes=minutes)).time(),
            None if place == HOME else int(place),
            int(staff),
        )

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.day, self.start))

    def display(self) -> dict[str, str]:
        """Its day, start and end as the active language writes them, for a label's words."""
        return {
            "day": formats.date_format(self.day, "DATE_FORMAT"),
            "start": formats.time_format(self.start, "TIME_FORMAT"),
            "end": formats.time_format(self.end, "TIME_FORMAT"),
        }


def free_slots(
    *,
    sites: list[Site] | None = None,
    at_home: bool = True,
    first_day: date | None = None,
    days: int = BOOKING_DAYS,
    staff_id: int | None = None,
    draft_id: str = "",
    moving: Visit | None = None,
) -> list[Slot]:
    """Every free time, one per place and time (the staff member who has it first by id), from
        `first_day` (today by default: only times still to come) for `days` days, at the sites given
        (every listed one by default) and at home. The time of a visit being moved (`moving`) and the
    time held for the draft `draft_id` count as
        free, for the resident who holds it."""
    workflow = WorkflowSettings.current()
    length = timedelta(minutes=workflow.visit_minutes)
    travel = timedelta(minutes=workflow.travel_minutes)
    now = timezone.localtime()
    first_day = first_day or now.date()
    last_day = first_day + timedelta(days=days - 1)
    # A City site still a draft, or no longer active, offers no time.
    listed = Site.objects.listed()
    if sites is not None:
        listed = listed.filter(pk__in=[site.pk for site in sites])
    at_sites = Q(site__in=listed)
    places = Availability.objects.filter(
        at_sites | Q(site__isnull=True) if at_home else at_sites,
        kind=Availability.Kind.BOOKED,
        valid_from__lte=last_day,
    ).exclude(valid_until__lt=first_day)
    if staff_id is not None:
        places = places.filter(staff_id=staff_id)
    weekly = list(places.order_by("staff_id", "pk"))
    busy = _busy(
        {entry.staff_id for entry in weekly},
        first_day - timedelta(days=1),
        last_day + timedelta(days=1),
        travel,
        draft_id,
        moving.pk if moving else None,
    )
    free = {}
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        for entry in weekly:
            if entry.weekday != day.weekday() or not entry.valid_from <= day <= (entry.valid_until or day):
                continue
            begins = timezone.make_aware(datetime.combine(day, entry.starts))
            closes = timezone.make_aware(datetime.combine(day, entry.ends))
            while begins + length <= closes:
                key = (day, begins.time(), entry.site_id)
                margin = travel if entry.site_id is None else timedelta()
                if (
                    key not in free
                    and begins > now
                    and not _overlaps(busy.get(entry.staff_id, ()), begins - margin, begins + length + margin)
                ):
                    free[key] = Slot(
                        day, begins.time(), (begins + length).time(), entry.site_id, entry.staff_id
                    )
                begins += length
    # In time order; at one time, the resident's home (no site) before the sites.
    return sorted(free.values(), key=lambda slot: (slot.day, slot.start, slot.site_id or 0, slot.staff_id))


def _busy(
    staff_ids: set[int],
    first_day: date,
    last_day: date,
    travel: timedelta,
    draft_id: str,
    moving_id: int | None,
) -> dict[int, list]:
    """Each staff member's taken times, visits and other drafts' holds, a home visit's widened by
    the travel minutes."""
    busy = {}
    taken = ("staff_id", "date", "window_start", "window_end", "site_id")
    visits = (
        Visit.objects.filter(
            staff_id__in=staff_ids, date__range=(first_day, last_day), outcome__in=Visit.HOLDS_TIME
        )
        .exclude(pk=moving_id)
        .values_list(*taken)
    )
    holds = (
        VisitHold.objects.current()
        .filter(staff_id__in=staff_ids, date__range=(first_day, last_day))
        .exclude(draft_id=draft_id)
        .values_list(*taken)
    )
    for staff_id, day, start, end, site_id in [*visits, *holds]:
        margin = travel if site_id is None else timedelta()
        busy.setdefault(staff_id, []).append(
            (
                timezone.make_aware(datetime.combine(day, start)) - margin,
                timezone.make_aware(datetime.combine(day, end)) + margin,
            )
        )
    return busy


def _overlaps(periods, begins: datetime, ends: datetime) -> bool:
    return any(start < ends and begins < end for start, end in periods)


def at_place(site_id: int | None) -> dict:
    """`free_slots`' arguments for one place only: a City site, or home (None)."""
    return {"sites": [Site(pk=site_id)] if site_id else [], "at_home": site_id is None}


def is_free(slot: Slot, draft_id: str = "") -> bool:
    """Whether the slot's staff member still has its time free (read again before booking), the
    draft's own hold aside."""
    return slot in free_slots(
        **at_place(slot.site_id), first_day=slot.day, days=1, staff_id=slot.staff_id, draft_id=draft_id
    )


def nearest(slot: Slot, count: int = 3, draft_id: str = "") -> list[Slot]:
    """The free times at the slot's place closest to it, for one who just missed it."""
    others = free_slots(**at_place(slot.site_id), draft_id=draft_id)
    return sorted(others, key=lambda other: abs(other.starts_at - slot.starts_at))[:count]
