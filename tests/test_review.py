"""The HTML review page: the defect is marked at its cell and listed, and the page stands alone."""
from __future__ import annotations

from html.parser import HTMLParser

from disclint.cli import main


class Page(HTMLParser):
    """Elements by id, with their attributes and text."""

    def __init__(self, text):
        super().__init__()
        self.elements, self.stack, self.tags = {}, [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        entry = {"tag": tag, "attrs": attrs, "text": ""}
        if "id" in attrs:
            self.elements[attrs["id"]] = entry
        self.stack.append(entry)

    def handle_endtag(self, tag):
        while self.stack:
            entry = self.stack.pop()
            if entry["tag"] == tag:
                break

    def handle_data(self, data):
        for entry in self.stack:
            entry["text"] += data


def review(tmp_path, capsys, text, name="report.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    main(["check", str(path), "--format", "html"])
    return Page(capsys.readouterr()[0])


def test_defect_is_marked_at_its_cell_and_listed(tmp_path, capsys, seed_text):
    lines = seed_text.replace("米府办发〔202049号", "米府办发〔2020〕49号").split("\n")
    lines[154] = "1"  # line 155: 本年新收 自然人
    page = review(tmp_path, capsys, "\n".join(lines))
    cell = page.elements["cell-s3.new.natural"]
    assert cell["attrs"]["class"].startswith("flag-error") and cell["text"].startswith("1")
    assert "B301" in cell["attrs"]["title"]
    items = [e for key, e in page.elements.items() if key.startswith("item")]
    b301 = next(e for e in items if "B301" in e["text"])
    assert "（应为 0，实为 1）" in b301["text"] and "第 155 行" in b301["text"]  # the figures beside the message
    links = [a["href"] for tag, a in page.tags if tag == "a" and "href" in a]
    assert "#cell-s3.new.natural" in links
    assert page.elements["L155"]["text"] == "155"


def test_narrative_finding_is_highlighted_in_the_text(tmp_path, capsys, seed_text):
    page = review(tmp_path, capsys, seed_text)
    mark = next(e for key, e in page.elements.items() if key.startswith("f") and e["tag"] == "mark")
    assert mark["text"] == "米府办发〔202049号" and mark["attrs"]["class"] == "error"
    assert not [a for tag, a in page.tags if tag in ("script", "link") or (tag == "img" and "src" in a)]


def test_batch_writes_an_index(tmp_path, capsys, seed_text):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(seed_text, encoding="utf-8")
    (folder / "b.txt").write_text(seed_text.replace("米府办发〔202049号", "米府办发〔2020〕49号"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["check", str(folder), "--format", "html", "--output-file", str(out)]) == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "0001-a.html" in index and "0002-b.html" in index
    assert (out / "0001-a.html").exists()
    assert main(["check", str(folder), "--format", "html"]) == 2


def test_values_the_message_quotes_are_not_repeated_beside_it(tmp_path, capsys):
    from disclint.synth import generate

    text = generate(seed=1).text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")
    page = review(tmp_path, capsys, text)
    [s104] = [e for key, e in page.elements.items() if key.startswith("item") and "S104" in e["text"]]
    assert "章节标题应为“五、存在的主要问题及改进情况”，实为“五、存在的主要问题及整改措施”" in s104["text"]
    assert "（应为" not in s104["text"]
