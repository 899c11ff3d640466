"""The review service as a Starlette application: the editor's page, the office's batches, the HTTP API.

Routes (docs/serve.md):

    GET  /                   the editor's page              POST /review        check one report (and last year's)
    GET  /office             the office's page              POST /batches       check many files or a .zip
    GET  /b/{id}             a batch: progress, then its table; /b/{id}/{n} a report's page
    GET  /b/{id}/{xlsx,csv,json}, /b/{id}/{n}/{word,fixed,xlsx,json}: downloads; /b/{id}/delete (GET asks, POST deletes)
    POST /api/check          the JSON document of ``disclint check --format json`` for the file sent
    POST /api/batches        as /batches, answered in JSON; GET /api/batches/{id}: its progress
    GET  /api/health         200 while the service runs

Each upload becomes a batch in the store (store.py) and is checked in the worker pool (work.py), file by
file with a time limit; when all its files are checked, the years of one agency are paired as a run of the
command line pairs them (api.collect), and each file's page and downloads are made.
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import io
import os
import zipfile
from collections import Counter
from typing import NamedTuple

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..api import REPORT_SUFFIXES
from ..errors import ConfigError, UsageError
from ..readers import MAX_BYTES
from . import pages
from .store import Store
from .work import Overtime, Pool, Upload, check, document, render, tasks

#: The Content-Security-Policy of every answer: nothing from elsewhere, no inline script, forms only here.
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; connect-src 'self'; "
          "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
COOKIE = "disclint_token"


class Settings(NamedTuple):
    """How the service runs (``disclint serve``'s options)."""

    data: str                       # the folder of the database
    token: str | None = None        # required on every request when set
    max_upload_mb: int = 512        # one request's body at most
    max_files: int = 1000           # files of one batch at most (the entries of a .zip count)
    limit: float = 60.0             # seconds one file's check may take
    workers: int = 2                # checks at the same time
    config: str | None = None       # a .disclint.yaml for every check (None: the defaults)


class Refused(Exception):
    """An upload that is not checked: args[0] says why, in Chinese, to the person who sent it."""


def create_app(settings: Settings) -> _Guard:
    os.makedirs(settings.data, exist_ok=True)
    store = Store(os.path.join(settings.data, "disclint-serve.sqlite3"))
    pool = Pool(settings.workers, settings.limit)
    progress: dict[str, int] = {}   # batch id → files checked so far, while it is checked
    running: dict[str, asyncio.Task] = {}

    async def checked(batch: str, task):
        """One task's outcome from the pool; a file that overruns is a finding, as a file too large is."""
        try:
            return await pool.call(check, task)
        except Overtime as exc:
            return _unreadable(task.path, str(exc)), None
        finally:
            if not task.previous:
                progress[batch] = progress.get(batch, 0) + 1

    async def process(batch: str) -> None:
        """Check every file of an open batch, pair the years, make each file's page and downloads, record them."""
        from ..api import collect
        from ..outputs.csv import FILE_COLUMNS, file_rows, findings_csv
        from ..outputs.html import FAMILIES
        from ..outputs.json import check_json
        from ..outputs.xlsx import findings_xlsx

        kind = store.kind(batch)
        uploads = store.uploads(batch)
        mine = [(n, Upload(name, data)) for n, name, previous, data in uploads if not previous]
        previous = next((Upload(name, data) for _, name, earlier, data in uploads if earlier), None)
        planned = tasks([u for _, u in mine], previous, settings.config)
        progress[batch] = 0
        outcomes = await asyncio.gather(*(checked(batch, task) for task in planned))
        results = await asyncio.to_thread(collect, outcomes, planned)
        whole = check_json(results.files, results)

        async def made(result, upload):
            try:
                return await pool.call(render, result, upload.data, whole if kind == "review" else None, first=True)
            except Overtime:  # the copies of a file that overran are not made; its page and findings are
                return await asyncio.to_thread(render, result, b"", whole if kind == "review" else None, False)

        renders = await asyncio.gather(*(made(r, u) for r, (_, u) in zip(results.files, mine)))
        done = {}
        for (n, _), result, row, downloads in zip(mine, results.files, file_rows(results.files), renders):
            families = Counter(f.family for f in result.findings)
            counts = Counter(f.severity for f in result.findings)
            done[n] = {**downloads, "sha256": result.sha256, "counts": dict(counts),
                       "row": [*row, *(families.get(family, 0) for family, _ in FAMILIES)]}
        columns = [[heading, key in ("errors", "warnings", "infos")] for key, heading in FILE_COLUMNS]
        columns += [[name, True] for _, name in FAMILIES]
        workbook, table = None, None
        if kind == "batch":  # an editor's review offers its file's own downloads only
            output = io.BytesIO()
            await asyncio.to_thread(findings_xlsx, results.files, output)
            workbook, table = output.getvalue(), findings_csv(results.files).encode("utf-8")
        store.finish(batch, done, columns, list(results.notes), workbook, table, whole)
        progress.pop(batch, None)

    async def guarded(batch: str) -> None:
        """A batch's check; should the service itself fail on it, the batch says so instead of waiting forever."""
        try:
            await process(batch)
        except Exception:
            store.failed(batch)
            raise

    def start(batch: str) -> None:
        running[batch] = asyncio.get_running_loop().create_task(guarded(batch))
        running[batch].add_done_callback(lambda _: running.pop(batch, None))

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        for batch in store.open_batches():  # interrupted by a stop: checked again from their uploads
            start(batch)
        try:
            yield
        finally:
            for task in list(running.values()):
                task.cancel()
            pool.close()
            store.close()

    # -- the pages ----------------------------------------------------------------------------------------

    async def editor(request: Request):
        return HTMLResponse(pages.editor())

    async def office(request: Request):
        return HTMLResponse(pages.office(limits=_limits(settings)))

    async def review(request: Request):
        try:
            file, previous = await _one(request, settings)
        except Refused as exc:
            return HTMLResponse(pages.editor(exc.args[0]), status_code=400)
        batch = store.create("review", [file], previous)
        start(batch)
        await asyncio.shield(running[batch])
        return RedirectResponse(f"/b/{batch}/0", status_code=303)

    async def new_batch(request: Request):
        try:
            files = await _many(request, settings)
        except Refused as exc:
            if request.url.path.startswith("/api/"):
                return JSONResponse({"error": exc.args[0]}, status_code=400)
            return HTMLResponse(pages.office(exc.args[0], _limits(settings)), status_code=400)
        batch = store.create("batch", files)
        start(batch)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"id": batch, "url": f"/b/{batch}", "files": len(files)}, status_code=201)
        return RedirectResponse(f"/b/{batch}", status_code=303)

    def found(request: Request) -> dict:
        batch = store.batch(request.path_params["batch"])
        if batch is None:
            raise _NotFound
        return batch

    async def batch_page(request: Request):
        batch = found(request)
        if batch["state"] == "failed":
            return HTMLResponse(pages.message("出错了", "检查这一批文件时服务内部出错：请重新上传，并把此情况告诉管理员"),
                                status_code=500)
        if batch["state"] != "done":
            return HTMLResponse(pages.batch_progress(batch, progress.get(batch["id"], 0)))
        return HTMLResponse(pages.batch_table(batch, store.rows(batch["id"])))

    async def report_page(request: Request):
        batch = found(request)
        if batch["state"] != "done":
            return RedirectResponse(f"/b/{batch['id']}", status_code=303)
        n = request.path_params["n"]
        page = store.page(batch["id"], n)
        row = next((r for r in store.rows(batch["id"]) if r["n"] == n), None)
        if page is None or row is None:
            raise _NotFound
        back = f"/b/{batch['id']}" if batch["kind"] == "batch" else None
        return HTMLResponse(pages.report(batch["id"], n, page, row, back))

    async def download(request: Request):
        batch = found(request)
        what, n = request.path_params["what"], request.path_params.get("n")
        got = store.download(batch["id"], n, what)
        if got is None:
            raise _NotFound
        name, content = got
        types = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "word": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "fixed": "application/octet-stream"}
        return Response(content.encode("utf-8") if isinstance(content, str) else content, media_type=types[what],
                        headers={"Content-Disposition": pages.attachment(name, what)})

    async def delete(request: Request):
        """GET: asks whether to (a report's page cannot hold a form: its policy allows none); POST: deletes."""
        batch = found(request)
        if request.method == "GET":
            return HTMLResponse(pages.deleting(batch))
        if batch["id"] in running:  # still being checked: stopped first
            running[batch["id"]].cancel()
        store.delete(batch["id"])
        return RedirectResponse("/office" if batch["kind"] == "batch" else "/", status_code=303)

    # -- the API ------------------------------------------------------------------------------------------

    async def api_check(request: Request):
        try:
            file, previous = await _one(request, settings)
        except Refused as exc:
            return JSONResponse({"error": exc.args[0]}, status_code=400)
        try:
            text = await pool.call(document, file, previous, settings.config)
        except Overtime as exc:
            from ..outputs.json import check_json

            text = check_json([_unreadable(file.name, str(exc))])
        return Response(text, media_type="application/json; charset=utf-8")

    async def api_batch(request: Request):
        batch = found(request)
        done = batch["total"] if batch["state"] == "done" else progress.get(batch["id"], 0)
        return JSONResponse({"id": batch["id"], "state": batch["state"], "total": batch["total"], "done": done,
                             "url": f"/b/{batch['id']}"})

    async def health(request: Request):
        from ..version import __version__

        return JSONResponse({"status": "ok", "version": __version__})

    static = os.path.join(os.path.dirname(__file__), "static")
    routes = [
        Route("/", editor), Route("/office", office),
        Route("/review", review, methods=["POST"]), Route("/batches", new_batch, methods=["POST"]),
        Route("/b/{batch}", batch_page), Route("/b/{batch}/delete", delete, methods=["GET", "POST"]),
        Route("/b/{batch}/{n:int}", report_page), Route("/b/{batch}/{n:int}/{what:str}", download),
        Route("/b/{batch}/{what:str}", download),
        Route("/api/health", health), Route("/api/check", api_check, methods=["POST"]),
        Route("/api/batches", new_batch, methods=["POST"]), Route("/api/batches/{batch}", api_batch),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={_NotFound: _not_found, 404: _not_found, Exception: _failure})
    return _Guard(app, settings)


class _NotFound(Exception):
    """No such batch or file: the same answer whether it never was or was deleted."""


async def _not_found(request: Request, exc) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": "未找到"}, status_code=404)
    return HTMLResponse(pages.message("未找到", "没有这个地址：批次可能已被删除，或地址不完整。"), status_code=404)


async def _failure(request: Request, exc: Exception) -> Response:
    """Whatever else fails in the service (never a report's fault: those are findings) is said plainly."""
    text = f"disclint 服务内部错误（{type(exc).__name__}），请稍后重试，并把此情况告诉管理员"
    if isinstance(exc, (UsageError, ConfigError)):
        text = f"配置错误：{exc}"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": text}, status_code=500)
    return HTMLResponse(pages.message("出错了", text), status_code=500)


def _unreadable(name: str, message: str):
    """The result of a file that was not checked, with the reason as its one finding (parse.unreadable)."""
    from ..engine import FileResult
    from ..rule import Unreadable

    return FileResult(name, findings=[Unreadable().at(None, message)])


def _limits(settings: Settings) -> str:
    return f"每批最多 {settings.max_files} 个文件、共 {settings.max_upload_mb} MB，每个文件最多 {MAX_BYTES // 1048576} MB。"


def label(name: str | None) -> str:
    """An uploaded file's name as a label: what follows its last / or \\ (a browser may send a whole path),
    without control characters; never used as a path."""
    from ..paths import harmless

    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return harmless(base)[:200] or "未命名"


async def _form(request: Request, settings: Settings):
    try:
        return await request.form(max_files=settings.max_files + 1, max_fields=50)
    except Exception as exc:  # a body that is not a form, or one with too many parts
        raise Refused(f"上传的内容无法读取：{getattr(exc, 'detail', None) or '不是文件上传表单'}") from None


async def _read(upload) -> Upload:
    """An uploaded file's bytes: MAX_BYTES and one more at most (more is the engine's 文件过大 finding)."""
    return Upload(label(upload.filename), await upload.read(MAX_BYTES + 1))


async def _one(request: Request, settings: Settings) -> tuple[Upload, Upload | None]:
    form = await _form(request, settings)
    file, previous = form.get("file"), form.get("previous")
    if not hasattr(file, "read") or not file.filename:
        raise Refused("请选择要检查的报告文件（字段 file）")
    earlier = await _read(previous) if hasattr(previous, "read") and previous.filename else None
    return await _read(file), earlier


async def _many(request: Request, settings: Settings) -> list[Upload]:
    """The files of a batch: each file sent, the report files inside each .zip sent."""
    form = await _form(request, settings)
    out = []
    for upload in form.getlist("files") + form.getlist("file"):
        if not hasattr(upload, "read") or not upload.filename:
            continue
        if upload.filename.lower().endswith(".zip"):
            out += unzip(await upload.read(settings.max_upload_mb * 1048576 + 1), settings)
        else:
            out.append(await _read(upload))
        if len(out) > settings.max_files:
            raise Refused(f"文件太多：每批最多 {settings.max_files} 个文件")
    if not out:
        raise Refused("没有可检查的报告文件（.docx、.pdf、.html、.txt、.md，或含有它们的 .zip）")
    return out


def unzip(data: bytes, settings: Settings) -> list[Upload]:
    """The report files of a .zip as uploads, named by their path inside it (a label): at most
    ``max_files``, each read to MAX_BYTES and one more byte at most, all together at most the upload limit
    (a small archive that unpacks to gigabytes is refused, not unpacked). Names a Windows archiver wrote in
    GBK without saying so are read as GBK."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused("压缩包已损坏或不是 .zip 文件") from None
    out: list[Upload] = []
    total = 0
    for info in entries:
        name = info.filename
        if not info.flag_bits & 0x800:  # not marked UTF-8: Python read the name as cp437
            try:
                name = name.encode("cp437").decode("gbk")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
        if not name.lower().endswith(REPORT_SUFFIXES) or os.path.basename(name).startswith("."):
            continue
        if len(out) >= settings.max_files:
            raise Refused(f"压缩包中的文件太多：每批最多 {settings.max_files} 个文件")
        try:
            with archive.open(info) as handle:
                content = handle.read(MAX_BYTES + 1)
        except RuntimeError:
            raise Refused(f"压缩包中的 {label(name)} 已加密：请上传未加密的压缩包") from None
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            raise Refused(f"压缩包中的 {label(name)} 已损坏或使用了不支持的压缩方式") from None
        total += len(content)
        if total > settings.max_upload_mb * 1048576:
            raise Refused(f"压缩包解压后超过 {settings.max_upload_mb} MB 上限")
        out.append(Upload(name.strip("/")[:300], content))
    return out


class _Guard:
    """Around the whole application: the token (when one is set) on every request, the size of a request
    bounded before it is read, and the security headers on every answer."""

    def __init__(self, app, settings: Settings):
        self.app, self.settings = app, settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        if self.settings.token is not None:
            given = request.query_params.get("token")
            if given is not None and hmac.compare_digest(given.encode(), self.settings.token.encode()):
                # an address with ?token=… (as the administrator hands it out) sets the cookie, then drops it
                answer = RedirectResponse(str(request.url.remove_query_params("token")), status_code=303)
                answer.set_cookie(COOKIE, self.settings.token, httponly=True, samesite="strict")
                return await self._send(answer, scope, receive, send)
            if not self._allowed(request):
                return await self._send(_denied(request), scope, receive, send)
        length = request.headers.get("content-length")
        if scope["method"] in ("POST", "PUT"):
            if length is None or not length.isdigit():
                return await self._send(_refuse(request, 411, "上传需要 Content-Length"), scope, receive, send)
            if int(length) > self.settings.max_upload_mb * 1048576:
                return await self._send(_refuse(request, 413, f"上传的内容超过 {self.settings.max_upload_mb} MB 上限"),
                                        scope, receive, send)

        async def secured(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                headers += [(b"content-security-policy", POLICY.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
                            (b"cache-control", b"no-store")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, secured)

    def _allowed(self, request: Request) -> bool:
        token = (self.settings.token or "").encode()
        header = request.headers.get("authorization", "")
        given = header[7:] if header.lower().startswith("bearer ") else request.cookies.get(COOKIE, "")
        return hmac.compare_digest(given.encode(), token)

    async def _send(self, answer: Response, scope, receive, send):
        answer.headers["content-security-policy"] = POLICY
        answer.headers["x-content-type-options"] = "nosniff"
        await answer(scope, receive, send)


def _denied(request: Request) -> Response:
    text = "需要访问令牌：请使用管理员提供的完整地址（含 ?token=…）打开，或在请求中加上 Authorization: Bearer 令牌"
    return _refuse(request, 401, text)


def _refuse(request: Request, status: int, text: str) -> Response:
    if request.url.path.startswith("/api/") or "json" in request.headers.get("accept", ""):
        return JSONResponse({"error": text}, status_code=status)
    return HTMLResponse(pages.message("无法处理", text), status_code=status)

