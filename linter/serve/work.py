"""The checks of the review service, run in worker processes with a time limit per file.

Reading a report is parsing bytes a stranger sent: a PDF that takes minutes, a Word package built to
exhaust memory. Each check therefore runs in a worker process of its own slot, and a slot whose check
passes the time limit (or whose process dies) has its process ended and replaced: the other users' checks,
in the other slots, go on. Workers are started with ``spawn`` on every platform (as Windows must), and
warmed up once (rules, editions and readers imported) so that a check pays only for the check.

What runs in a worker is the library API, as the command line runs it: ``document`` is the JSON document
of ``disclint check --format json`` for one file (and last year's), ``check`` one file's outcome (its result
keeps what the review page needs, and its side for the pairing of years), ``render`` the downloads of a
checked file. Nothing here writes a file: uploads are bytes, named by their client's name only as a label.
"""
from __future__ import annotations

import asyncio
import heapq
import io
import itertools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import NamedTuple

#: What each result of a review keeps besides its findings (api.Task.keep): the review page needs the lines
#: and cells, the JSON document and the workbook the digest, and the pairing of years each side.
KEEP = ("lines", "cells", "sha256")


class Upload(NamedTuple):
    """A file as a client sent it: ``name`` is its label (what outputs call it, and its suffix says its
    form), never a path on this machine."""

    name: str
    data: bytes


class Overtime(Exception):
    """A check passed the time limit, or its worker died: args[0] says which, in Chinese."""


def tasks(files: list[Upload], previous: Upload | None, config: str | None = None, edition: str | None = None) -> list:
    """The tasks of a run over uploaded files, as ``api.plan`` makes them for files on disk: last year's
    report read only to compare with (``previous``), and every task keeping its side for the pairing of years
    when pair rules run and there is more than one file."""
    from ..api import byte_task, configured, known_edition, paired

    found = configured(config)
    edition = known_edition(edition)
    earlier = [] if previous is None else \
        [byte_task(previous.name, previous.data, found, edition, KEEP)._replace(previous=True, rules=())]
    return paired([byte_task(f.name, f.data, found, edition, KEEP) for f in files], earlier)


def document(file: Upload, previous: Upload | None, config: str | None = None, edition: str | None = None) -> str:
    """The JSON document ``disclint check --format json FILE [--previous PREVIOUS]`` prints (a worker's part)."""
    from ..api import collect, run_task
    from ..outputs import CHECK
    from ..outputs.json import check_json

    planned = [t._replace(keep=tuple(k for k in t.keep if k == "pairs") + CHECK["json"].keep)
               for t in tasks([file], previous, config, edition)]
    results = collect([run_task(t) for t in planned], planned)
    return check_json(results.files, results)


def check(task):
    """One file's outcome, (result, error), as ``api.run_task`` gives it (a worker's part)."""
    from ..api import run_task

    return run_task(task)


def render(result, data: bytes, whole: str | None = None, copies: bool = True) -> dict:
    """What the review page of a checked file offers (a worker's part): ``page`` (the review page,
    outputs/html.py), ``json`` (its JSON document: ``whole`` when given, the run's own), ``xlsx`` (the
    workbook of --format xlsx), ``word`` (a Word draft with every finding as a comment, as --annotate writes
    it) and ``fixed`` (a text or web page with the safe fixes made, as --fix makes them), each None where it
    does not apply (and, without ``copies``, not made: for a file whose copies took too long)."""
    from ..api import registry
    from ..findings import SEVERITY_WORDS
    from ..fixes import FIXABLE, apply, edits
    from ..outputs.html import page
    from ..outputs.json import check_json
    from ..outputs.xlsx import findings_xlsx

    rules = registry()
    workbook = io.BytesIO()
    findings_xlsx([result], workbook)
    out = {"page": page(result, rules), "json": whole or check_json([result]), "xlsx": workbook.getvalue(),
           "word": None, "fixed": None}
    if copies and result.kind == "docx" and result.status != "unreadable":
        from ..word import annotate

        try:
            out["word"] = annotate(data, result.findings, SEVERITY_WORDS, rules)[0]
        except Exception:  # a draft the reader took but whose package cannot be copied: no copy is offered
            pass
    if copies and result.kind in FIXABLE:
        changes = edits(result)
        if changes:
            out["fixed"] = apply(data, result.kind, changes)[0]
    return out


def _warm() -> None:
    """A worker's start: what every check and its page need, imported and built once (rules, editions,
    readers, the writers of the page and the workbook), so that no upload pays for it."""
    import openpyxl  # noqa: F401

    from ..api import registry
    from ..editions import vocabulary
    from ..outputs import html as page  # noqa: F401
    from ..outputs import xlsx  # noqa: F401
    from ..readers import docx, html, pdf, text  # noqa: F401

    vocabulary()
    registry()


def _ready() -> bool:
    return True


class Pool:
    """``workers`` slots, each a process of its own; ``call`` runs a function in a free one, at most
    ``limit`` seconds, and a slot that overran or died is replaced by a fresh process. A call with
    ``first`` (making the page of a file already checked) takes the next free slot before the checks
    waiting: a page is never queued behind other people's uploads once its own check is done."""

    def __init__(self, workers: int, limit: float):
        self.limit = limit
        self._context = multiprocessing.get_context("spawn")
        self._slots = [self._new() for _ in range(workers)]
        self._free: list[ProcessPoolExecutor] = []
        self._waiting: list = []  # a heap of (0 first / 1 others, order of arrival, future of a slot)
        self._order = itertools.count()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=1, mp_context=self._context, initializer=_warm)

    async def start(self) -> None:
        """Start and warm every worker now, not on the first upload."""
        await asyncio.gather(*(asyncio.wrap_future(slot.submit(_ready)) for slot in self._slots))
        self._free = list(self._slots)

    async def _take(self, first: bool) -> ProcessPoolExecutor:
        if self._free and not self._waiting:
            return self._free.pop()
        waiting = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (0 if first else 1, next(self._order), waiting))
        try:
            return await waiting
        except asyncio.CancelledError:  # given a slot just as the caller went away: the slot goes on
            if waiting.done() and not waiting.cancelled():
                self._give(waiting.result())
            raise

    def _give(self, slot: ProcessPoolExecutor) -> None:
        while self._waiting:
            waiting = heapq.heappop(self._waiting)[2]
            if not waiting.done():
                waiting.set_result(slot)
                return
        self._free.append(slot)

    async def call(self, function, *args, first: bool = False):
        """``function(*args)`` in a worker; Overtime when it passes the limit or its worker dies."""
        slot = await self._take(first)
        try:
            answer = await asyncio.wait_for(asyncio.wrap_future(slot.submit(function, *args)), self.limit)
        except (asyncio.TimeoutError, BrokenProcessPool) as exc:
            self._replace(slot)
            if isinstance(exc, BrokenProcessPool):
                raise Overtime("检查进程意外终止：程序崩溃或内存不足被系统结束") from None
            raise Overtime(f"检查超过 {self.limit:g} 秒，已停止（文件过大或结构异常）") from None
        except BaseException:  # the function's own exception, or the caller cancelled: the slot goes on
            self._give(slot)
            raise
        self._give(slot)
        return answer

    def _replace(self, slot: ProcessPoolExecutor) -> None:
        """End the slot's process and start a fresh one, free once it is warm: the next file's time limit
        never counts a worker's start."""
        self._end(slot)
        fresh = self._new()
        self._slots[self._slots.index(slot)] = fresh
        loop = asyncio.get_running_loop()
        fresh.submit(_ready).add_done_callback(lambda _: loop.call_soon_threadsafe(self._give, fresh))

    @staticmethod
    def _end(slot: ProcessPoolExecutor) -> None:
        for process in list((getattr(slot, "_processes", None) or {}).values()):  # the executor's own table
            process.terminate()
        slot.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        for slot in self._slots:
            self._end(slot)
