"""The staff side of reporting in the admin: the queue (`queue`), the report page with its
actions (`report_page`, `actions`), availability and the schedule of visits (`schedule`), PINs
for residents without email (`pin_pages`), the City's address list and its imports
(`address_list`), the wards' shapes (`ward_shapes`), and the lists Supervisors keep and the
records only our code writes (`lists`). Importing this package registers them all with the admin site."""

from reporting.admin import address_list, lists, pin_pages, report_page, schedule, ward_shapes

__all__ = ["address_list", "lists", "pin_pages", "report_page", "schedule", "ward_shapes"]
