"""``--format concise``: one line per finding, ``path:line:col: CODE [severity] message``, as editors,
grep and tools read it."""
from __future__ import annotations

import re

from ..paths import harmless
from . import emit
from .common import not_assessable, statistics_beside, summary

_NUMBERED_PLACE = re.compile(r"^第(\d+)[段页]")


def concise_position(finding) -> str:
    """``line:column`` as tools parse it (``path:line:col:``), for every form: in a text or a web page its
    own; in a Word draft the paragraph (第12段 → 12:1), in a PDF the page (第3页 → 3:1); a Word table cell,
    which has neither, 1:1. The place itself then opens the message."""
    if finding.place is None:
        return f"{finding.line}:{finding.column}"
    numbered = _NUMBERED_PLACE.match(finding.place)
    return f"{numbered.group(1) if numbered else 1}:1"


def concise(results) -> str:
    """One line per finding, ``path:line:col: CODE [severity] message`` (a place without lines first in the
    message), then the total (as ``disclint check`` says it at the end of its human output) and a line for
    each report whose tables could not be read (不可评估：path（what was not checked）). A file name or
    a message that holds a newline or a control character shows it escaped: one finding, one line."""
    totals = summary(results)
    unassessed = not_assessable(results)
    return "".join(f"{harmless(r.path)}:{concise_position(f)}: {f.code} [{f.severity}] "
                   f"{harmless(f'{f.place}：{f.message}' if f.place else f.message)}\n"
                   for r in results for f in r.findings) \
        + f"检查了 {totals['files']} 个文件：{totals['errors']} 个错误，{totals['warnings']} 个警告" \
        + (f"；{len(unassessed)} 个文件的表格未能读取，不可评估" if unassessed else "") + "\n" \
        + "".join(f"不可评估：{harmless(path)}（{harmless(why)}）\n" for path, why in unassessed)


def write(run, options) -> None:
    text = concise(run.files)
    statistics_beside(run.files, options)
    emit(text, options.output_file)
