"""Share cards: the 1200×630 PNG a chat app or a social network shows beside a link
(og:image), drawn with Pillow from the rows the pages already put into words
(display.tie_row, display.match_row). No queries here: the views read the data.

Three cards: a tournament's bracket (its last three rounds at most, so the names stay
readable: a 64-team first round would not), a match (score, what followed regular time,
the tie's outcome), and the site's own, for pages that are about neither.

Fonts: DejaVu Sans, which Debian and most Linux servers install (fonts-dejavu-core), has
every letter of Spanish; without it, Pillow's own built-in font (bold drawn with a
stroke), so a card is drawn on any machine.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from django.utils.formats import date_format
from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
PITCH = (11, 93, 59)
PITCH_DARK = (7, 61, 39)
WHITE = (255, 255, 255)
INK = (21, 32, 43)
MUTED = (86, 99, 109)
GOLD = (242, 183, 5)
WIN = (231, 244, 236)
LINE = (216, 222, 226)
SOFT = (200, 226, 212)  # light text on the green

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
)
# Rounds drawn on a bracket card: the quarter-finals on; earlier rounds are on the page.
CARD_ROUNDS = 3


@cache
def font(size: int, bold: bool = False):
    """(font, stroke width): DejaVu Sans where installed, else Pillow's built-in font
    with a stroke for bold."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size), 0
    return ImageFont.load_default(size), (1 if bold else 0)


class Card:
    """A canvas with the site's frame: the green band with the brand and a heading."""

    def __init__(self, kicker: str, heading: str):
        self.image = Image.new("RGB", (WIDTH, HEIGHT), PITCH_DARK)
        self.draw = ImageDraw.Draw(self.image)
        self.draw.rectangle((0, 0, WIDTH, 150), fill=PITCH)
        self.draw.ellipse((48, 40, 80, 72), fill=WHITE)
        self.text((94, 36), "Liguilla", 30, WHITE, bold=True)
        self.text((48, 92), kicker, 24, SOFT)
        self.text((48, 160), heading, 44, WHITE, bold=True, width=WIDTH - 96)

    def text(self, xy, text, size, fill, *, bold=False, width=None, anchor="la"):
        """Draw `text`, shortened with an ellipsis to fit `width` pixels."""
        face, stroke = font(size, bold)
        if width is not None:
            text = fit(text, face, width)
        self.draw.text(
            xy, text, font=face, fill=fill, anchor=anchor, stroke_width=stroke, stroke_fill=fill
        )

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG", optimize=True)
        return out.getvalue()


def fit(text: str, face, width: int) -> str:
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


# -- the bracket ------------------------------------------------------------------------


def bracket_card(title: str, columns, champion) -> bytes:
    """`columns`: display.bracket_rows (column, [TieRow]); the last CARD_ROUNDS drawn,
    each tie as two lines (team, aggregate, the one that went through on white), slots
    not yet drawn as "To be decided"; the champion, or who is still in it, below."""
    card = Card(gettext("Bracket"), title)
    shown = columns[-CARD_ROUNDS:]
    top, bottom = 230, HEIGHT - 70
    gap = 24
    column_width = (WIDTH - 96 - gap * (len(shown) - 1)) // max(len(shown), 1)
    for index, (column, rows) in enumerate(shown):
        x = 48 + index * (column_width + gap)
        card.text((x, top), column.name, 22, GOLD, bold=True, width=column_width)
        boxes = [("tie", row) for row in rows] + [("tbd", None)] * column.pending
        boxes += [("bye", team) for team in column.byes]
        if not boxes:
            continue
        slot = (bottom - top - 40) / len(boxes)
        box_height = min(74, slot - 8)
        for n, (kind, row) in enumerate(boxes):
            y = top + 40 + n * slot + (slot - box_height) / 2
            draw_box(card, kind, row, x, y, column_width, box_height)
    if champion is not None:
        line = gettext("Champion: %(team)s") % {"team": champion.name}
        card.text((48, HEIGHT - 32), line, 28, GOLD, bold=True, anchor="ls", width=WIDTH - 96)
    return card.png()


def draw_box(card, kind, row, x, y, width, height):
    draw = card.draw
    draw.rounded_rectangle((x, y, x + width, y + height), radius=8, fill=WHITE)
    size = 20 if height >= 60 else 15
    if kind == "tbd":
        card.text((x + 12, y + height / 2), gettext("To be decided"), size, MUTED, anchor="lm")
        return
    if kind == "bye":
        card.text((x + 12, y + height / 2), row.name, size, INK, anchor="lm", width=width - 90)
        card.text((x + width - 14, y + height / 2), gettext("Bye"), size, MUTED, anchor="rm")
        return
    half = height / 2
    for n, line in enumerate(row.lines):
        top = y + n * half
        if line.advanced:
            draw.rectangle((x + 4, top + 3, x + width - 4, top + half - 3), fill=WIN)
        middle = top + half / 2
        score = "" if line.aggregate is None else str(line.aggregate)
        card.text(
            (x + 12, middle),
            line.team.name,
            size,
            INK,
            bold=line.advanced,
            anchor="lm",
            width=width - 70,
        )
        card.text((x + width - 14, middle), score, size, INK, bold=line.advanced, anchor="rm")


# -- a match ------------------------------------------------------------------------------


def match_card(kicker: str, heading: str, match, outcome: str) -> bytes:
    """`match`: display.match_row of the leg; `outcome`: how its tie stands. The
    two clubs and the score (the score so far while it is played; the kick-off before),
    what followed regular time, the half-time score, the venue, and how the tie stands
    (the outcome under a last leg, what is still missing before it)."""
    leg = match.leg
    card = Card(kicker, heading)
    middle = WIDTH // 2
    card.text((middle - 110, 330), leg.home.name, 52, WHITE, bold=True, anchor="rm", width=430)
    card.text((middle + 110, 330), leg.away.name, 52, WHITE, bold=True, anchor="lm", width=430)
    if match.live is not None and match.live.score:
        score, note = match.live.score, f"{match.live.word} {match.live.minute}".strip()
    elif leg.is_played:
        score, note = match.score, match.extra
    else:
        score, note = gettext("v"), ""
    card.draw.rounded_rectangle((middle - 92, 280, middle + 92, 380), radius=14, fill=WHITE)
    card.text((middle, 330), score, 60, PITCH_DARK, bold=True, anchor="mm")
    when = date_format(leg.date, "DATE_FORMAT") if leg.date else ""
    if match.kickoff:
        when = f"{date_format(match.kickoff, 'DATE_FORMAT')} · {date_format(match.kickoff, 'H:i')}"
    lines = [note, match.half_time, " · ".join(filter(None, [when, leg.venue]))]
    y = 430
    for line in filter(None, lines):
        card.text((middle, y), line, 26, SOFT, anchor="mm", width=WIDTH - 120)
        y += 40
    if outcome:
        card.text((middle, HEIGHT - 40), outcome, 26, GOLD, bold=True, anchor="mm", width=1100)
    return card.png()


# -- the site -----------------------------------------------------------------------------


def site_card() -> bytes:
    card = Card(gettext("Mexican football knockouts"), gettext("Liguilla"))
    text = gettext("Brackets, leg-by-leg results and goalscorers of Mexican football’s Liguillas.")
    face, _stroke = font(36)
    for n, line in enumerate(wrap(text, face, WIDTH - 96)):
        card.text((48, 270 + 52 * n), line, 36, SOFT)
    return card.png()


def wrap(text: str, face, width: int) -> list[str]:
    """`text` in lines of at most `width` pixels, broken between words."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and face.getlength(candidate) > width:
            lines.append(line)
            candidate = word
        line = candidate
    return [*lines, line] if line else lines
