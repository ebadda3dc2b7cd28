"""Seeing grids: the ARC palette, pairs and failure diffs in the terminal (rich) and as PNG (Pillow).

Competitors judge a task by looking at it, and a failing candidate by where it goes wrong, so every
view draws cells in the ARC palette. A model's answer is read back with `contract.decode`, as the
scorer reads it: a cell with no channel on (NONE, -1) or several (SEVERAL, -2) is drawn distinctly,
and cells that differ from the expected output are marked.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from rich.table import Table
from rich.text import Text

from .contract import decode, load, run, session

# the ARC palette, colour 0..9: black, blue, red, green, yellow, grey, magenta, orange, azure, maroon
PALETTE = ["#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00",
           "#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25"]
NONE, SEVERAL = -1, -2            # decode's codes: no channel on, more than one on
NONE_FILL = "#FFFFFF"             # PNG: a white cell is one with no colour (white is not in the palette)
SEVERAL_FILL = "#FFFFFF"          # PNG: white crossed by a black X is one with several colours
GRID_LINE = "#555555"
TEXT_LEGEND = "··: no colour   ##: several colours   ××: differs from expected"
PLAIN_LEGEND = ".: no colour   #: several colours   x after a cell: differs from expected"
LEGEND = "white: no colour (-1)   white with X: several colours (-2)   framed: differs from expected"


def rgb(value: int) -> tuple[int, int, int]:
    """RGB of a cell value; NONE and SEVERAL give their fill."""
    hexa = PALETTE[value] if 0 <= value <= 9 else (NONE_FILL if value == NONE else SEVERAL_FILL)
    return tuple(int(hexa[i:i + 2], 16) for i in (1, 3, 5))


def size(grid) -> str:
    grid = np.asarray(grid)
    return f"{grid.shape[0]}x{grid.shape[1]}" if grid.size else "empty"


# --------------------------------------------------------------------------- diffs

@dataclass
class Diff:
    """One failing example: what went in, what was expected, what the model answered, and where they differ."""
    split: str
    index: int
    inp: np.ndarray
    expected: np.ndarray
    answer: np.ndarray                 # decoded answer over the union of both extents (NONE where nothing is on)
    cells: list[tuple[int, int, int, int]] = field(default_factory=list)   # (row, col, expected, got)
    answer_size: str = ""              # the decoded answer's own extent

    @property
    def mark(self) -> np.ndarray:
        mark = np.zeros(self.answer.shape, dtype=bool)
        for r, c, _, _ in self.cells:
            mark[r, c] = True
        return mark

    def text(self, limit: int = 12) -> str:
        """The diff in words: which example, how many cells, the first few of them."""
        def say(v):
            return "none" if v == NONE else "several" if v == SEVERAL else str(v)
        head = (f"{self.split}[{self.index}]: {len(self.cells)} cell(s) differ "
                f"(expected {size(self.expected)}, model answered {self.answer_size})")
        listed = "; ".join(f"({r},{c}) expected {say(e)} got {say(g)}" for r, c, e, g in self.cells[:limit])
        more = f"; ... {len(self.cells) - limit} more" if len(self.cells) > limit else ""
        return f"{head}: {listed}{more}"


def pad(grid: np.ndarray, shape: tuple[int, int], fill: int = NONE) -> np.ndarray:
    out = np.full(shape, fill, dtype=np.int64)
    out[:grid.shape[0], :grid.shape[1]] = grid
    return out


def compare(split: str, index: int, inp, expected, output: np.ndarray) -> Diff:
    """Diff of a raw model output against the expected grid, cell by cell over both extents.

    Outside its grid the expected one-hot is all zero, i.e. NONE, so padding both grids with NONE
    to their common extent makes cell equality the scorer's whole-canvas test."""
    expected = np.asarray(expected, dtype=np.int64)
    got = decode(output)
    shape = (max(expected.shape[0], got.shape[0]), max(expected.shape[1], got.shape[1]))
    want, answer = pad(expected, shape), pad(got, shape)
    rows, cols = np.nonzero(want != answer)
    cells = [(int(r), int(c), int(want[r, c]), int(answer[r, c])) for r, c in zip(rows, cols)]
    return Diff(split, index, np.asarray(inp), expected, answer, cells, size(got))


def explain(source, examples: dict[str, list], failures: list[tuple[str, int]]) -> list[Diff]:
    """Diffs of the first failing example of each split (`failures` as in Verdict.failures)."""
    model, _ = load(source)
    sess = session(model)
    diffs, seen = [], set()
    for split, i in failures:
        if split in seen:
            continue
        seen.add(split)
        inp, out = examples[split][i]
        diffs.append(compare(split, i, inp, out, run(sess, inp)))
    return diffs


# --------------------------------------------------------------------------- terminal

def grid_text(grid, mark=None, color: bool = True, cell: int = 2):
    """A grid as rich Text: coloured blocks, or digits when the console has no colour."""
    grid = np.asarray(grid)
    text = Text(no_wrap=True)
    for r in range(grid.shape[0]):
        for c in range(grid.shape[1]):
            v, hit = int(grid[r, c]), bool(mark is not None and mark[r, c])
            if not color:
                sym = str(v) if v >= 0 else "." if v == NONE else "#"
                text.append((sym + ("x" if hit else " "))[:cell])
            elif v < 0:
                text.append(("··" if v == NONE else "##")[:cell], style=("bold red" if hit else "grey50") + " on grey85")
            else:
                light = v in (4, 5, 8)
                text.append(("××" if hit else "  ")[:cell],
                            style=f"bold {'black' if light else 'white'} on {PALETTE[v]}")
        if r < grid.shape[0] - 1:
            text.append("\n")
    return text


def print_panels(console, panels: list[tuple[str, np.ndarray, np.ndarray | None]]) -> None:
    """Grids side by side under their titles; narrower cells, then one under another, when the console is narrow."""
    color = console.color_system is not None
    widths = [max(len(t), np.asarray(g).shape[1] * 2) for t, g, _ in panels]
    cell = 2
    if sum(widths) + 3 * len(panels) > console.width:
        if color and sum(max(len(t), np.asarray(g).shape[1]) for t, g, _ in panels) + 3 * len(panels) <= console.width:
            cell = 1
        else:
            for title, grid, mark in panels:
                console.print(Text(title, style="bold"))
                console.print(grid_text(grid, mark, color))
            return
    table = Table.grid(padding=(0, 3))
    for _ in panels:
        table.add_column(no_wrap=True)
    table.add_row(*[Text(t, style="bold", no_wrap=True) for t, _, _ in panels])
    table.add_row(*[grid_text(g, m, color, cell) for _, g, m in panels])
    console.print(table)


def print_pairs(console, title: str, pairs, split: str, start: int = 0) -> None:
    console.print(f"[bold]{title}[/]", highlight=False)
    for i, (inp, out) in enumerate(pairs, start):
        console.print(f"{split}[{i}]", style="dim", highlight=False)
        print_panels(console, [(f"input {size(inp)}", inp, None), (f"output {size(out)}", out, None)])
        console.print()


def print_diff(console, diff: Diff) -> None:
    console.print(diff.text(), highlight=False, soft_wrap=True)
    print_panels(console, [(f"input {size(diff.inp)}", diff.inp, None),
                           (f"expected {size(diff.expected)}", diff.expected, None),
                           (f"model {diff.answer_size}", diff.answer, diff.mark)])
    console.print(TEXT_LEGEND if console.color_system else PLAIN_LEGEND, style="dim", highlight=False)


# --------------------------------------------------------------------------- PNG

@dataclass
class Placed:
    """Where a grid was drawn: top-left pixel and cell size, so a reader can find each cell."""
    title: str
    grid: np.ndarray
    x: int
    y: int
    cell: int


def draw_grid(draw, grid, x: int, y: int, cell: int, mark=None, lines: bool = True) -> None:
    grid = np.asarray(grid)
    h, w = grid.shape
    inset = 1 if lines and cell >= 4 else 0
    if inset:
        draw.rectangle([x, y, x + w * cell, y + h * cell], fill=GRID_LINE)
    for r in range(h):
        for c in range(w):
            v = int(grid[r, c])
            x0, y0 = x + c * cell + inset, y + r * cell + inset
            x1, y1 = x + (c + 1) * cell - 1, y + (r + 1) * cell - 1
            draw.rectangle([x0, y0, x1, y1], fill=rgb(v))
            if v == SEVERAL:
                draw.line([x0, y0, x1, y1], fill=(0, 0, 0), width=max(1, cell // 8))
                draw.line([x0, y1, x1, y0], fill=(0, 0, 0), width=max(1, cell // 8))
            if mark is not None and mark[r, c] and cell >= 6:
                ring = max(2, cell // 8)
                draw.rectangle([x0, y0, x1, y1], outline=(0, 0, 0), width=ring)
                draw.rectangle([x0 + ring, y0 + ring, x1 - ring, y1 - ring], outline=(255, 255, 255), width=1)


TITLE_H, MARGIN = 14, 10


def layout(rows: list[list[tuple[str, np.ndarray, np.ndarray | None]]], cell: int, legend: str = ""):
    """Where each titled grid goes on the canvas: (width, height, [Placed])."""
    gap = cell
    placed, y, width = [], MARGIN, 7 * len(legend)
    for row in rows:
        x = MARGIN
        for title, grid, _ in row:
            grid = np.asarray(grid)
            placed.append(Placed(title, grid, x, y + TITLE_H, cell))
            x += max(grid.shape[1] * cell + 1, 7 * len(title)) + gap
        width = max(width, x - MARGIN)
        y += TITLE_H + max(np.asarray(g).shape[0] for _, g, _ in row) * cell + gap
    return width + 2 * MARGIN, y + MARGIN + (TITLE_H if legend else 0), placed


def render(rows: list[list[tuple[str, np.ndarray, np.ndarray | None]]], cell: int = 16,
           legend: str = "") -> tuple[Image.Image, list[Placed]]:
    """Rows of titled grids on one white canvas; returns the image and where each grid went."""
    font = ImageFont.load_default()
    width, height, placed = layout(rows, cell, legend)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    marks = [m for row in rows for _, _, m in row]
    for p, mark in zip(placed, marks):
        draw.text((p.x, p.y - TITLE_H), p.title, fill=(0, 0, 0), font=font)
        draw_grid(draw, p.grid, p.x, p.y, cell, mark)
    if legend:
        draw.text((MARGIN, height - MARGIN - TITLE_H), legend, fill=(0, 0, 0), font=font)
    return img, placed


def cell_size(grids) -> int:
    """Cells small enough that a row of 30-wide grids stays a reasonable picture."""
    side = max([max(np.asarray(g).shape) for g in grids] + [1])
    return max(6, min(24, 320 // side))


def pair_rows(pairs, split: str, start: int = 0):
    return [[(f"{split}[{i}] input {size(a)}", a, None), (f"output {size(b)}", b, None)]
            for i, (a, b) in enumerate(pairs, start)]


def diff_rows(diffs: list[Diff]):
    return [[(f"{d.split}[{d.index}] input {size(d.inp)}", d.inp, None),
             (f"expected {size(d.expected)}", d.expected, None),
             (f"model {d.answer_size}: {len(d.cells)} differ", d.answer, d.mark)] for d in diffs]


def rows_cell(rows) -> int:
    return cell_size([g for row in rows for _, g, _ in row])


def pairs_png(path, pairs, split: str, start: int = 0) -> list[Placed]:
    rows = pair_rows(pairs, split, start)
    img, placed = render(rows, rows_cell(rows))
    img.save(path, "PNG")
    return placed


def diffs_png(path, diffs: list[Diff]) -> list[Placed]:
    rows = diff_rows(diffs)
    img, placed = render(rows, rows_cell(rows), LEGEND)
    img.save(path, "PNG")
    return placed


def thumbnail(inp, out, cell: int | None = None) -> bytes:
    """A small PNG of one pair (input left, output right), for the HTML report."""
    inp, out = np.asarray(inp), np.asarray(out)
    cell = cell or max(2, min(6, 48 // max(inp.shape + out.shape)))
    gap = 2 * cell + 2
    h = max(inp.shape[0], out.shape[0]) * cell
    img = Image.new("RGB", (inp.shape[1] * cell + gap + out.shape[1] * cell, h), "white")
    draw = ImageDraw.Draw(img)
    draw_grid(draw, inp, 0, 0, cell, lines=False)
    draw_grid(draw, out, inp.shape[1] * cell + gap, 0, cell, lines=False)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()
