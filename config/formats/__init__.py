"""Date and number formats for the languages Django has no locale data for (FORMAT_MODULE_PATH).

Django looks here first and falls back to its own modules, so Spanish keeps Django's. Month and
weekday names come from the project catalogs (locale/), which carry Django's own msgids.
"""
