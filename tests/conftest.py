"""Shared helpers: lint a text, run the command line, find the seed report beside the checkout, pick findings by
code; a report with known defects."""
from __future__ import annotations

from pathlib import Path

import pytest

from disclint.api import lint_bytes
from disclint.cli import main
from disclint.synth import generate

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


def run(capsys, *args):
    """``disclint ARGS`` in this process: (exit code, standard output, standard error)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def broken(tmp_path) -> Path:
    """A report whose table 三 breaks two equations (errors) and whose 五 heading is a variant (a warning)."""
    text = generate(seed=2, busy=False, overrides={"s3.new.natural": "1", "s3.r1.total": "3"}).text
    path = tmp_path / "broken.txt"
    path.write_text(text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施"), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One ``disclint serve`` for the session's service tests (API and browser), started when first asked for."""
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    from servers import Server

    running = Server(str(tmp_path_factory.mktemp("serve-data")), "--workers", "2", "--max-files", "20").start()
    yield running
    running.stop()
