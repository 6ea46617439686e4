"""Make ``tests.builders`` importable from the unit tests, whichever way pytest
was started (the repository root is not on sys.path by default)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
