"""Fixtures for the real-editor tests (marker ``editors``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_support import FeatureDoc, server_command


@pytest.fixture
def server_cmd() -> list[str]:
    return server_command()


@pytest.fixture
def feature_doc(tmp_path: Path) -> FeatureDoc:
    return FeatureDoc(tmp_path / "project")
