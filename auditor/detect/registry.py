"""The detectors an audit runs, in order. New detectors are added here."""

from __future__ import annotations

from .base import Detector


def default_detectors() -> list[Detector]:
    from .coverage import CoverageDetector

    return [CoverageDetector()]
