"""``--format json``: the data contract's documents (docs/data-contract.md): a check (§3) and an
extraction (§4)."""
from __future__ import annotations

import json

from . import emit
from .common import TOOL, about, extract_record, rule_counts, summary


def check_json(results, run=None, statistics: bool = False) -> str:
    """The check document (contract §3); with the run (api.Results), its series, notes, excluded files and
    the files that could not be opened (added); with ``statistics``, the count per rule (added)."""
    def entry(r) -> dict:
        out = {"path": r.path, "edition": r.edition, "report_year": r.report_year,
               "findings": [f.to_json() for f in r.findings], **about(r)}
        if r.previous is not None:
            out["previous"] = {"path": r.previous[0], "report_year": r.previous[1]}
        return out

    document = {"tool": TOOL, "files": [entry(r) for r in results], "summary": summary(results, run)}
    if run is not None:
        if run.series or run.notes:
            document["series"] = [s.to_json() for s in run.series]
            document["notes"] = list(run.notes)
        if run.excluded:
            document["excluded"] = list(run.excluded)
        if run.errors:
            document["errors"] = list(run.errors)
    if statistics:
        document["statistics"] = rule_counts(results)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def score_json(run) -> str:
    """The scores of a run (``disclint score``): the card, an entry per report (and per missing report), the
    batch's figures; the run's notes and errors as in a check."""
    from ..scorecard import summary as figures

    card = run.scorecard
    document = {"tool": TOOL,
                "scorecard": {"name": card.name, "path": card.path, "total": card.total,
                              "items": [{"id": i.id, "name": i.name, "deduct": i.deduct, "cap": i.cap} for i in card.items]},
                "scores": run.scores, "summary": figures(run.scores)}
    if run.notes:
        document["notes"] = list(run.notes)
    if run.errors:
        document["errors"] = list(run.errors)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_score(run, options) -> None:
    emit(score_json(run), options.output_file)


def extract_json(results) -> str:
    return json.dumps({"tool": TOOL, "files": [extract_record(r) for r in results]}, ensure_ascii=False, indent=2) + "\n"


def write(run, options) -> None:
    emit(check_json(run.files, run, options.statistics), options.output_file)


def write_extract(run, options) -> None:
    emit(extract_json(run.files), options.output_file)
