"""The qualitative study the themes quote. It is not part of this repository:
tests read it from ../shared/study/ beside the checkout when it is there, and
skip, naming the folder, when it is not."""

from __future__ import annotations

from pathlib import Path

import pytest

STUDY_FOLDER = Path(__file__).resolve().parents[1].parent / "shared" / "study"
# The study-themes file, which quotes the study.
THEMES = Path(__file__).resolve().parents[1] / "questionnaires" / "themes" / "siscc-study.yaml"


def normalise(text: str) -> str:
    """Runs of white space made single spaces."""
    return " ".join(text.split())


def study_text() -> str:
    """The study's .txt files, joined, with runs of white space made single
    spaces. Skips the calling test when the folder is missing; fails when the
    folder is there but holds no text."""
    if not STUDY_FOLDER.is_dir():
        pytest.skip(f"the study is not beside this checkout: ../shared/study/ is missing ({STUDY_FOLDER})")
    files = sorted(STUDY_FOLDER.glob("*.txt"))
    if not files:
        pytest.fail(f"the study text is missing: expected .txt files in {STUDY_FOLDER}")
    return normalise("\n".join(f.read_text(encoding="utf-8") for f in files))
