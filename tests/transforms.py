"""The copies real reports arrive as, made from any report's text: the one place the tests make them
(tests/test_invariants.py asserts what must hold of every copy; tests/fuzz.py mutates them further).

Every transform takes the text of a report in the forms disclint reads as text (one cell a line, or rows
written ``a | b | c |``, as the readers give the lines of a page, a Word draft or a PDF) and is general: it
knows what a row, a label and a number are, never a word of one report. Those that draw (where to cut, which
labels to wrap) take a ``random.Random``, so that a test names its copy by a seed.

Copies that keep every cell: ``as_pipes``, ``as_tabs``, ``as_markdown`` and the files of ``in_form`` (a web
page, a Word draft, a PDF). Copies that lose or blur something, as copy tools do: ``run_together`` (a crawler),
``cut`` (an excerpt or a truncated download), ``drop_repeated`` (a tool that keeps each line once),
``wrap_labels`` (long labels over two lines).
"""
from __future__ import annotations

import random
import re

from disclint.numbers import parse_cell

#: The forms ``in_form`` writes a report in (file name, bytes).
FORMS = ("pipes", "html", "docx", "pdf")


_RULE = re.compile(r"^:?-{3,}:?$")


def is_row(line: str) -> bool:
    """A table row written with pipes (``a | b | c |``)."""
    return line.rstrip().endswith("|")


def row_cells(line: str) -> list[str]:
    """The cells of a pipe row as disclint reads them (linter/lexer.py): stripped, a blank cell between two
    others an empty string, blanks before the first cell and after the last none (``| a | b | ||`` is a, b)."""
    cells = [c.strip() for c in line.split("|")]
    while cells and not cells[-1]:
        cells.pop()
    while cells and not cells[0]:
        cells.pop(0)
    return cells


def is_number(line: str) -> bool:
    """A line that is one value of a table (``12``, ``3.5万元``, ``-2``), as disclint reads a cell."""
    return parse_cell(line.strip()) is not None


def as_pipes(text: str) -> str:
    """Rows written with pipes: a line of text followed by numbers (one cell a line) becomes ``text | 1 | 2 |``
    (the numbers of table 四, which follow its header, take the header's last cell along: the cells stay in
    their order); blank lines between cells go; rows already written with pipes are written as ``a | b |`` with
    the cells disclint reads in them (so that a page, a Word draft or a PDF made from them holds the same
    cells); the rest stays as it is."""
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        line = lines[k].strip()
        values, j = [], k + 1
        while j < len(lines):
            if lines[j].strip() and not is_number(lines[j]):
                break
            if lines[j].strip():
                values.append(lines[j].strip())
            j += 1
        if is_row(line):  # a line of pipes alone (``||``) or Markdown's rule (``|---|---|``) holds no cell
            cells = row_cells(line)
            out.append("" if all(_RULE.match(c) for c in cells) else " | ".join(cells) + " |")
        elif line and values:
            out.append(" | ".join([line, *values]) + " |")
            k = j
            continue
        else:
            out.append(lines[k])
        k += 1
    return "\n".join(out)


def as_tabs(text: str) -> str:
    """Rows with the cells separated by tabs instead of pipes, as a spreadsheet copies them."""
    return "\n".join(line.rstrip(" |").replace(" | ", "\t") if is_row(line) else line for line in text.split("\n"))


def as_markdown(text: str) -> str:
    """Rows as Markdown writes them, ``| a | b |``, with a rule under each table's first row."""
    out, inside = [], False
    for line in text.split("\n"):
        row = is_row(line)
        out.append("| " + line if row else line)
        if row and not inside:
            out.append("|" + "---|" * line.count("|"))
        inside = row
    return "\n".join(out)


def in_form(form: str, pipes: str) -> tuple[str, bytes]:
    """A report whose rows are written with pipes (a generated one, or ``as_pipes`` of any) as a file of ``form``
    (one of FORMS), (file name, bytes): ``pipes`` as it is; ``html`` a web page (a <table> per run of rows, a <p>
    per paragraph: synth's page); ``docx`` a Word draft and ``pdf`` an exported PDF (tests/documents.py)."""
    from documents import as_docx, as_pdf

    from disclint.synth import _as_html

    if form == "pipes":
        return "r.md", pipes.encode("utf-8")
    if form == "html":
        return "r.html", _as_html(pipes).encode("utf-8")
    if form == "docx":
        return "r.docx", as_docx(pipes)
    if form == "pdf":
        return "r.pdf", as_pdf(pipes)
    raise ValueError(form)


def run_together(text: str, rng: random.Random) -> str:
    """A crawler's copy: the cells of a row joined by nothing or (now and then) a space, the label against its
    first value, and runs of consecutive lines (headings, paragraphs, rows) joined into one line, the whole
    page in one line as often as not; never a line break inside a row."""
    parts = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if is_row(line):
            cells = [c for c in row_cells(line) if c]
            line = "".join((" " if k and is_number(c) and rng.random() < 0.3 else "") + c for k, c in enumerate(cells))
        parts.append(line.strip())
    out, k = [], 0
    while k < len(parts):
        end = len(parts) if rng.random() < 0.5 else k + rng.randint(1, max(1, len(parts) // 3))
        while end < len(parts) and is_number(parts[end]):
            end += 1  # a crawler breaks lines between blocks of the page, never inside a row of a table
        out.append("".join(parts[k:end]))
        k = end
    return "\n".join(out) + "\n"


def cut(text: str, line: int, column: int | None = None) -> str:
    """The copy stopped at ``line`` (0-based: that line and all after it lost), or with ``column`` inside it
    (the line kept up to ``column``), as a page excerpt or a truncated download stops."""
    lines = text.split("\n")
    kept = lines[:line] + ([lines[line][:column]] if column is not None and line < len(lines) else [])
    return "\n".join(kept)


def cut_column(line: str, rng: random.Random) -> int:
    """A place inside ``line`` to cut at that is not inside a number: a number cut through its digits is
    another number, which no reader can tell (the copy then states a wrong figure; that is not the cut)."""
    places = [k for k in range(1, len(line)) if not (line[k - 1].isdigit() and line[k].isdigit())]
    return rng.choice(places) if places else len(line)


def drop_repeated(text: str) -> str:
    """The copy a tool makes that keeps each line once: every non-blank line that already appeared earlier
    is gone (repeated header rows of table 二, and in one-cell-a-line copies most of the zeros)."""
    seen: set[str] = set()
    out = []
    for line in text.split("\n"):
        if line.strip() and line.strip() in seen:
            continue
        seen.add(line.strip())
        out.append(line)
    return "\n".join(out)


def wrap_labels(text: str, rng: random.Random, share: float = 0.5) -> str:
    """Long row labels (8 characters or more) wrapped over two lines, as narrow table columns print them and
    copies keep them: a pipe row's label gets its first part on a line of its own; in a one-cell-a-line copy a
    label (a line of text followed by a number) is broken in two lines. Never a figure left alone on a line."""
    lines = text.split("\n")
    out = []
    for k, line in enumerate(lines):
        label = next(iter(row_cells(line)), "") if is_row(line) else line.strip()
        following = next((x for x in lines[k + 1:] if x.strip()), "")
        is_label = (is_row(line) and not is_number(label)) or (not is_row(line) and not is_number(label)
                                                              and is_number(following))
        if not is_label or len(label) < 8 or rng.random() >= share:
            out.append(line)
            continue
        at = rng.randint(4, len(label) - 3)
        head, tail = label[:at], label[at:]
        if head.strip() and any(not c.isdigit() for c in tail):
            out += [head, line.replace(label, tail, 1)]
        else:
            out.append(line)
    return "\n".join(out)
