"""Haru's safety layer: the crisis detector and the post-filter for every AI output.

    from coaching.safety import assess, filter_output, resources_for

Both are local and fast, hold no state, and never log text (only levels and categories).
"""

from .detector import assess
from .output_filter import filter_output
from .resources import resources_for
from .types import CATEGORIES, CrisisResource, FilteredOutput, SafetyAssessment

__all__ = [
    "CATEGORIES",
    "CrisisResource",
    "FilteredOutput",
    "SafetyAssessment",
    "assess",
    "filter_output",
    "resources_for",
]
