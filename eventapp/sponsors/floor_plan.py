"""Where each booth is drawn on the floor plan: grid squares to SVG coordinates.

Pure: no Flask, no database. The template draws the rectangles and labels this computes.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

CELL = 120  # SVG user units per grid square
GAP = 12  # the aisle between neighbouring squares
MARGIN = 12
LABEL_CHARS = 11  # what fits on one line of a square at the label size


@dataclass(frozen=True)
class Tile(Generic[T]):
    item: T
    x: int
    y: int
    size: int

    @property
    def centre_x(self) -> int:
        return self.x + self.size // 2


@dataclass(frozen=True)
class FloorPlan(Generic[T]):
    width: int
    height: int
    tiles: list[Tile[T]]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def lay_out(placed: Iterable[tuple[T, int, int]]) -> FloorPlan[T]:
    """A tile for each (item, column, row); the plan is as large as its farthest booth."""
    tiles = [
        Tile(item, MARGIN + column * (CELL + GAP), MARGIN + row * (CELL + GAP), CELL)
        for item, column, row in placed
    ]
    columns = max((t.x for t in tiles), default=MARGIN) + CELL + MARGIN
    rows = max((t.y for t in tiles), default=MARGIN) + CELL + MARGIN
    return FloorPlan(width=columns, height=rows, tiles=tiles)


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """Text cut to fit one line of a square, with an ellipsis when cut."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
