"""Reports beyond one machine: what a distributed engine (Dask, Spark, Ray) maps over (path, bytes) pairs.

An engine hands over the files as (path, bytes) pairs (a Dask bag of paths read by the workers, Spark's
``binaryFile``, Ray's ``read_binary_files``) and wants flat rows back, the shape parquet and data frames
take. So:

- ``partition(pairs)`` checks each pair and yields rows: one per file, one per finding, every row with
  the same columns (``COLUMNS``, typed by ``DTYPES``; those of the other kind None). It runs in the
  worker: the configuration, the rules and the editions are loaded once per process (``api.configured``,
  ``api.rules_for``, ``editions.load``), not once per file.
- ``fingerprint()`` says which engine made a row: disclint's version and digests of its code (rules and
  core), grammar and editions, and of the configuration. A row stays valid while its file's sha256 and
  the fingerprint are unchanged, so a re-run checks only new or changed files, or all of them when the
  rules change. Computed once per process.
- ``pair(files)`` is the second stage: reports of one agency in consecutive years compared, over the file
  rows of the first stage (their ``side`` column), not over bytes, so that a re-check of one year does not
  read the other. ``pairing_key`` groups the rows that may pair (linter/pairs.py pairs within a group
  exactly as a run of ``disclint check`` over a folder would).

The recipe on Dask is docs/scale.md.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from functools import cache

from . import api
from .engine import FileResult
from .findings import ERROR, INFO, WARNING, Span, sha256
from .pairs import Place, Sentence, Side, compare, name, regions
from .version import __version__

#: The columns of every row. ``kind`` is "file" or "finding"; ``path``, ``sha256`` (of the bytes) and
#: ``engine`` (the fingerprint) are on both kinds and join a finding to its file.
COMMON_COLUMNS = ("kind", "path", "sha256", "engine")
#: A file's row: what became of it, what it is, how many findings of each severity, how much of its tables
#: was read (cells with a value of all the edition's cells; equations whose every cell has a value, so that
#: the balance rules could check them, of all the edition's equations), its cells as JSON text (cell id →
#: value, data contract §4), and ``side`` (JSON text: what the pairing stage needs; None when no pair rule runs).
#: A row is the same text whichever process makes it (keys sorted where a set gave their order).
FILE_COLUMNS = ("status", "edition", "report_year", "agency", "title", "published", "errors", "warnings", "infos",
                "cells_read", "cells_total", "equations_complete", "equations_total", "cells", "side")
#: A finding's row: as in the data contract (§3), ``expected``/``actual`` only where a number was expected,
#: and ``key``, the finding's fingerprint (Finding.fingerprint: the same across lines inserted above).
FINDING_COLUMNS = ("code", "rule", "severity", "message", "line", "column", "end_line", "end_column", "place", "page",
                   "expected", "actual", "key")
COLUMNS = COMMON_COLUMNS + FILE_COLUMNS + FINDING_COLUMNS
#: Each column's type as pandas names it, for a data frame's ``meta`` (Dask's ``to_dataframe``) or a parquet
#: schema: counts and positions are nullable integers (None on the other kind of row), ``expected`` and
#: ``actual`` numbers (a rate may have a fraction), the rest text.
_COUNTS = ("report_year", "errors", "warnings", "infos", "cells_read", "cells_total", "equations_complete",
           "equations_total", "line", "column", "end_line", "end_column", "page")
DTYPES = {column: "Int64" if column in _COUNTS else "float64" if column in ("expected", "actual") else "string"
          for column in COLUMNS}


def partition(pairs: Iterable[tuple[str, bytes]], *, config: str | None = None,
              edition: str | None = None) -> Iterator[dict]:
    """The rows of each (path, bytes) pair, file row first, then its findings in document order. A bad file
    is a row like any other (status ``unreadable`` or ``failed``); a bad request (an unknown edition, an
    unusable configuration) raises before the first file."""
    found = api.configured(config)
    edition = api.known_edition(edition)
    engine = fingerprint(config, edition)
    keep = ("sha256", "cells") + (("pairs",) if _pairing(found) else ())
    for path, data in pairs:
        result, _ = api.run_task(api.byte_task(path, data, found, edition, keep))
        assert result is not None  # a byte task has no file to open, so no error in place of a result
        yield _file_row(result, engine)
        for finding in result.findings:
            yield _finding_row(result.path, result.sha256, engine, finding)


def pairing_key(row: dict, *, config: str | None = None) -> str | None:
    """What groups the file rows that may pair: the agency's own name (二郎镇 of 重庆市合川区二郎镇, as
    linter/pairs.py reads it, with the configuration's ``agencies``); None for a row that pairs with none."""
    if row["kind"] != "file" or not row["side"] or not row["agency"]:
        return None
    full = name(row["agency"], api.configured(config).agencies)
    return regions(full)[1] if full else None


def pair(files: Iterable[dict], *, config: str | None = None) -> Iterator[dict]:
    """The second stage: the findings of the pair rules (rows, as ``partition`` yields them) for file rows of
    the first stage, compared as a run over all of them would (``pairs.compare``). Give it the rows of one
    ``pairing_key`` (a group by that key) or any larger set; rows of other kinds, or without a side, are
    passed over."""
    files = [row for row in files if row["kind"] == "file" and row["side"]]
    found = api.configured(config)
    engine = fingerprint(config)
    tasks = [api.byte_task(row["path"], None, found, None, ()) for row in files]
    outcomes, _, _ = compare(tasks, [(FileResult(row["path"], side=_side(row["side"])), None) for row in files],
                             api.rules_for)
    for row, (result, _) in zip(files, outcomes):
        for finding in result.findings:
            yield _finding_row(row["path"], row["sha256"], engine, finding)


def fingerprint(config: str | None = None, edition: str | None = None) -> str:
    """The engine a row was made by: ``VERSION+DIGEST``, the digest over disclint's code, grammar and
    editions (``_engine``, once per process) and the settings of the configuration and edition in force.
    Independent of where the files lie and of the process (worker, machine, hash seed, cache)."""
    found = api.configured(config)
    settings = repr((found.edition, found.select, found.ignore, found.rules, found.per_file_ignores,
                     found.agencies, edition))
    return f"{__version__}+{sha256((_engine() + settings).encode('utf-8'))[:16]}"


@cache
def _engine() -> str:
    """Digests of the code (every module of the core and the rules), the grammar and the editions (each
    edition as it is loaded, so that one given by DISCLINT_EDITIONS counts too)."""
    import disclint
    from disclint import grammar, rules

    from .editions import editions, load

    def files(package, suffix: str) -> str:
        top = os.path.dirname(package.__file__)
        digest = []
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for file in sorted(n for n in names if n.endswith(suffix)):
                with open(os.path.join(folder, file), "rb") as handle:
                    digest.append(f"{os.path.relpath(os.path.join(folder, file), top)}:{sha256(handle.read())}")
        return sha256("\n".join(digest).encode("utf-8"))

    code = files(disclint, ".py") + files(rules, ".py")
    return "|".join((code, files(grammar, ".lark"), sha256(repr([load(e) for e in editions()]).encode("utf-8"))))


def _pairing(found) -> bool:
    """Whether the configuration runs a pair rule, so that file rows must carry their side."""
    return any(rule.needs == ("pair",) for rule in api.select_rules(found.select, found.ignore))


def _file_row(result, engine: str) -> dict:
    severities = [f.severity for f in result.findings]
    cells = result.cells
    read = {cell_id for cell_id, cell in cells.items() if cell["value"] is not None}
    equations = (result.coverage or {}).get("equations", {"checked": 0, "total": 0}) if cells else {"checked": 0, "total": 0}
    row = dict.fromkeys(COLUMNS)
    row.update(kind="file", path=result.path, sha256=result.sha256, engine=engine, status=result.status,
               edition=result.edition, report_year=result.report_year, agency=result.agency, title=result.title,
               published=result.published, errors=severities.count(ERROR), warnings=severities.count(WARNING),
               infos=severities.count(INFO), cells_read=len(read), cells_total=len(cells),
               equations_complete=equations["checked"], equations_total=equations["total"],
               cells=json.dumps({cell_id: cell["value"] for cell_id, cell in cells.items()}, ensure_ascii=False)
               if cells else None,
               side=json.dumps(result.side, ensure_ascii=False, sort_keys=True) if result.side is not None else None)
    return row


def _finding_row(path: str, digest: str | None, engine: str, finding) -> dict:
    contract = finding.to_json()
    row = dict.fromkeys(COLUMNS)
    row.update(kind="finding", path=path, sha256=digest, engine=engine,
               **{column: contract.get(column) for column in FINDING_COLUMNS if column != "key"},
               key=finding.fingerprint())
    return row


def _side(text: str) -> Side:
    """A side from the JSON text of a file row (named tuples are written as lists, in their fields' order)."""
    def place(value) -> Place:
        return Place(Span(*value[0]), *value[1:])

    path, agency, year, edition, cells, sentences = json.loads(text)
    return Side(path, agency, year, edition,
                {cell_id: (value, place(where) if where is not None else None) for cell_id, (value, where) in cells.items()},
                tuple(Sentence(key, said, place(where), section) for key, said, where, section in sentences))
