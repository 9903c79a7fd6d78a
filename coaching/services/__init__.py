"""Coaching's write side. Other apps import from here, above all ``journal_analyze``."""

from .analysis import JournalAnalysis, journal_analyze

__all__ = ["JournalAnalysis", "journal_analyze"]
