"""The outputs: one module per format, and the registry every caller chooses from (the command line, and
a review service or a script that wants what the command writes).

A format is an ``Output``: its name, the module and function that write it, and what it needs from each
result besides the findings (``keep``: ``lines``, ``cells``, ``sha256``, ``rules``). A run is planned with
that ``keep`` (api.Task), so that a batch of thousands carries back no more than the output reads. A writer
is ``function(run, options)``: ``run`` is what the library API gave (api.Results: the files, the errors,
the notes), ``options`` an ``Options``; it writes to ``options.output_file`` or standard output. Writers
only format: every figure comes from the results.

A format's module is imported only when the format is used (``writer``), so that start-up pays for none
of the others: Rich only for ``human``, openpyxl only for ``xlsx``.

Adding a format is a module here with a ``write(run, options)`` function and one line in ``CHECK``. ``disclint
score`` writes through ``SCORE`` the same way (``write_score``: the run also carries the scorecard and scores).
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from typing import NamedTuple


class Output(NamedTuple):
    """A format, as the registry lists it."""

    name: str                       # as --format names it
    module: str                     # the module of this package that writes it
    function: str = "write"         # the writer in that module: function(run, options)
    keep: tuple[str, ...] = ()      # what each result must carry besides its findings (api.Task.keep)
    about: str = ""                 # what it is, in the command's help (Chinese)
    needs_file: bool = False        # it writes a file, never standard output: --output-file is required
    notes: bool = False             # it carries the run's notes itself; for the others they go to stderr
    progress: bool = False          # for a person at a terminal: a batch shows a progress bar while it runs


class Options(NamedTuple):
    """How to write, as the caller asks for it; every writer reads what concerns it."""

    output_file: str | None = None  # a file (a folder for a batch's review pages); None: standard output
    statistics: bool = False        # the count per rule besides the findings
    quiet: bool = False             # human: only the files with findings
    source: bool = True             # human: each finding's source line, or its row of the table
    base: str | None = None         # sarif: the folder the run is in, which paths are made relative to
    failing: tuple[str, ...] = ("error",)  # the severities that fail the run (--strict: warnings too)
    rules: tuple = ()               # the rule classes of the run's registry, in its order: what the outputs say
                                    # of a rule (its summary, SARIF's and JUnit's lists); the caller passes them


#: The formats of ``disclint check``, in the order the help lists them.
CHECK = {output.name: output for output in (
    Output("human", "human", keep=("lines", "cells"), about="供人阅读（默认）", notes=True, progress=True),
    Output("concise", "concise", about="每个问题一行：路径:行:列: 代码 [级别] 说明"),
    Output("json", "json", keep=("sha256",), about="数据约定中的 JSON 文档", notes=True),
    Output("sarif", "sarif", about="SARIF 2.1.0（GitHub 代码扫描）"),
    Output("github", "github", about="GitHub Actions 工作流命令"),
    Output("csv", "csv", about="每个问题一行（CSV）"),
    Output("xlsx", "xlsx", keep=("sha256",), about="每个问题一行的 Excel 工作簿（需 --output-file）", needs_file=True),
    Output("html", "html", keep=("lines", "cells"), about="审阅网页（检查多个文件时 --output-file 为目录）"),
    Output("junit", "junit", keep=("rules",), about="JUnit XML（GitLab、Jenkins 等持续集成系统读取）"),
)}

#: The formats of ``disclint extract``.
EXTRACT = {output.name: output for output in (
    Output("json", "json", "write_extract", about="每个文件一条记录（JSON）"),
    Output("csv", "csv", "write_extract", about="每个文件一行"),
    Output("long", "csv", "write_long", about="每个单元格一行（CSV）"),
    Output("xlsx", "xlsx", "write_extract", about="Excel 工作簿，另附代码表（需 --output-file）", needs_file=True),
)}

#: The formats of ``disclint score``: a scorecard's scores per report and for the batch (linter/scorecard.py).
SCORE = {output.name: output for output in (
    Output("human", "human", "write_score", about="供人阅读（默认）"),
    Output("json", "json", "write_score", about="每份报告的得分和各扣分项（JSON）"),
    Output("csv", "csv", "write_score", about="每份报告一行，每个扣分项一列"),
    Output("xlsx", "xlsx", "write_score", about="Excel 工作簿：得分表和扣分明细（需 --output-file）", needs_file=True),
    Output("html", "html", "write_score", keep=("lines", "cells"),
           about="审阅网页，索引中有得分（--output-file 为目录）"),
)}

#: ``disclint extract --codebook``: what each cell id means, written without a run (``run`` is None).
CODEBOOK = Output("codebook", "csv", "write_codebook")


def writer(output: Output) -> Callable:
    """The function that writes ``output``, its module imported now (and only now)."""
    return getattr(import_module(f"{__name__}.{output.module}"), output.function)


def emit(text: str, output_file: str | None) -> None:
    """Machine-read output, always UTF-8 (JSON and SARIF require it) whatever the terminal's encoding."""
    data = text.encode("utf-8", "replace")
    if output_file:
        with open(output_file, "wb") as handle:
            handle.write(data)
    elif hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:  # a stream of text only
        sys.stdout.write(text)
