"""What the examples change, for the fits of the local families: which colour is painted, what is erased."""
from __future__ import annotations

from .._common_grids import same_shape


def painted_colour(examples) -> int | None:
    """The one colour every changed cell of every same-shape example takes, else None."""
    if not same_shape(examples):
        return None
    painted = {int(v) for i, o in examples for v in o[i != o]}
    return painted.pop() if len(painted) == 1 else None


def paints_background_only(examples) -> bool:
    """Same shapes, something changes, and every changed cell was background."""
    return same_shape(examples) and any((i != o).any() for i, o in examples) \
        and not any(((i != o) & (i != 0)).any() for i, o in examples)


def erases_only(examples) -> bool:
    """Same shapes, something changes, and every changed cell becomes background."""
    return same_shape(examples) and any((i != o).any() for i, o in examples) \
        and not any(((i != o) & (o != 0)).any() for i, o in examples)
