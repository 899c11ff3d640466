"""The review service in a real browser: Debian's Chromium driven by Playwright (never a downloaded
browser). An editor drops the bundled example and sees its warning, chooses a Word draft and opens the
annotated copy it downloads; an office uploads a folder's .zip and sorts the table. With
DISCLINT_SCREENSHOTS=FOLDER the pages are saved there as PNG (docs/img/ holds the ones docs/serve.md shows).

Skipped only where no Chromium is installed (.ci/run installs it with apt-get)."""
from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from documents import as_docx

from disclint.synth import generate, series

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "report-2023.txt"  # README's first command checks it
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, args=FLAGS, headless=True,
            accept_downloads=True, viewport={"width": 1200, "height": 900}, locale="zh-CN")
        yield context
        context.close()


@pytest.fixture
def page(browser):
    opened = browser.new_page()
    yield opened
    opened.close()


def shot(page, name: str) -> None:
    """The page as docs/serve.md shows it, when screenshots are asked for."""
    folder = os.environ.get("DISCLINT_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=False)


def test_an_editor_drops_the_bundled_example_and_sees_its_warning(server, page):
    page.goto(server.url + "/")
    shot(page, "serve-editor.png")
    dropped = page.evaluate_handle("""([name, text]) => {
        const data = new DataTransfer(); data.items.add(new File([text], name, {type: "text/plain"})); return data; }""",
                                   [EXAMPLE.name, EXAMPLE.read_text(encoding="utf-8")])
    with page.expect_navigation(url=re.compile(r"/b/[\w-]{24}/0$")):
        page.dispatch_event("#drop", "drop", {"dataTransfer": dropped})
    assert page.inner_text("#verdict") == "发现 1 个警告"
    finding = page.inner_text("ol.findings li")
    assert "S104" in finding and "五、存在的主要问题及改进情况" in finding
    shot(page, "serve-review.png")
    with page.expect_download() as download:
        page.click("text=下载已修复的文本")
    fixed = Path(download.value.path()).read_text(encoding="utf-8")
    assert fixed == EXAMPLE.read_text(encoding="utf-8").replace("存在的主要问题及整改措施", "存在的主要问题及改进情况")


def test_an_editor_downloads_the_word_draft_with_comments(server, page, tmp_path):
    from docx import Document

    draft = tmp_path / "年度报告.docx"
    draft.write_bytes(as_docx(generate(seed=21, overrides={"s3.new.natural": "1"}, layout="pipes").text))
    page.goto(server.url + "/")
    page.set_input_files("#file", str(draft))
    with page.expect_navigation(url=re.compile(r"/b/[\w-]{24}/0$")):
        page.click("button[type=submit]")
    assert page.inner_text("#verdict").startswith("发现") and "错误" in page.inner_text("#verdict")
    with page.expect_download() as download:
        page.click("text=下载带批注的 Word 文档")
    assert download.value.suggested_filename == "年度报告-审阅稿.docx"
    copy = Document(download.value.path())
    comments = zipfile.ZipFile(download.value.path()).read("word/comments.xml").decode()
    assert "B" in comments and "disclint" in comments  # a balance finding, by disclint
    assert [p.text for p in copy.paragraphs][:3] == [p.text for p in Document(str(draft)).paragraphs][:3]


def test_an_office_uploads_a_folders_zip_and_sorts_the_table(server, page, tmp_path):
    folder = {f"某某县数据资源局/{s.year}年度报告.txt": s.text for s in series(seed=22, years=(2021, 2022, 2023))}
    folder["某某县数据资源局/2020年度报告.txt"] = generate(seed=23, edition="2019", year=2020,
                                                    overrides={"s3.new.natural": "1"}).text
    archive = tmp_path / "报告.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for name, text in folder.items():
            out.writestr(name, text)
    page.goto(server.url + "/office")
    page.set_input_files("#files", str(archive))
    page.click("button[type=submit]")
    page.wait_for_selector("table#table", timeout=60_000)
    years = lambda: [int(t) for t in page.locator("table#table tbody tr td:nth-child(4)").all_inner_texts()]  # noqa: E731
    assert sorted(years()) == [2020, 2021, 2022, 2023]
    page.click("table#table th:text-is('年度')")
    assert years() == [2020, 2021, 2022, 2023]
    page.click("table#table th:text-is('年度')")
    assert years() == [2023, 2022, 2021, 2020]
    page.click("table#table th:text-is('错误')")
    errors = [int(t) for t in page.locator("table#table tbody tr td:nth-child(7)").all_inner_texts()]
    assert errors == sorted(errors) and errors[-1] > 0
    page.fill("#filter", "2020年度报告")
    assert page.locator("table#table tbody tr:visible").count() == 1
    page.fill("#filter", "")
    shot(page, "serve-batch.png")
    with page.expect_navigation():
        page.click("table#table tbody tr:last-child td:first-child a")
    assert "返回批次汇总表" in page.inner_text("nav.serve")
    with page.expect_download() as download:
        page.go_back()
        page.click("text=下载 Excel")
    from openpyxl import load_workbook

    assert download.value.suggested_filename == "disclint-batch-问题.xlsx"
    assert load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))["文件"].max_row == 5
