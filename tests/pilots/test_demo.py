import pytest
from django.core.management import call_command

from pilots.demo import METRICS, MONTHS, RACE_SHARES
from pilots.models import Metric, MetricValue

pytestmark = pytest.mark.django_db


def test_demo_metric_values_are_flagged_and_named_as_demo_data(settings, capsys):
    settings.DEBUG = True

    call_command("load_demo_metrics")
    call_command("load_demo_metrics")

    demo = Metric.objects.filter(is_demo=True)
    assert demo.exists()
    assert all("demo data" in metric.name for metric in demo)
    assert MetricValue.objects.exclude(metric__is_demo=True).count() == 0
    # Monthly totals for every metric, and a breakdown by race for one of them.
    assert MetricValue.objects.count() == MONTHS * (len(METRICS) + len(RACE_SHARES))
    assert "Demo metric values" in capsys.readouterr().out


def test_no_metric_values_exist_outside_development():
    assert not Metric.objects.exists()
    assert not MetricValue.objects.exists()
