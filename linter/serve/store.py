"""The batches of the review service, kept in one SQLite file under the data folder (``--data``).

A batch is one upload: an editor's draft (with last year's report, if given) or an office's folder of
reports. Its id is unguessable (``secrets.token_urlsafe``): whoever has its address sees it, nobody finds
it without. While it is being checked the batch holds the uploaded files; once checked it holds only what
was found (each file's review page, JSON document, workbook and downloads, its row of the batch table,
and the digest of the bytes checked), so that the table is there after a restart and the reports
themselves are not kept. Deleting a batch deletes all of it. File names are labels in rows, never paths.
"""
from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batch (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, created REAL NOT NULL, state TEXT NOT NULL,
    columns TEXT, xlsx BLOB, csv BLOB, json TEXT, notes TEXT);
CREATE TABLE IF NOT EXISTS file (
    batch TEXT NOT NULL REFERENCES batch(id) ON DELETE CASCADE, n INTEGER NOT NULL, name TEXT NOT NULL,
    previous INTEGER NOT NULL DEFAULT 0, upload BLOB, sha256 TEXT, row TEXT, counts TEXT,
    page TEXT, json TEXT, xlsx BLOB, word BLOB, fixed BLOB, PRIMARY KEY (batch, n));
"""

#: The downloads of a checked file (work.render), as columns of its row.
DOWNLOADS = ("json", "xlsx", "word", "fixed")


class Store:
    """The database of batches; one connection, used under a lock (calls are short)."""

    def __init__(self, path: str):
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)

    def _run(self, sql: str, args=()):
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def create(self, kind: str, files: list, previous=None) -> str:
        """A new open batch holding the uploads (work.Upload) until they are checked; its id."""
        batch = secrets.token_urlsafe(18)
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("INSERT INTO batch (id, kind, created, state) VALUES (?, ?, ?, 'open')",
                             (batch, kind, time.time()))
            for n, upload in enumerate([*files, *([previous] if previous else [])]):
                self._db.execute("INSERT INTO file (batch, n, name, previous, upload) VALUES (?, ?, ?, ?, ?)",
                                 (batch, n, upload.name, int(upload is previous), upload.data))
            self._db.execute("COMMIT")
        return batch

    def batch(self, batch: str) -> dict | None:
        rows = self._run("SELECT kind, state, created, columns, notes, "
                         "(SELECT count(*) FROM file WHERE batch = id AND previous = 0) FROM batch WHERE id = ?", (batch,))
        if not rows:
            return None
        kind, state, created, columns, notes, total = rows[0]
        return {"id": batch, "kind": kind, "state": state, "created": created, "total": total,
                "columns": json.loads(columns) if columns else [], "notes": json.loads(notes) if notes else []}

    def kind(self, batch: str) -> str:
        """``review`` (an editor's draft) or ``batch`` (an office's files)."""
        return self._run("SELECT kind FROM batch WHERE id = ?", (batch,))[0][0]

    def open_batches(self) -> list[str]:
        """The batches a stop interrupted while they were checked: they are checked again on start."""
        return [row[0] for row in self._run("SELECT id FROM batch WHERE state = 'open' ORDER BY created")]

    def uploads(self, batch: str) -> list[tuple[int, str, bool, bytes]]:
        return [(n, name, bool(previous), data) for n, name, previous, data in self._run(
            "SELECT n, name, previous, upload FROM file WHERE batch = ? ORDER BY n", (batch,))]

    def finish(self, batch: str, files: dict, columns: list, notes: list, xlsx: bytes | None, csv: bytes | None,
               whole: str) -> None:
        """Record what a batch's check found (``files``: n → its sha256, row, counts and work.render's
        downloads), and drop the uploads: from now on the batch holds results only."""
        with self._lock:
            self._db.execute("BEGIN")
            for n, done in files.items():
                self._db.execute("UPDATE file SET sha256 = ?, row = ?, counts = ?, page = ?, json = ?, xlsx = ?, "
                                 "word = ?, fixed = ? WHERE batch = ? AND n = ?",
                                 (done["sha256"], json.dumps(done["row"], ensure_ascii=False), json.dumps(done["counts"]),
                                  done["page"], done["json"], done["xlsx"], done["word"], done["fixed"], batch, n))
            self._db.execute("UPDATE file SET upload = NULL WHERE batch = ?", (batch,))
            self._db.execute("UPDATE batch SET state = 'done', columns = ?, notes = ?, xlsx = ?, csv = ?, json = ? "
                             "WHERE id = ?", (json.dumps(columns, ensure_ascii=False), json.dumps(notes, ensure_ascii=False),
                                              xlsx, csv, whole, batch))
            self._db.execute("COMMIT")

    def failed(self, batch: str) -> None:
        """The service failed on the batch (a defect, never a report's fault): its uploads are dropped."""
        with self._lock:
            self._db.execute("UPDATE file SET upload = NULL WHERE batch = ?", (batch,))
            self._db.execute("UPDATE batch SET state = 'failed' WHERE id = ?", (batch,))

    def rows(self, batch: str) -> list[dict]:
        """The checked files of a batch, in upload order: number, name, row of the table, counts."""
        return [{"n": n, "name": name, "row": json.loads(row or "[]"), "counts": json.loads(counts or "{}"),
                 "downloads": [k for k, present in zip(DOWNLOADS, flags) if present]}
                for n, name, row, counts, *flags in self._run(
                    "SELECT n, name, row, counts, json IS NOT NULL, xlsx IS NOT NULL, word IS NOT NULL, "
                    "fixed IS NOT NULL FROM file WHERE batch = ? AND previous = 0 ORDER BY n", (batch,))]

    def page(self, batch: str, n: int) -> str | None:
        rows = self._run("SELECT page FROM file WHERE batch = ? AND n = ? AND previous = 0", (batch, n))
        return rows[0][0] if rows else None

    def download(self, batch: str, n: int | None, what: str):
        """(file name, content) of a download of a file (``n``) or of the whole batch (None); None if absent."""
        if n is None:
            if what not in ("json", "xlsx", "csv"):
                return None
            rows = self._run(f"SELECT 'disclint-batch', {what} FROM batch WHERE id = ? AND state = 'done'", (batch,))
        else:
            if what not in DOWNLOADS:
                return None
            rows = self._run(f"SELECT name, {what} FROM file WHERE batch = ? AND n = ? AND previous = 0", (batch, n))
        return rows[0] if rows and rows[0][1] is not None else None

    def delete(self, batch: str) -> bool:
        with self._lock:
            return self._db.execute("DELETE FROM batch WHERE id = ?", (batch,)).rowcount > 0

    def close(self) -> None:
        with self._lock:
            self._db.close()
