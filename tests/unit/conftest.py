"""Make ``tests.builders`` importable from the unit tests, whichever way pytest
was started (the repository root is not on sys.path by default), and the
fixtures the content tests share: the study-themes file and the study."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


import pytest  # noqa: E402 -- after the path is set
import yaml  # noqa: E402

from tests.study import THEMES, study_text  # noqa: E402


@pytest.fixture(scope="module")
def themes_data():
    """The study-themes file as plain data."""
    return yaml.safe_load(THEMES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def study():
    """The study's text, white space made single (skips without ../shared/study/)."""
    return study_text()
