"""The WSGI entry point gunicorn serves (`gunicorn config.wsgi`).

CPython keeps each thread's Python frames in 16 KB chunks, and before the fix for CPython
issue gh-142183 (3.11, 3.12 and early 3.13) it frees a chunk as soon as the last frame in it
returns. A request whose calls keep crossing a chunk's edge therefore maps and unmaps 16 KB
dozens of times: about sixty pairs per request here, a tenth of a worker's time spent in the
kernel. `application` opens each request with one frame that asks for room it never uses, so
the interpreter starts a large chunk in which the whole request fits, and maps once per
request. `benchmarks/submit_reports.py` measures the difference: about ten milliseconds less
of a worker's time per complete report. On a Python with the fix it costs one chunk per
request and nothing more.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_application = get_wsgi_application()

# Slots of value stack reserved by `application`'s frame (8 bytes each): 128 KB, so the chunk
# it starts is 256 KB, and the request's own frames take the other half.
RESERVED_STACK_SLOTS = 16_000


def application(environ, start_response):
    return django_application(environ, start_response)


application.__code__ = application.__code__.replace(co_stacksize=RESERVED_STACK_SLOTS)
