"""Shared helpers: lint a text, find the seed report beside the checkout, pick findings by code."""
from __future__ import annotations

from pathlib import Path

import pytest

from disclint.engine import lint_bytes

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_026ff46b06e7a98a.txt"


def lint_text(text: str, path: str = "report.txt", edition: str | None = None):
    return lint_bytes(path, text.encode("utf-8"), edition=edition)


def codes(result, severity: str | None = None) -> list[str]:
    return [f.code for f in result.findings if severity is None or f.severity == severity]


def only(result, code: str):
    return [f for f in result.findings if f.code == code]


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("the seed report (../shared/seeds) is not beside this checkout")
    return SEED.read_text(encoding="utf-8")
