"""Scanned pages read by OCR: the optional extra ``pip install "disclint[ocr]"`` (rapidocr-onnxruntime).

A report signed and stamped is often published as a scan: pages that are images, with no text layer. The PDF
reader (pdf.py) asks ``scan(page)`` for such a page and reads what it returns as it reads a page with text:
the words as boxes where the text layer's characters would be, and the table's ruling lines as the segments
the page's paths would draw, so the tables are rebuilt by the same lattice, cell by cell, and the lines the
pipeline reads have the same layout as those of a PDF exported from Word.

The engine is rapidocr-onnxruntime (1.4): the PP-OCR detection and recognition models, trained on Chinese
print, ship inside its wheel (it never downloads at run time: it runs where only PyPI is reachable), and it installs
from pip alone on Linux, macOS and Windows; Tesseract's ``chi_sim`` needs a system package and a binary on
the PATH, which Windows offices do not have. It is imported when the first image page is met, so a run
without scans pays nothing for it. The cost: about 0.5 GB installed (ONNX Runtime, OpenCV) and some seconds
a page (docs/performance.md).

OCR can be wrong, so what it read is said: ``reading(pages, lines, map)`` gives the ``Reading`` (readers/
__init__.py) of the lines: the lines that come from scanned pages, and the figures and words on them read
with low confidence (``UNSURE``) or not found among what was read, by which the engine marks every finding
on those pages and never lets a doubtful figure be the basis of an error (engine.trusted).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib.util import find_spec
from typing import NamedTuple

from . import Doubt, Reading

#: The engine's module, and how to install it (named in the finding on a scan read without it).
ENGINE = "rapidocr_onnxruntime"
EXTRA = 'pip install "disclint[ocr]"'
#: The resolution a scanned page is rendered at for OCR: a table's 7 pt digits are 29 pixels high and the
#: ``.`` and ``、`` of its labels some pixels wide; at 200 dpi the recogniser dropped those marks, and a
#: label without them is no row of the template.
DPI = 300
#: The longest side, in pixels, of the image text is detected on (reading is done on the full image).
DETECT = 1200
#: Text outside the tables is detected band by band, each band BAND pixels of the shrunk image high, seen
#: with MARGIN pixels of its neighbours above and below: the detector's working space grows with the area it
#: is given (a whole page took some 270 MiB, a band some 30), and a band that holds no ink is not given to
#: it. A box belongs to the band its middle is in; MARGIN is more than half the height of any line of a
#: report (the box of a 22 pt title is some 45 pixels high here), so each line lies whole in its band.
BAND = 128
MARGIN = 48
#: The recogniser's input height, in pixels (PP-OCR's): every piece is scaled to it before it is read.
HEIGHT = 48
#: Pieces of text of the same width are read together, BATCH columns of pixels a recogniser call at most
#: (its cost grows with the columns, faster past some 500 a call): a call a piece cost a third more. The
#: width of a piece is its height's HEIGHT scaled down, as the recogniser would scale it (one pixel more, or
#: one pixel of white padding, changed what some lone zeros read as), so each is read as if alone.
BATCH = 512
#: A figure the recogniser is less sure of than this is "unsure": never the basis of an error. Lone digits
#: read right score 0.4–1 (a zero often 0.5–0.8), so the confidence alone tells little: the guard that
#: matters is reading whole cells (no figure of 400 on generated scans misread) and mending lone figures
#: as guesses (``_figure``); this bound keeps the doubtful tail out of errors.
UNSURE = 0.5
#: The shortest run of dark pixels that is a ruling line, in points: longer than any stroke of a character
#: (a 10.5 pt 一 is about 10 pt wide), shorter than the narrowest cell of a report's tables.
MIN_RULE = 15.0
#: The threads ONNX Runtime uses: one, as a batch already runs a process per core (``--jobs``), and threads
#: that wait on a busy core spin instead of working.
THREADS = 1
#: A pixel darker than this (0 black, 255 white) is ink.
INK = 128
#: The rows (or columns) of a page image looked at together when its ruling lines are sought.
STRIP = 256

#: What is compared between the boxes read and the reader's lines: figures, and runs of other text.
_TOKENS = re.compile(r"\d+(?:\.\d+)?|[^\s|\d]+")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
#: A page number between dashes (``— 3 —``) as OCR reads it, a dash often as 一: dropped then as furniture.
_PAGE_NUMBER = re.compile(r"^[—一–\-]\s*(\d{1,4})\s*[—一–\-]$")
#: Characters OCR reads a lone 0 or 1 as.
_LOOKALIKES = str.maketrans("oO。°lI", "000011")


class Box(NamedTuple):
    """A word or line the recogniser read, in page points (top of the page at 0): the fields of the PDF
    reader's characters, and how sure the recogniser is of it (0–1)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


class Scanned(list):
    """The blocks of a page read by OCR (as pdf.py's page blocks), with the boxes they were made from."""

    def __init__(self, blocks, boxes: list):
        super().__init__(blocks)
        self.boxes = boxes


def available() -> bool:
    """Whether the OCR extra is installed (without importing it)."""
    return find_spec(ENGINE) is not None


def hint() -> str:
    """What a finding on an unread scan adds: how to have it read (nothing when the extra is installed)."""
    return "" if available() else f"；或安装 OCR 扩展（{EXTRA}）后由 disclint 识别扫描页"


@lru_cache(maxsize=1)
def _engine():
    """The recogniser, made once per process: its models are loaded from its own package, never downloaded.
    Every box is kept (``text_score=0``): a figure read with low confidence is reported as such, not dropped;
    the angle classifier is off, a scan of a report is upright. The detector is given bands no larger than
    DETECT pixels and never scales them up (``det_limit_type`` max). The recogniser is given pieces of one
    width at a time (``_read``), so it pads none to the widest of a batch (a lone ``0`` padded with gray
    reads as ``。``); ``rec_img_shape`` HEIGHT × HEIGHT is the least width, and ``rec_batch_num`` lets it
    read a group in one call."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(text_score=0.0, use_cls=False, print_verbose=False, intra_op_num_threads=THREADS,
                    inter_op_num_threads=1, det_limit_type="max", det_limit_side_len=DETECT,
                    rec_img_shape=[3, HEIGHT, HEIGHT], rec_batch_num=BATCH)


def scan(page) -> tuple[list, list[tuple[float, float, float, float]]] | None:
    """A page without a text layer as (the boxes of text read on it, its ruling lines as segments), in page
    points; None when the OCR extra is not installed. The boxes (``Box``) stand where the PDF reader's
    characters would, with their fields."""
    if not available():
        return None
    import numpy

    from . import SourceError
    from .lattice import TooComplex, tables

    try:
        _engine()
    except (ImportError, OSError) as exc:  # installed, but a library it needs is missing (libGL for OpenCV)
        raise SourceError(f"OCR 扩展已安装但无法加载（{exc}），扫描页未能识别：请重新安装 {EXTRA}") from None
    scale = DPI / 72
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        gray = numpy.array(bitmap.to_numpy(), dtype=numpy.uint8, copy=True).reshape(bitmap.height, -1)[:, :bitmap.width]
    finally:
        bitmap.close()
    segments = rulings(gray, scale)
    try:
        cells = [[round(v * scale) for v in cell] for table in tables(segments) for cell in table.cells]
    except TooComplex:
        cells = []  # pdf.py refuses the page when it finds the tables
    boxes = [Box(text, x0 / scale, top / scale, x1 / scale, bottom / scale, confidence)
             for text, x0, top, x1, bottom, confidence in recognise(gray, cells)]
    return boxes, segments


def recognise(gray, cells=()) -> list[tuple[str, float, float, float, float, float]]:
    """The text of an image (a 2-D array of gray levels) as boxes (text, x0, top, x1, bottom, confidence) in
    its pixels. A table cell (``cells``: x0, top, x1, bottom) is read line by line from its own ink, margins
    included: a figure is then read from its cell, never from a detected box that cut off one of its digits
    or a label's ``.`` or ``、``. Text outside the cells is found by the detector (``_detect``) and read from
    the full image."""
    crops, places = [], []
    for x0, top, x1, bottom in cells:
        lines = _ink_lines(gray, x0, top, x1, bottom)
        for ix0, itop, ix1, ibottom in lines:
            margin = (ibottom - itop) // 3  # the margin a detected box has, kept within the cell
            box = (max(x0 + 2, ix0 - 3 * margin), max(top + 2, itop - margin), min(x1 - 2, ix1 + 3 * margin),
                   min(bottom - 2, ibottom + margin))
            crops.append(gray[box[1]:box[3], box[0]:box[2]])
            places.append((box, len(lines) == 1))
    alone = _detect(gray, cells)
    if alone:
        crops.extend(_engine().get_crop_img_list(gray, alone))
        places.extend(((box[:, 0].min(), box[:, 1].min(), box[:, 0].max(), box[:, 1].max()), False) for box in alone)
    out = []
    for k, (((x0, top, x1, bottom), lone), (text, confidence)) in enumerate(zip(places, _read(crops))):
        text, confidence = text.strip().translate(_FULLWIDTH_DIGITS), float(confidence)
        if lone:
            text, confidence = _figure(text, confidence)
        text = _PAGE_NUMBER.sub(r"— \1 —", text)  # so that the PDF reader drops it as page furniture
        if k >= len(places) - len(alone):
            text += " "  # boxes outside the cells that share a line (a table without rules) stay apart
        if text:
            out.append((text, float(x0), float(top), float(x1), float(bottom), confidence))
    return out


def _detect(gray, cells) -> list:
    """The boxes of text outside the cells (four corners each, in the image's pixels), found by the detector on
    the image shrunk to DETECT pixels at most (finding text needs less detail than reading it), with the cells
    painted white, band by band (BAND), skipping the bands without ink: a page of tables costs little. Ink is
    sought on the full image, where a thin stroke is still dark."""
    import cv2
    import numpy

    outside = gray.copy()
    pad = max(3, round(DPI / 72))  # the cell's ruling lines too
    for x0, top, x1, bottom in cells:
        outside[max(0, top - pad):bottom + pad, max(0, x0 - pad):x1 + pad] = 255
    shrink = min(1.0, DETECT / max(gray.shape))
    small = cv2.resize(outside, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA) if shrink < 1 else outside
    found = []
    for start in range(0, small.shape[0], BAND):
        top, bottom = max(0, start - MARGIN), min(small.shape[0], start + BAND + MARGIN)
        columns = (outside[int(top / shrink):math.ceil(bottom / shrink)] < INK).any(axis=0).nonzero()[0]
        if not columns.size:
            continue
        left = max(0, int(columns[0] * shrink) - MARGIN)
        right = min(small.shape[1], math.ceil((columns[-1] + 1) * shrink) + MARGIN)
        boxes, _ = _engine().text_det(cv2.cvtColor(small[top:bottom, left:right], cv2.COLOR_GRAY2BGR))
        for box in (boxes if boxes is not None else ()):
            box = numpy.asarray(box, dtype=numpy.float32) + numpy.array((left, top), dtype=numpy.float32)
            if start <= box[:, 1].mean() < start + BAND:  # the band its middle is in, where it lies whole
                found.append(box / numpy.float32(shrink))
    return found


def _read(crops: list) -> list[tuple[str, float]]:
    """The text read on each piece of an image (2-D arrays of gray levels), and how sure the recogniser is of
    it, in order: the pieces scaled to HEIGHT pixels high and read by groups of the same width (BATCH)."""
    import cv2

    groups: dict[int, list[int]] = {}
    scaled = []
    for k, crop in enumerate(crops):
        scaled.append(cv2.cvtColor(cv2.resize(crop, (max(1, HEIGHT * crop.shape[1] // crop.shape[0]), HEIGHT)),
                                   cv2.COLOR_GRAY2BGR))
        groups.setdefault(scaled[-1].shape[1], []).append(k)
    out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    for width, group in groups.items():
        size = max(1, BATCH // width)
        for first in range(0, len(group), size):
            part = group[first:first + size]
            read, _ = _engine().text_rec([scaled[k] for k in part])
            for k, result in zip(part, read):
                out[k] = result
    return out


def _ink_lines(gray, x0: int, top: int, x1: int, bottom: int) -> list[tuple[int, int, int, int]]:
    """The lines of text inside a cell as the boxes of their ink, its ruling lines left out (a few pixels in
    from each edge); none for a blank cell. Runs of rows with ink, separated by blank rows, are lines; runs
    closer than a fifth of the tallest are one (a glyph the scan broke), and a run lower than half the
    tallest (a stroke of 二, a speck) joins the neighbour it is nearer to."""
    import numpy

    inset = max(3, round(DPI / 72))
    inner = gray[top + inset:bottom - inset, x0 + inset:x1 - inset] < INK
    if not inner.size or not inner.any():
        return []
    steps = numpy.diff(numpy.concatenate(([0], inner.any(axis=1).astype(numpy.int8), [0])))
    runs = [list(run) for run in zip(numpy.nonzero(steps == 1)[0].tolist(), numpy.nonzero(steps == -1)[0].tolist())]
    while len(runs) > 1:
        tallest = max(end - start for start, end in runs)
        near = next((k for k in range(1, len(runs)) if runs[k][0] - runs[k - 1][1] <= tallest / 5), None)
        if near is not None:  # a gap no line spacing is this narrow: one glyph broken (a 7's bar)
            runs[near - 1:near + 1] = [[runs[near - 1][0], runs[near][1]]]
            continue
        low = min(range(len(runs)), key=lambda k: runs[k][1] - runs[k][0])
        if runs[low][1] - runs[low][0] >= tallest / 2:
            break
        above = runs[low][0] - runs[low - 1][1] if low > 0 else None
        below = runs[low + 1][0] - runs[low][1] if low + 1 < len(runs) else None
        into = low - 1 if below is None or (above is not None and above <= below) else low + 1
        first, last = min(low, into), max(low, into)
        runs[first:last + 1] = [[runs[first][0], runs[last][1]]]
    out = []
    for start, end in runs:
        columns = inner[start:end].any(axis=0).nonzero()[0]
        out.append((x0 + inset + int(columns[0]), top + inset + start, x0 + inset + int(columns[-1]) + 1,
                    top + inset + end))
    return out


def _figure(text: str, confidence: float) -> tuple[str, float]:
    """A cell's text as read, with the misreadings OCR makes of a lone figure undone (a 0 read as ``o``, ``。``
    or ``°``, a 1 as ``l``, a speck read as a point after it: ``4.``); a text so mended is a guess, and its
    confidence is put below UNSURE so that no error rests on it. Other texts are left as read."""
    mended = text.translate(_LOOKALIKES).strip(".,·'`")
    if mended != text and mended.isdigit():
        return mended, min(confidence, UNSURE / 2)
    return text, confidence


def rulings(gray, scale: float) -> list[tuple[float, float, float, float]]:
    """The ruling lines of a page image (a 2-D array of gray levels) as segments in points: each run of ink
    pixels along a pixel row (or column) at least MIN_RULE long. A line some pixels thick gives a segment
    per pixel row; the lattice snaps them to one. The image is looked at STRIP rows (or columns) at a time:
    the runs of a whole page of text, with their places, took some 60 MiB at once."""
    import numpy

    shortest = max(2, round(MIN_RULE * scale))
    out = []
    for horizontal, grid in ((True, gray), (False, gray.T)):
        for first in range(0, grid.shape[0], STRIP):
            strip = grid[first:first + STRIP]
            padded = numpy.zeros((strip.shape[0], strip.shape[1] + 2), dtype=numpy.int8)
            padded[:, 1:-1] = strip < INK
            steps = numpy.diff(padded, axis=1)
            starts, ends = numpy.nonzero(steps == 1), numpy.nonzero(steps == -1)
            long = (ends[1] - starts[1]) >= shortest  # starts and ends pair up, row by row, in order
            for at, start, end in zip(starts[0][long], starts[1][long], ends[1][long]):
                at, start, end = (first + at + 0.5) / scale, start / scale, end / scale
                out.append((start, at, end, at) if horizontal else (at, start, at, end))
    return out


def _reading_order(boxes: list[Box]) -> list[Box]:
    """Boxes in the order a reader's lines hold them: by line (middles within half a box's height), left to
    right; a table's rows are lines too, so its figures come row by row."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: ((b.top + b.bottom) / 2, b.x0)):
        middle = (box.top + box.bottom) / 2
        if lines and abs(middle - (lines[-1][0].top + lines[-1][0].bottom) / 2) <= (box.bottom - box.top) / 2:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [box for line in lines for box in sorted(line, key=lambda b: b.x0)]


def reading(pages: list, lines: tuple[str, ...], map) -> Reading | None:
    """How the lines were read, when some of the pages were scans read by OCR: the lines from those pages,
    and each figure of those lines read with low confidence, or not found among what was read (a figure the
    reader joined from several boxes), as a Doubt. ``map`` gives the page of a position (pdf.PdfMap)."""
    scanned = {number: page.boxes for number, page in enumerate(pages, 1) if isinstance(page, Scanned)}
    if not scanned:
        return None
    from difflib import SequenceMatcher

    on_scans = frozenset(i for i in range(1, len(lines) + 1) if map.page(i) in scanned)
    doubts = []
    for number, boxes in scanned.items():
        read = [(m.group(), box.confidence) for box in _reading_order(boxes) for m in _TOKENS.finditer(box.text)]
        placed = [(i, m) for i in sorted(on_scans) for m in _TOKENS.finditer(lines[i - 1])
                  if map.page(i, m.start() + 1) == number]
        matcher = SequenceMatcher(None, [text for text, _ in read], [m.group() for _, m in placed], autojunk=False)
        sure = {}
        for a, b, size in matcher.get_matching_blocks():
            for k in range(size):
                sure[b + k] = read[a + k][1]
        for k, (i, m) in enumerate(placed):
            confidence = sure.get(k)
            if confidence is None or confidence < UNSURE:
                doubts.append(Doubt(i, m.start(), m.end(), m.group(), number, confidence))
    return Reading("ocr", on_scans, tuple(doubts))
