"""The detectors an audit runs, in order. New detectors are added here."""

from __future__ import annotations

from .base import Detector


def default_detectors() -> list[Detector]:
    from .artefacts import ArtefactsDetector
    from .boilerplate import BoilerplateDetector
    from .coverage import CoverageDetector
    from .crosslingual import CrossLingualDetector
    from .labels import LabelsDetector
    from .numbers import NumbersDetector
    from .polarity import PolarityDetector
    from .quotes import QuotesDetector
    from .roles import RolesDetector
    from .spelling import SpellingDetector
    from .spinner import SpinnerDetector

    return [
        CoverageDetector(),
        QuotesDetector(),
        NumbersDetector(),
        RolesDetector(),
        PolarityDetector(),
        CrossLingualDetector(),
        SpellingDetector(),
        LabelsDetector(),
        ArtefactsDetector(),
        SpinnerDetector(),
        BoilerplateDetector(),
    ]
