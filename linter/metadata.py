"""What a report says about itself: its title, year, agency and publication date.

Copies carry more than the report: a crawler's header (``标题: …``, ``采集时间: 2025-12-30``), a site's
breadcrumb and clock (``2025年12月30日 星期二``), a title with the site's name appended (``…年度报告-沭阳县发改局``).
The report's own facts are read from the report's own places: the title as printed (a key such as ``标题:``
and a site suffix removed), the publication date from the page's or document's 发布日期/发布时间/公开日期/
成文日期 (in a ``key: date`` line or a ``key | date`` row of the page's metadata table), and failing that
the date the report is signed with at its end. A date under a key of the copying (采集/抓取/下载时间) is never
the report's.

The title is the report's own title line; the page's keys (``名 称: …``, a ``标题 | …`` row) and breadcrumbs are
read only when the copy has no title line of its own, and the keys of the site's filing (``栏目:``, ``索引号:``…)
never. A title whose agency is printed on the line above it (``某某局`` / ``2023年政府信息公开工作年度报告``) is one
title. The agency is the title's words around its year, else the page's 发布机构-like key.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import NamedTuple

from .ast import Document, Row
from .labels import norm
from .lexer import TEXT, TITLE, Piece
from .numbers import chinese_to_int

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
#: a year as a title writes it, in Arabic or in Chinese digits (二〇二三年)
TITLE_YEAR = r"(?:19|20)\d{2}|[一二][〇零○O一二三四五六七八九]{3}"
_CHINESE_DIGITS = {char: str(value) for value, chars in enumerate(("〇零○O", "一", "二", "三", "四", "五", "六", "七", "八", "九"))
                   for char in chars}
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})年1月1日")
_TITLE_TAIL = re.compile(rf"(?:(?:{TITLE_YEAR})年度?)?(?:政府信息公开|政务公开).*$")
_TITLE_YEAR = re.compile(rf"^(?:{TITLE_YEAR})年度?")
_TITLE_YEAR_IN = re.compile(rf"({TITLE_YEAR})年")


def _keys(*words: str) -> str:
    """An alternation of keys as pages print them: ``索 引 号`` spaced out to fill a column as often as not."""
    return "|".join(r"\s*".join(word) for word in words)


_TITLE_KEY = re.compile(rf"^\s*(?:文\s*章\s*)?(?:{_keys('标题', '名称', '题目')})\s*[:：]\s*")
#: keys of the site's filing of a page: what follows them is never the report's title (``栏目: 政府信息公开年报``)
_SITE_KEY = re.compile(rf"^\s*(?:所属)?(?:{_keys('栏目', '频道', '分类', '主题分类', '信息分类', '索引号', '文号', '来源')})\s*[:：|]")
_SITE_SUFFIX = re.compile(r"(?<=报告|年报)\s*[-_—–|｜]+\s*[^-_—–|｜]{2,30}$")
#: a breadcrumb printed before the title on a saved page: 当前位置：首页 > 政务公开 > 年度报告 >
_BREADCRUMB = re.compile(r"^\s*(?:当前位置\s*[:：]\s*)?(?:[^>＞»›\n]{0,20}[>＞»›]\s*)+")

#: Keys under which a page or a document gives its publication date, in order of preference.
DATE_KEYS = ("发布日期", "发布时间", "公开日期", "公开时间", "成文日期", "发文日期", "印发日期", "日期", "时间")
#: Words before 时间/日期 that make the date the copying's, not the report's.
_COPYING = ("采集", "抓取", "下载", "爬取", "保存", "访问", "打印", "更新", "生成", "创建", "浏览", "截止", "统计", "办理")
_KEY = re.compile("|".join(DATE_KEYS))
_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_CHINESE_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
#: keys under which a page names the agency that published it (not 来源: a county's office often posts its
#: townships' reports)
_AGENCY_KEY = re.compile(rf"(?:{_keys('发布机构', '发文机关', '发布单位', '发文单位', '公开主体')})\s*[:：]?\s*")
_KEY_VALUE = re.compile(r"[^\s|｜:：,，;；]{2,30}")
_SENTENCE = re.compile(r"[，,。；;：:]")
#: words of a site's banner, which may end like an agency's name (某某县政府门户网站)
_SITE_WORDS = re.compile(r"网站|门户|欢迎|访问|首页|专栏|平台|栏目|位置")


_GOVERNMENT = re.compile(r"(?:省|自治区|市|州|盟|区|县|旗)(?:人民政府)?$")
_TOWNSHIP = re.compile(r"(?:镇|乡|苏木|街道|街道办事处|办事处)(?:人民政府)?$")
_DEPARTMENT = re.compile(r"(?:办公室|办公厅|局|委员会|委|厅|中心|院|署|办|所|站|处|会|队|馆|部)$")


def agency_kind(agency: str | None) -> str | None:
    """The kind of agency a name is: 'government' (a 县级以上 people's government as a whole), 'department',
    'township' or None."""
    if not agency:
        return None
    if _TOWNSHIP.search(agency):
        return "township"
    if _DEPARTMENT.search(agency):
        return "department"
    if _GOVERNMENT.search(agency):
        return "government"
    return None


class Metadata(NamedTuple):
    title: Piece | None
    title_text: str | None          # the title as printed: without a crawler's key or a site's suffix
    year: int | None
    year_piece: Piece | None
    agency: str | None
    published: dt.date | None
    published_piece: Piece | None
    published_source: str | None    # the key the date was read from (公开日期…), or 落款日期


def clean_title(text: str) -> str:
    """``标题：某某局2023年政府信息公开年度报告-某某局`` → ``某某局2023年政府信息公开年度报告``; also without
    a breadcrumb before it (``首页 > 政务公开 > 某某局2023年…``)."""
    return _SITE_SUFFIX.sub("", _BREADCRUMB.sub("", _TITLE_KEY.sub("", text))).strip()


def _title(front) -> Piece | None:
    """The title as printed: of the title lines before the first section, one that names a year or an agency
    (not a menu's 政府信息公开年报), the report's own (a page's ``标题:`` key or a breadcrumb only when there is no
    other), the most complete (the page's heading often repeats the title without the agency); never a key of
    the site's filing (``栏目:``)."""
    titles = [b for b in front if isinstance(b, Piece) and b.type == TITLE and not _SITE_KEY.match(b.text)]
    if not titles:
        return None

    def rank(title):
        text = clean_title(title.text)
        names = bool(_named(text) or _TITLE_YEAR_IN.search(norm(text)))
        furniture = bool(_TITLE_KEY.match(title.text) or _BREADCRUMB.match(title.text))
        return names, not furniture, len(text), -titles.index(title)

    return max(titles, key=rank)


def _named(title: str) -> str:
    """The agency a title names: its words before the year, or between the year and 政府信息公开."""
    return _TITLE_YEAR.sub("", _TITLE_TAIL.sub("", norm(title)))


def _line_above(front, piece: Piece) -> str | None:
    """The agency printed alone on the line above a title that names none (``某某局`` / ``2023年政府信息公开
    工作年度报告``): the short line before it that reads as an agency's name."""
    index = next(i for i, block in enumerate(front) if block is piece)
    above = front[index - 1] if index else None
    if not isinstance(above, Piece) or above.type != TEXT or above.end_line >= piece.line:
        return None
    name = norm(above.text)
    if len(name) > 30 or _SENTENCE.search(name) or _SITE_WORDS.search(name) or not agency_kind(name):
        return None
    return above.text.strip()


def year_value(written: str) -> int:
    """The year a title writes: ``2023`` or ``二〇二三`` → 2023."""
    return int("".join(_CHINESE_DIGITS.get(char, char) for char in written))


def _year(document: Document, title: str | None, title_piece: Piece | None):
    if title and (match := _TITLE_YEAR_IN.search(norm(title))):
        return year_value(match.group(1)), title_piece
    years: Counter[int] = Counter()
    first: dict[int, Piece] = {}
    for section, block in document.blocks():
        if isinstance(block, Piece) and block.type == TEXT and (section is None or section.match.section.id == "s1"):
            normed = norm(block.text)
            if match := _PERIOD.search(normed):
                return int(match.group(1)), block
            for match in _YEAR.finditer(normed):
                years[int(match.group(1))] += 1
                first.setdefault(int(match.group(1)), block)
    if years:
        year = years.most_common(1)[0][0]
        return year, first[year]
    return None, None


def date_line(text: str) -> dt.date | None:
    """The date of a line that holds nothing but a date (``2024年1月19日``, ``二〇二四年一月十九日``): the date a
    report closes with, under its agency's name."""
    text = text.strip()
    return _date(text) if _DATE.fullmatch(text) or _CHINESE_DATE.match(text) else None


def _date(text: str) -> dt.date | None:
    match = _DATE.match(text.strip())
    if match is None:
        chinese = _CHINESE_DATE.match(text.strip())
        if chinese is None:
            return None
        digits = "".join(str(chinese_to_int(c)) for c in chinese.group(1))
        month, day = chinese_to_int(chinese.group(2)), chinese_to_int(chinese.group(3))
        if month is None or day is None:
            return None
        parts: tuple[int, ...] = (int(digits), month, day)
    else:
        parts = tuple(map(int, match.groups()))
    try:
        return dt.date(*parts)
    except (ValueError, TypeError):
        return None


def _pieces(blocks):
    for block in blocks:
        if isinstance(block, Row):
            yield block.label
            yield from block.values
        else:
            yield block


def _keyed_date(front) -> tuple[dt.date | None, Piece | None, str | None]:
    """The publication date of the page's metadata: ``发布日期：2024-01-17`` or a row ``公开日期 | 2024-01-17``."""
    pieces = list(_pieces(front))
    found = []
    for index, piece in enumerate(pieces):
        for key in _KEY.finditer(piece.text):
            before = piece.text[:key.start()]
            if before.rstrip().endswith(_COPYING) or (before and before[-1] not in "|】]：:· \t\u3000\xa0"):
                continue  # 采集时间 and the like; or a key inside a sentence
            rest = piece.text[key.end():].lstrip(" \t:：")
            date = _date(rest[:12]) if rest else None
            if date is None and not rest.strip() and index + 1 < len(pieces) and pieces[index + 1].line == piece.line:
                date = _date(pieces[index + 1].text[:12])  # a metadata table: key | date
            if date is not None:
                found.append((DATE_KEYS.index(key.group()), date, piece, key.group()))
            break
    if not found:
        return None, None, None
    _, date, piece, name = min(found, key=lambda f: f[0])
    return date, piece, name


def _signed_date(document: Document) -> tuple[dt.date | None, Piece | None]:
    """The date the report is signed with: a line that is only a date, among its last lines."""
    last = [b for _, b in document.blocks() if isinstance(b, Piece) and b.type == TEXT][-3:]
    for piece in reversed(last):
        date = _date(piece.text)
        if date is not None:
            return date, piece
    return None, None


def _keyed_agency(front) -> str | None:
    """The agency the page's metadata names: ``发布机构: 某某局``, or a row ``发布机构 | 某某局``."""
    pieces = list(_pieces(front))
    for index, piece in enumerate(pieces):
        for key in _AGENCY_KEY.finditer(piece.text):
            rest = piece.text[key.end():]
            if not rest.strip() and index + 1 < len(pieces) and pieces[index + 1].line == piece.line:
                rest = pieces[index + 1].text  # a metadata table: key | agency
            value = _KEY_VALUE.match(rest.strip())
            if value and agency_kind(norm(value.group())) and not _SITE_WORDS.search(value.group()):
                return norm(value.group())
    return None


def read(document: Document) -> Metadata:
    title = _title(document.front)
    text = clean_title(title.text) if title else None
    if title and text and not _named(text) and (above := _line_above(document.front, title)):
        text = above + text
    year, year_piece = _year(document, text, title)
    published, piece, source = _keyed_date(document.front)
    if published is None:
        published, piece = _signed_date(document)
        source = "落款日期" if published else None
    agency = (_named(text) if text else None) or _keyed_agency(document.front)
    return Metadata(title, text, year, year_piece, agency, published, piece, source)
