"""``--format github``: GitHub Actions workflow commands, which the Actions log shows as annotations on
the files."""
from __future__ import annotations

from ..findings import ERROR, INFO, WARNING
from ..paths import harmless
from . import emit
from .common import not_assessable, statistics_beside


def _escape_data(text: str) -> str:
    text = harmless(text)  # a workflow log is a terminal too
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(results) -> str:
    """GitHub Actions workflow commands, grouped per file; then a warning on each report whose tables could
    not be read (not assessable), which may have no finding to show it by."""
    out = []
    for result in results:
        if not result.findings:
            continue
        out.append(f"::group::{_escape_data(result.path)}\n")
        for f in result.findings:
            level = {ERROR: "error", WARNING: "warning", INFO: "notice"}[f.severity]
            props = (f"file={_escape_property(result.path)},line={f.line},col={f.column},endLine={f.end_line},"
                     f"endColumn={f.end_column},title={_escape_property(f.code + ' ' + f.rule)}")
            message = f"{f.place}：{f.message}" if f.place else f.message
            out.append(f"::{level} {props}::{_escape_data(message)}\n")
        out.append("::endgroup::\n")
    for path, why in not_assessable(results):  # no finding may say it: a file annotation that it was not assessed
        out.append(f"::warning file={_escape_property(path)},title={_escape_property('不可评估')}::"
                   f"{_escape_data('表格未能读取，不可评估：' + why)}\n")
    return "".join(out)


def write(run, options) -> None:
    text = github(run.files)
    statistics_beside(run.files, options)
    emit(text, options.output_file)
