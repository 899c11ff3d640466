"""Tables from their ruling lines (the lattice method): the grid a PDF draws, as rows of cells.

Axis-aligned segments of the page's paths are snapped to common coordinates and joined where they touch;
where a horizontal and a vertical edge cross is a corner; a cell is the smallest rectangle whose four
corners are corners joined by edges; cells that share corners make a table. A table's rows and columns are
its cells' distinct tops and lefts, and ``rows()`` gives, per row, one entry per column: the text of the
cell that starts there, or None where a cell merged from the left or from above covers it (as pdfplumber's
``extract`` does). Coordinates are points, the top of the page at 0.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

#: Segments closer than this (points) lie on one line; gaps narrower than this are joined.
SNAP = 3.0
#: The most pairs of a horizontal and a vertical edge, and the most corners, a page may have: a report's
#: page has some tens of each edge and a few hundred corners. A grid of 200 × 200 lines (400 segments, a
#: few hundred bytes of PDF) has 40,000 corners; past these bounds ``tables`` refuses (TooComplex) rather
#: than spend seconds to minutes on a page no report draws.
MAX_CROSSINGS = 250_000
MAX_CORNERS = 10_000


class TooComplex(Exception):
    """The page's ruling lines are more than any report draws (MAX_CROSSINGS, MAX_CORNERS)."""


class Edge(NamedTuple):
    horizontal: bool
    at: float        # y of a horizontal edge, x of a vertical one
    start: float     # x0 (or top) …
    end: float       # … x1 (or bottom)


class Cell(NamedTuple):
    x0: float
    top: float
    x1: float
    bottom: float


class Table(NamedTuple):
    cells: tuple[Cell, ...]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (min(c.x0 for c in self.cells), min(c.top for c in self.cells),
                max(c.x1 for c in self.cells), max(c.bottom for c in self.cells))

    def lefts(self) -> list[float]:
        """The lefts of its columns, in order."""
        return sorted({c.x0 for c in self.cells})

    def open_below(self) -> list[Cell]:
        """The cells of more than one row that reach its bottom: merged cells a page break may cut, which go on
        in the table's continuation on the next page."""
        tops, bottom = sorted({c.top for c in self.cells}), self.bbox[3]
        return [c for c in self.cells if c.bottom == bottom and c.top < tops[-1]]

    def grid(self) -> list[list[Cell | None]]:
        """Per row (distinct tops), one entry per column (distinct lefts): the cell starting there, or None."""
        tops = sorted({c.top for c in self.cells})
        lefts = sorted({c.x0 for c in self.cells})
        starting = {(c.top, c.x0): c for c in self.cells}
        return [[starting.get((top, left)) for left in lefts] for top in tops]


def _snap(values: list[float]) -> dict[float, float]:
    """Each value to the mean of its cluster (values within SNAP of the previous one)."""
    mapping: dict[float, float] = {}
    cluster: list[float] = []
    for value in sorted(set(values)):
        if cluster and value - cluster[-1] > SNAP:
            mean = sum(cluster) / len(cluster)
            mapping.update((v, mean) for v in cluster)
            cluster = []
        cluster.append(value)
    if cluster:
        mean = sum(cluster) / len(cluster)
        mapping.update((v, mean) for v in cluster)
    return mapping


def edges(segments) -> list[Edge]:
    """Axis-aligned ``(x0, y0, x1, y1)`` segments as snapped, joined edges."""
    raw = []
    for x0, y0, x1, y1 in segments:
        if abs(y1 - y0) < 1 and abs(x1 - x0) >= 1:
            raw.append(Edge(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) < 1 and abs(y1 - y0) >= 1:
            raw.append(Edge(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    joined = []
    for horizontal in (True, False):
        group = [e for e in raw if e.horizontal is horizontal]
        snap = _snap([e.at for e in group])
        ends = _snap([p for e in group for p in (e.start, e.end)])
        by_line: dict[float, list[Edge]] = {}
        for e in group:
            by_line.setdefault(snap[e.at], []).append(Edge(horizontal, snap[e.at], ends[e.start], ends[e.end]))
        for line in by_line.values():
            line.sort(key=lambda e: e.start)
            current = line[0]
            for e in line[1:]:
                if e.start <= current.end + SNAP:
                    current = current._replace(end=max(current.end, e.end))
                else:
                    joined.append(current)
                    current = e
            joined.append(current)
    return joined


def tables(segments) -> list[Table]:
    """The tables the segments draw, top to bottom; TooComplex past the bounds of a report's page."""
    found = edges(segments)
    horizontal = [e for e in found if e.horizontal]
    vertical = [e for e in found if not e.horizontal]
    if len(horizontal) * len(vertical) > MAX_CROSSINGS:
        raise TooComplex
    corners: dict[tuple[float, float], tuple[list[Edge], list[Edge]]] = {}
    for h in horizontal:
        for v in vertical:
            if h.start - SNAP <= v.at <= h.end + SNAP and v.start - SNAP <= h.at <= v.end + SNAP:
                point = corners.setdefault((v.at, h.at), ([], []))
                point[0].append(h)
                point[1].append(v)

    def joined(a, b) -> bool:
        """Whether the corners a and b lie on one edge."""
        (ax, ay), (bx, by) = a, b
        if ay == by:
            return any(e.start - SNAP <= min(ax, bx) and max(ax, bx) <= e.end + SNAP for e in corners[a][0]
                       if e.at == ay)
        return any(e.start - SNAP <= min(ay, by) and max(ay, by) <= e.end + SNAP for e in corners[a][1] if e.at == ax)

    if len(corners) > MAX_CORNERS:
        raise TooComplex
    rows: dict[float, list[float]] = {}     # y → the xs of the corners on it, and x → the ys: each corner
    columns: dict[float, list[float]] = {}  # looks along its own row and column, not at every other corner
    for x, y in sorted(corners):  # each column's ys in order; the rows' xs then come in order too
        columns.setdefault(x, []).append(y)
        rows.setdefault(y, []).append(x)
    cells = []
    for (x, y) in sorted(corners, key=lambda p: (p[1], p[0])):
        xs, ys = rows[y], columns[x]
        right = xs[bisect_right(xs, x):]
        for by in ys[bisect_right(ys, y):]:  # the nearest corner below that closes a cell with the nearest to the right
            if not joined((x, y), (x, by)):
                continue
            rx = next((rx for rx in right if (rx, by) in corners and joined((x, y), (rx, y))
                       and joined((rx, y), (rx, by)) and joined((x, by), (rx, by))), None)
            if rx is not None:
                cells.append(Cell(x, y, rx, by))
                break
    return _group(cells)


def _group(cells: list[Cell]) -> list[Table]:
    """Cells that share a corner, as one table each."""
    corner_of: dict[tuple[float, float], list[int]] = {}
    for i, c in enumerate(cells):
        for point in ((c.x0, c.top), (c.x1, c.top), (c.x0, c.bottom), (c.x1, c.bottom)):
            corner_of.setdefault(point, []).append(i)
    seen, out = set(), []
    for start in range(len(cells)):
        if start in seen:
            continue
        stack, members = [start], []
        seen.add(start)
        while stack:
            i = stack.pop()
            members.append(cells[i])
            c = cells[i]
            for point in ((c.x0, c.top), (c.x1, c.top), (c.x0, c.bottom), (c.x1, c.bottom)):
                for j in corner_of[point]:
                    if j not in seen:
                        seen.add(j)
                        stack.append(j)
        out.append(Table(tuple(members)))
    return sorted(out, key=lambda t: t.bbox[1])
