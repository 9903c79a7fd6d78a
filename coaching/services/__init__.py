"""Coaching's write side. Other apps import from here, above all ``journal_analyze`` and, to let
users report their own AI outputs, ``register_flaggable_output`` / ``output_flag``."""

from .analysis import JournalAnalysis, journal_analyze
from .flags import FlaggableOutput, output_flag, register_flaggable_output

__all__ = [
    "FlaggableOutput",
    "JournalAnalysis",
    "journal_analyze",
    "output_flag",
    "register_flaggable_output",
]
