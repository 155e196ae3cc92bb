"""Pilot programs and what the public reads about them (`programs`), and their evaluation:
measures with baselines and targets, progress updates and recommendations (`evaluation`)."""

from pilots.models.evaluation import (
    Measure,
    MeasureQuerySet,
    ProgressUpdate,
    Recommendation,
    ReviewRefused,
    Status,
)
from pilots.models.programs import (
    Benefit,
    CouncilUpdate,
    DatePrecision,
    Goal,
    Metric,
    MetricQuerySet,
    MetricValue,
    MetricValueQuerySet,
    Milestone,
    Partner,
    Phase,
    PhaseQuerySet,
    Program,
    ProgramPoint,
    StatusChange,
    validate_pdf,
)

__all__ = [
    "Benefit",
    "CouncilUpdate",
    "DatePrecision",
    "Goal",
    "Measure",
    "MeasureQuerySet",
    "Metric",
    "MetricQuerySet",
    "MetricValue",
    "MetricValueQuerySet",
    "Milestone",
    "Partner",
    "Phase",
    "PhaseQuerySet",
    "Program",
    "ProgramPoint",
    "ProgressUpdate",
    "Recommendation",
    "ReviewRefused",
    "Status",
    "StatusChange",
    "validate_pdf",
]
