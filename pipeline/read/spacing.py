"""Typed spaces recovered from the ink of a scanned line.

Some notices type a space between a figure and the Chinese next to it (`每人每年 5000
元`, `最高 200 万元`) or between two names (`国家医保局 财政部`); the text layer keeps
it, but PP-OCR reads the line as `每人每年5000元`, so an amount's span or a cited
title differs from the text's. The space is still on the page, as a blank wider than
the glyphs' own margins: this module measures it.

Each glyph stands in a cell, and the cells of a line touch, but for typed spaces. A
Chinese character's cell is one pitch wide with its ink centred in it (a narrow one,
月 or 日, has wide margins), a figure's is the figures' pitch, both measured on the line
itself (justified and letter-spaced lines included), so the measure holds at any
resolution and size of type. A Latin letter's cell is taken as its ink (their margins
are narrow). Between two cells a typed space leaves a quarter to a half of a pitch,
whatever the font; cells side by side come out within a sixth of one of touching.

The same cells tell a bracket's width (a half-width `(` leaves its neighbours a third
of a pitch apart, a full-width `（` a whole one), and a typed space at a line's end: a
justified line ends at the text's right edge, but for the space the wrap fell on.

The recogniser gives each character's position (the centre of the columns its model
read the character from): too coarse to measure a gap, enough to tell which blank in
the ink lies between two characters.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

# U+3400–4DBF extension A, U+4E00–9FFF unified, U+F900–FAFF compatibility ideographs
IDEOGRAPH_RANGES = (("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"))
FIGURES = "0123456789"
# a typed space: a blank between two cells this share of the line's pitch or wider
SPACE_PITCHES = 0.2
# a figure's cell on a line with no two figures side by side, as a share of the pitch:
# the widest common figure (0.6 em), so that a gap is never taken for more than it is
FIGURE_PITCHES = 0.6
# how far a neighbour's ink may reach into a cell (rounding, heavy strokes), in pitches
CELL_SLACK_PITCHES = 0.05
# marks set half- or full-width (notices set either; the recogniser reads the shape, not
# the width), with the room between their neighbours' cells from which they are
# full-width, in pitches: a full-width mark fills a pitch, a half-width bracket a third
# of one, the others up to 0.83 (% in Times)
WIDTHS = {"(": ("（", 0.65), ")": ("）", 0.65), "%": ("％", 0.88), "<": ("＜", 0.88), ">": ("＞", 0.88),
          "=": ("＝", 0.88), "~": ("～", 0.88)}
HALF_WIDTH = {full: half for half, (full, _) in WIDTHS.items()} | {half: half for half in WIDTHS}
# marks whose ink is centred in their cell, full-width or not: one whose ink leans to a
# side of the room by more than this share of a pitch has a typed space on the other
CENTRED = "%<>=~"
CENTRE_SLACK_PITCHES = 0.15
# a justified line ends at the text's right edge; one whose last cell stops short of it
# by a typed space (up to this many pitches) was wrapped where the space stands
MAX_SPACE_PITCHES = 0.75
# lines that reach the right edge, within a slack, for it to be taken as the text's edge
MIN_FLUSH_LINES = 3
# a line needs this many pairs of Chinese characters side by side to measure its pitch
MIN_PITCH_STEPS = 3
# columns beyond the line's ends: all blank
OUTSIDE = 10**6

Blank = tuple[int, int]         # a run of columns without ink: (first, after last)


class LineSpacing(NamedTuple):
    text: str                   # with the typed spaces and bracket widths the ink shows
    pitch: float | None         # of its Chinese characters, where the line has enough
    start: float | None         # the left edge of its first glyph's cell, where known
    end: float | None           # the right edge of its last glyph's cell, where known


def is_ideograph(ch: str) -> bool:
    return any(lo <= ch <= hi for lo, hi in IDEOGRAPH_RANGES)


def is_latin(ch: str) -> bool:
    """A glyph a typed space separates from Chinese: a Latin letter, a figure, %."""
    return ch.isascii() and (ch.isalnum() or ch == "%")


def line_spacing(text: str, centres: list[float], ink: np.ndarray) -> LineSpacing:
    """`text` with a space wherever the ink shows one next to a Chinese character, and
    each bracket between two glyphs in the width its cell has.
    `centres` holds the x of each character of `text` that is not a space; `ink` is the
    line's box (rows × columns, True where dark), in the same pixels as `centres`
    (column 0 is x 0)."""
    chars = [k for k, ch in enumerate(text) if not ch.isspace()]
    if len(chars) < 2 or len(chars) != len(centres):
        return LineSpacing(text, None, None, None)
    blanks = blank_runs(ink.any(axis=0))
    sides = glyph_sides(blanks, chars, centres)
    p = pitch(text, chars, sides, is_ideograph, MIN_PITCH_STEPS)
    if p is None:
        return LineSpacing(text, None, None, None)
    figure_pitch = pitch(text, chars, sides, FIGURES.__contains__, 1) or FIGURE_PITCHES * p
    cells = [cell(text[k], around, p, figure_pitch) for k, around in zip(chars, sides)]
    out = list(text)
    opener = None
    for n, k in enumerate(chars):
        half = HALF_WIDTH.get(text[k])
        if half is None:
            continue
        if 0 < n < len(chars) - 1 and chars[n - 1] == k - 1 and chars[n + 1] == k + 1 and cells[n - 1] and cells[n + 1]:
            full, least = WIDTHS[half]
            room = (cells[n - 1][1], cells[n + 1][0])
            ink = (sides[n][0][1], sides[n][1][0]) if sides[n] else room
            centred = abs((ink[0] - room[0]) - (room[1] - ink[1])) <= CENTRE_SLACK_PITCHES * p
            out[k] = full if room[1] - room[0] >= least * p and (centred or half not in CENTRED) else half
        elif out[k] in ")）" and opener:
            # a closing bracket beside another mark (`(试行)》`) is as wide as its opening one
            out[k] = ")" if opener == "(" else "）"
        opener = out[k] if out[k] in "(（" else None if out[k] in ")）" else opener
    for n in reversed(range(len(chars) - 1)):
        left, right = text[chars[n]], text[chars[n + 1]]
        if chars[n + 1] == chars[n] + 1 and (is_ideograph(left) or is_ideograph(right)) \
                and cells[n] and cells[n + 1] and cells[n + 1][0] - cells[n][1] > SPACE_PITCHES * p:
            out.insert(chars[n + 1], " ")
    return LineSpacing("".join(out), p, cells[0][0] if cells[0] else None, cells[-1][1] if cells[-1] else None)


def wrapped_at_space(lines: list[LineSpacing]) -> list[bool]:
    """Which of a page's lines (their cells' edges in one frame) end with a typed space
    the wrap left off. Justified lines start where other lines start (the margin, the
    paragraph indent) and end at the text's right edge, where most lines end; a line
    that starts so but stops short of that edge by a typed space, no more, was wrapped
    at the space (a paragraph's last line stops anywhere, but is not joined to the
    next; a centred line starts where no other does)."""
    known = [line for line in lines if line.start is not None and line.end is not None]
    if len(known) < MIN_FLUSH_LINES:
        return [False] * len(lines)
    slack = 2 * CELL_SLACK_PITCHES * float(np.median([line.pitch for line in known]))

    def shared(value: float, values: list[float]) -> bool:
        return sum(abs(value - other) <= slack for other in values) >= MIN_FLUSH_LINES

    starts, ends = [line.start for line in known], [line.end for line in known]
    flush = [end for end in ends if shared(end, ends)]
    if not flush:
        return [False] * len(lines)
    edge = max(flush)
    return [line.start is not None and line.end is not None and shared(line.start, starts)
            and SPACE_PITCHES * line.pitch < edge - line.end <= MAX_SPACE_PITCHES * line.pitch for line in lines]


def blank_runs(columns: np.ndarray) -> list[Blank]:
    """The runs of columns without ink; beyond the line's ends all is blank."""
    blank = np.concatenate(([0, 1], ~columns, [1, 0])).astype(np.int8)    # column c at c + 2
    steps = np.diff(blank)
    runs = [[int(s) - 1, int(e) - 1] for s, e in zip(np.flatnonzero(steps == 1), np.flatnonzero(steps == -1))]
    runs[0][0], runs[-1][1] = -OUTSIDE, len(columns) + OUTSIDE
    return [(s, e) for s, e in runs]


def glyph_sides(blanks: list[Blank], chars: list[int], centres: list[float]) -> list[tuple[Blank, Blank] | None]:
    """The blanks on either side of each character's ink: between two characters, the
    blank nearest the middle of their centres (a blank inside a character, as in 川 or
    贴, lies nearer its centre), the widest of those that hold it; None where the ink
    of two characters touches."""
    between = [nearest_blank(blanks, centres[n], centres[n + 1]) for n in range(len(chars) - 1)]
    before = [blanks[0], *between]
    after = [*between, blanks[-1]]
    return [(b, a) if b and a else None for b, a in zip(before, after)]


def nearest_blank(blanks: list[Blank], a: float, b: float) -> Blank | None:
    middle = (a + b) / 2
    inside = [(s, e) for s, e in blanks if s < b and e > a]
    return min(inside, key=lambda run: (max(run[0] - middle, middle - run[1], 0), run[0] - run[1]), default=None)


def pitch(text: str, chars: list[int], sides: list, kind, min_steps: int) -> float | None:
    """The spacing of the line's glyphs of one `kind`: the median distance between the
    ink centres of two side by side (a typed space or a misread glyph between two
    shifts a few steps, not the median)."""
    centres = [(around[0][1] + around[1][0]) / 2 if around else None for around in sides]
    steps = [centres[n + 1] - centres[n] for n in range(len(chars) - 1)
             if chars[n + 1] == chars[n] + 1 and kind(text[chars[n]]) and kind(text[chars[n + 1]])
             and centres[n] is not None and centres[n + 1] is not None]
    return float(np.median(steps)) if len(steps) >= min_steps else None


def cell(ch: str, around: tuple[Blank, Blank] | None, p: float, figure_pitch: float) -> tuple[float, float] | None:
    """The cell a glyph stands in, as (left, right) columns: centred on its ink, a pitch
    wide for a Chinese character, a figures' pitch for a figure; a Latin letter's ink.
    None for other glyphs, and where the ink is wider than the cell or the neighbours'
    ink reaches into it (the blank taken for an edge was one inside a character)."""
    if around is None or not is_latin(ch) and not is_ideograph(ch):
        return None
    (_, left), (right, _) = around
    if not is_ideograph(ch) and ch not in FIGURES:
        return float(left), float(right)
    width = p if is_ideograph(ch) else figure_pitch
    centre = (left + right) / 2
    slack = CELL_SLACK_PITCHES * p
    if right - left > width + slack or around[0][0] > centre - width / 2 + slack \
            or around[1][1] < centre + width / 2 - slack:
        return None
    return centre - width / 2, centre + width / 2
