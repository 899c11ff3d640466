"""A short run of the fuzz target (tests/fuzz.py): mutated real-style reports in every form keep every
promise. Derandomised, so that a run of the suite is repeatable; the long mode explores afresh."""
from __future__ import annotations

from pathlib import Path

from fuzz import FORMS, cases, check, cli_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

QUICK = {"deadline": None, "derandomize": True, "database": None, "suppress_health_check": list(HealthCheck)}


@settings(max_examples=300, **QUICK)
@given(cases())
def test_mutated_reports_in_every_form_keep_every_promise(case):
    check(*case)


@settings(max_examples=3, **QUICK)
@given(st.lists(cases(forms=tuple(f for f in FORMS if f != "pdf")), min_size=2, max_size=4))
def test_the_command_line_on_folders_of_mutated_reports(tmp_path_factory, files):
    cli_case(Path(tmp_path_factory.mktemp("fuzz")), files)
