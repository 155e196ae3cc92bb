import pytest

from reporting import services
from tests.factories import make_report


@pytest.fixture
def report(db):
    report, _token = make_report(
        items=[
            {"kind": "bicycle", "description": "Blue bike", "serial_number": "WTU123", "value": 450},
            {"kind": "tools", "description": "Drill", "quantity": 2, "value": 75},
        ]
    )
    return report


@pytest.fixture
def accepted(report, report_taker):
    return services.accept(report, actor=report_taker.user)
