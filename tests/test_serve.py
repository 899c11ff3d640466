"""``disclint serve`` over HTTP: a real server on a free loopback port (tests/servers.py), spoken to as a
script or a browser would. The API answers what the command line prints; bad files get the command line's
Chinese message, never an error page; batches survive a restart; limits, the token and the time limit hold."""
from __future__ import annotations

import io
import json
import re
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from documents import as_docx, as_pdf, with_scanned_page

from disclint.synth import generate, series

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from servers import Server  # noqa: E402  (after the skip: it is for the service's tests only)

BROKEN = {"s3.new.natural": "1"}  # one cell that breaks table 三's sums: errors on every form


def forms() -> dict[str, bytes]:
    """One generated report with a defect in every form a report comes in."""
    pipes = generate(seed=3, overrides=BROKEN, layout="pipes").text
    return {"report.txt": generate(seed=3, overrides=BROKEN).text.encode(), "report.md": pipes.encode(),
            "report.html": generate(seed=3, overrides=BROKEN, layout="html").text.encode(),
            "report.docx": as_docx(pipes), "report.pdf": as_pdf(pipes)}


def cli_json(capsys, folder, name: str, data: bytes, *more: str) -> dict:
    """What ``disclint check --format json NAME`` prints, run where NAME is (the path it names)."""
    from conftest import run

    (folder / name).write_bytes(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        _, out, _ = run(capsys, "check", "--format", "json", name, *more)
    return json.loads(out)


@pytest.mark.parametrize("name", list(forms()))
def test_api_check_answers_the_command_lines_document(server, capsys, tmp_path, name):
    data = forms()[name]
    answer = server.post("/api/check", [("file", name, data)])
    assert answer.status == 200 and answer.headers["content-type"].startswith("application/json")
    assert answer.json() == cli_json(capsys, tmp_path, name, data)
    assert answer.json()["summary"]["errors"] > 0  # the defect is found in every form


def test_api_check_with_last_years_report_answers_as_check_previous(server, capsys, tmp_path):
    before, this = series(seed=5, years=(2022, 2023))
    answer = server.post("/api/check", [("file", "this.txt", this.text.encode()),
                                        ("previous", "before.txt", before.text.encode())])
    (tmp_path / "before.txt").write_bytes(before.text.encode())
    assert answer.json() == cli_json(capsys, tmp_path, "this.txt", this.text.encode(), "--previous", "before.txt")
    assert answer.json()["files"][0]["previous"] == {"path": "before.txt", "report_year": 2022}


def bad_files() -> dict[str, bytes]:
    """Files that are no checkable report, each with the command line's own message."""
    pipes = generate(seed=4, layout="pipes").text
    pdf = as_pdf(pipes)
    import pypdfium2 as pdfium

    scan = pdf
    for index in range(len(pdfium.PdfDocument(pdf))):
        scan = with_scanned_page(scan, index)
    return {"notes.txt": "会议纪要：今天讨论了食堂的菜单。\n".encode(), "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "draft.wps": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "damaged.docx": as_docx(pipes)[:700],
            "locked.pdf": as_pdf(pipes, encrypt="secret"), "scan.pdf": scan}


@pytest.mark.parametrize("name", list(bad_files()))
def test_a_bad_file_gets_the_command_lines_message_never_an_error_page(server, capsys, tmp_path, name):
    data = bad_files()[name]
    expected = cli_json(capsys, tmp_path, name, data)
    assert server.post("/api/check", [("file", name, data)]).json() == expected
    said = [f["message"] for f in expected["files"][0]["findings"] if f["code"] in ("P001", "P002", "P003")]
    assert said
    page = server.post("/review", [("file", name, data)])
    assert page.status == 200 and "disclint：" in page.text
    for message in said:
        assert message.replace("“", "&ldquo;") in page.text or _escaped(message) in page.text
    if name.endswith((".doc", ".wps")):
        assert "另存为 .docx" in page.text


def _escaped(text: str) -> str:
    from html import escape

    return escape(text)


def test_the_review_page_says_the_verdict_first_and_offers_the_downloads(server):
    text = generate(seed=6).text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")
    answer = server.post("/review", [("file", "草稿.txt", text.encode())], follow=False)
    assert answer.status == 303 and re.fullmatch(r"/b/[\w-]{24}/0", answer.headers["location"])
    page = server.get(answer.headers["location"])
    assert re.search(r'<body><nav class="serve".*?<p id="verdict" class="warning"[^>]*>发现 1 个警告</p>', page.text)
    assert page.text.index("发现 1 个警告") < page.text.index("S104")
    fixed = server.get(answer.headers["location"] + "/fixed")
    assert fixed.body.decode() == text.replace("五、存在的主要问题及整改措施", "五、存在的主要问题及改进情况")
    assert "filename*=UTF-8''%E8%8D%89%E7%A8%BF-%E5%B7%B2%E4%BF%AE%E5%A4%8D.txt" in fixed.headers["content-disposition"]
    assert server.get(answer.headers["location"] + "/word").status == 404  # a text has no Word copy
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(server.get(answer.headers["location"] + "/xlsx").body))
    assert [row[5] for row in book["问题"].iter_rows(min_row=2, values_only=True)] == ["S104"]
    clean = server.post("/review", [("file", "clean.txt", generate(seed=6).text.encode())])
    assert '<p id="verdict" class="ok"' in clean.text and ">未发现问题" in clean.text


def test_the_annotated_word_copy_has_a_comment_for_every_finding(server):
    from docx import Document

    pipes = generate(seed=7, overrides=BROKEN, layout="pipes").text
    location = server.post("/review", [("file", "草稿.docx", as_docx(pipes))], follow=False).headers["location"]
    findings = json.loads(server.get(location + "/json").body)["files"][0]["findings"]
    copy = server.get(location + "/word")
    assert copy.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    comments = zipfile.ZipFile(io.BytesIO(copy.body)).read("word/comments.xml").decode()
    assert len(re.findall(r"<w:comment ", comments)) == len(findings) > 0
    Document(io.BytesIO(copy.body))  # Word's own reader opens it


def test_every_text_from_a_report_or_a_name_is_escaped(server):
    hostile = "<script>alert(1)</script>"
    text = generate(seed=8).text.replace("某某县数据资源局", "某某县" + hostile + "局", 1)
    page = server.post("/review", [("file", f"<img src=x onerror=alert(1)>{hostile}.txt", text.encode())])
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    batch = server.batch([("files", "<img src=x onerror=alert(1)>.txt", text.encode())])
    table = server.get(f"/b/{batch}").text
    assert "<img src=x" not in table and "&lt;img src=x onerror=alert(1)&gt;.txt" in table


def test_every_answer_declares_the_content_security_policy(server):
    for answer in (server.get("/"), server.get("/office"), server.get("/api/health"), server.get("/static/app.js"),
                   server.get("/b/nothing-here"), server.post("/api/check", [])):
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_health_and_what_is_not_found(server):
    assert server.get("/api/health").json()["status"] == "ok"
    missing = server.get("/b/AAAAAAAAAAAAAAAAAAAAAAAA")
    assert missing.status == 404 and "没有这个地址" in missing.text
    assert server.get("/b/AAAAAAAAAAAAAAAAAAAAAAAA/0/word").status == 404
    assert server.get("/api/batches/AAAAAAAAAAAAAAAAAAAAAAAA").json() == {"error": "未找到"}
    nothing = server.post("/api/check", [])
    assert nothing.status == 400 and "请选择" in nothing.json()["error"]


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_batch_table_holds_the_workbook_of_check_format_xlsx(server, capsys, tmp_path):
    from conftest import run
    from openpyxl import load_workbook

    reports = {f"{s.year}.txt": s.text.encode() for s in series(seed=9, years=(2022, 2023))}
    reports["broken.txt"] = generate(seed=10, overrides=BROKEN).text.encode()
    batch = server.batch([("files", "folder.zip", zipped({f"reports/{n}": d for n, d in reports.items()}))])
    book = load_workbook(io.BytesIO(server.get(f"/b/{batch}/xlsx").body))
    (tmp_path / "reports").mkdir()
    for name, data in reports.items():
        (tmp_path / "reports" / name).write_bytes(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        run(capsys, "check", *(f"reports/{n}" for n in reports), "--format", "xlsx", "--output-file", "cli.xlsx")
    cli = load_workbook(tmp_path / "cli.xlsx")
    for sheet in ("文件", "问题"):
        assert [list(r) for r in book[sheet].iter_rows(values_only=True)] == \
            [list(r) for r in cli[sheet].iter_rows(values_only=True)]
    table = server.get(f"/b/{batch}").text
    headings = re.findall(r"<th[^>]*>([^<]+)</th>", table)
    assert headings[:10] == ["文件", "单位", "标题", "年度", "格式版本", "状态", "错误", "警告", "提示", "SHA-256"]
    assert "勾稽" in headings and len(re.findall(r"<tr><td", table)) == 3
    assert f'href="/b/{batch}/2"' in table and "reports/broken.txt" in table
    csv = server.get(f"/b/{batch}/csv").body.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("文件,单位,标题,年度,格式版本,代码")


def test_deleting_a_batch_deletes_all_of_it(server):
    batch = server.batch([("files", "a.txt", generate(seed=11).text.encode())])
    assert server.get(f"/b/{batch}/0").status == 200
    assert server.post(f"/b/{batch}/delete", [], follow=False).status == 303
    for path in (f"/b/{batch}", f"/b/{batch}/0", f"/b/{batch}/xlsx", f"/b/{batch}/0/json"):
        assert server.get(path).status == 404


def test_an_editor_deletes_a_review_from_its_page(server):
    location = server.post("/review", [("file", "a.txt", generate(seed=15).text.encode())], follow=False).headers["location"]
    batch = location.split("/")[2]
    assert f'href="/b/{batch}/delete">删除本次检查结果</a>' in server.get(location).text
    asked = server.get(f"/b/{batch}/delete")
    assert f'<form method="post" action="/b/{batch}/delete">' in asked.text and server.get(location).status == 200
    assert server.post(f"/b/{batch}/delete", [], follow=False).headers["location"] == "/"
    assert server.get(location).status == server.get(location + "/json").status == 404


def test_limits_of_a_batch(server):
    many = [("files", f"{k}.txt", b"x") for k in range(21)]
    assert "每批最多 20 个文件" in server.post("/api/batches", many).json()["error"]
    assert "压缩包已损坏" in server.post("/api/batches", [("files", "a.zip", b"PK\x03\x04 not a zip")]).json()["error"]
    nothing = server.post("/api/batches", [("files", "a.zip", zipped({"picture.png": b"x"}))])
    assert nothing.status == 400 and "没有可检查的报告文件" in nothing.json()["error"]


def test_unzip_bounds_what_an_archive_unpacks_to(tmp_path):
    from disclint.serve.app import Refused, Settings, unzip

    settings = Settings(str(tmp_path), max_upload_mb=1, max_files=3)
    gbk = "某某局2023年报告.txt".encode("gbk")  # as a Windows archiver writes a name: GBK, not marked UTF-8
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("n" * (len(gbk) - 4) + ".txt", b"x")
        archive.writestr("../../etc/passwd.txt", b"y")
        archive.writestr("folder/", b"")
        archive.writestr("__MACOSX/._a.txt", b"z")
    windows = out.getvalue().replace(b"n" * (len(gbk) - 4) + b".txt", gbk)
    assert [(u.name, u.data) for u in unzip(windows, settings)] == [("某某局2023年报告.txt", b"x"),
                                                                           ("../../etc/passwd.txt", b"y")]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", b"0" * 700_000)
        archive.writestr("b.txt", b"0" * 700_000)
    assert len(bomb.getvalue()) < 10_000
    with pytest.raises(Refused, match="解压后超过 1 MB"):
        unzip(bomb.getvalue(), settings)
    with pytest.raises(Refused, match="最多 3 个文件"):
        unzip(zipped({f"{k}.txt": b"x" for k in range(4)}), settings)


def test_upload_labels_never_become_paths():
    from disclint.serve.app import label

    assert label("C:\\Users\\编辑\\草稿.docx") == "草稿.docx"
    assert label("../../etc/passwd") == "passwd"
    assert label("a\x1b[2Jb.txt") == "a\\x1b[2Jb.txt"
    assert label("") == label(None) == "未命名"


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """A second service: a token, a 2 MB upload limit, 0.3 seconds per file at most."""
    running = Server(str(tmp_path_factory.mktemp("guarded")), "--workers", "2", "--max-upload-mb", "2",
                     "--timeout", "0.3", env={"DISCLINT_TOKEN": "s3cret-token"}).start()
    yield running
    running.stop()


BEARER = {"Authorization": "Bearer s3cret-token"}


def test_the_token_is_checked_on_every_request(guarded):
    for answer in (guarded.get("/"), guarded.get("/api/health"), guarded.get("/static/app.js"),
                   guarded.post("/api/check", [("file", "a.txt", b"x")]),
                   guarded.get("/api/health", headers={"Authorization": "Bearer wrong"})):
        assert answer.status == 401
    assert "需要访问令牌" in guarded.get("/").text
    assert guarded.get("/api/health", headers=BEARER).status == 200
    entry = guarded.get("/office?token=s3cret-token", follow=False)
    assert entry.status == 303 and entry.headers["location"].endswith("/office")
    cookie = entry.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert guarded.get("/office", headers={"Cookie": cookie.split(";")[0]}).status == 200


def headers_only(server, headers: dict):
    """The answer to a POST of which only the headers are sent (the service answers without the body)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("POST", "/api/check")
    for name, value in {**BEARER, "Content-Type": "multipart/form-data; boundary=x", **headers}.items():
        connection.putheader(name, value)
    connection.endheaders()
    answer = connection.getresponse()
    try:
        return answer.status, json.loads(answer.read())
    finally:
        connection.close()


def test_an_upload_over_the_limit_is_refused_before_it_is_read(guarded):
    status, said = headers_only(guarded, {"Content-Length": str(2 * 1048576 + 1)})
    assert status == 413 and "超过 2 MB" in said["error"]
    status, said = headers_only(guarded, {"Transfer-Encoding": "chunked"})  # no length said: not read at all
    assert status == 411 and "Content-Length" in said["error"]


def test_a_slow_file_is_stopped_and_never_blocks_the_others(guarded):
    slow = (generate(seed=12).text * 300).encode()[:1_000_000]  # about a second of work: the limit is 0.3 s
    quick = "会议纪要：今天讨论了食堂的菜单。\n".encode()  # a few milliseconds
    with ThreadPoolExecutor(2) as both:
        stopped = both.submit(guarded.post, "/api/check", [("file", "slow.txt", slow)], BEARER)
        time.sleep(0.1)
        start = time.monotonic()
        answered = guarded.post("/api/check", [("file", "quick.txt", quick)], headers=BEARER)
        took = time.monotonic() - start
        assert answered.status == 200 and answered.json()["files"][0]["status"] == "not-a-report"
        assert took < 0.3
        finding = stopped.result().json()["files"][0]["findings"]
    assert [(f["code"], f["message"]) for f in finding] == [("P001", "检查超过 0.3 秒，已停止（文件过大或结构异常）")]
    again = guarded.post("/api/check", [("file", "quick.txt", quick)], headers=BEARER)  # the slot was replaced
    assert again.json()["files"][0]["status"] == "not-a-report"


def test_the_batch_table_survives_a_restart(tmp_path):
    first = Server(str(tmp_path), "--workers", "1").start()
    try:
        batch = first.batch([("files", "a.txt", generate(seed=14).text.encode())])
        table = first.get(f"/b/{batch}").text
    finally:
        first.stop()
    again = Server(str(tmp_path), "--workers", "1", port=first.port).start()
    try:
        assert again.get(f"/b/{batch}").text == table
        assert again.get(f"/b/{batch}/0").status == 200
    finally:
        again.stop()
    import sqlite3

    uploads = sqlite3.connect(tmp_path / "disclint-serve.sqlite3").execute("SELECT count(upload) FROM file").fetchone()
    assert uploads == (0,)  # the files themselves are kept only while they are checked


def test_serve_needs_a_token_beyond_loopback_and_says_which_extra_is_missing(capsys, monkeypatch):
    from conftest import run

    monkeypatch.delenv("DISCLINT_TOKEN", raising=False)
    code, _, err = run(capsys, "serve", "--host", "0.0.0.0", "--no-open")
    assert code == 2 and "必须设置访问令牌" in err
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    code, _, err = run(capsys, "serve", "--no-open")
    assert code == 2 and 'pip install ".[serve]"' in err


def test_the_command_line_does_not_load_the_service():
    import subprocess

    loaded = subprocess.run([sys.executable, "-c", "import sys; from disclint.cli import main; main(['rules']); "
                             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'multipart', "
                             "'anyio') or m.startswith('disclint.serve')))"], capture_output=True, text=True)
    assert loaded.stdout.splitlines()[-1] == "[]"
