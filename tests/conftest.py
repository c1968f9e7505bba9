from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
REPO = TESTS.parent
CORPUS = REPO.parent / "shared" / "corpus" / "xen"

sys.path.insert(0, str(TESTS))


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus (../shared/corpus/xen) is not present")
    return CORPUS
