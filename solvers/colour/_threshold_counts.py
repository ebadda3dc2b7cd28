"""A binary neighbour-count rule as one threshold Conv: weights built per output channel, then proved on every
centre colour and every multiset of neighbour colours (so the Conv agrees with the rule on any grid)."""
from __future__ import annotations

import numpy as np

from .._common_grids import C


def counted(kind: str, a: int, partner) -> set[int]:
    """The neighbour colours whose presence flips the binary count of a cell of colour a."""
    if kind == "partner":
        return {partner[a]} if partner and a in partner else set()
    if kind == "nonbg":
        return set(range(1, C))
    if kind == "same":
        return {a} if a > 0 else set()
    return set(range(1, C)) - {a}              # diff: coloured neighbours of another colour


def _channel(o, before, after, sets, hood_size):
    """(centre weights [10], neighbour weights [10], bias) for output channel o, or None.

    Score = centre weight + sum of neighbour weights + bias, on where > 0. Colours that always give o weigh
    hood+1; colours that give o only with a counted neighbour weigh hood against a bias of -hood, their
    counted colours +1; colours that give o only without one weigh 1, their counted colours -1. The two
    conditional kinds cannot share a channel, and each needs one counted set."""
    always = [a for a in range(C) if before[a] == after[a] == o]
    when_any = [a for a in range(C) if after[a] == o != before[a]]
    when_none = [a for a in range(C) if before[a] == o != after[a]]
    centre, nbr, bias = np.zeros(C), np.zeros(C), 0.0
    if when_any and when_none:
        return None
    for group, sign in ((when_any, 1), (when_none, -1)):
        if group:
            shared = {frozenset(sets[a]) for a in group}
            if len(shared) != 1:
                return None
            nbr[sorted(next(iter(shared)))] = sign
    centre[always] = hood_size + 1
    if when_any:
        centre[when_any] = hood_size
        bias = -float(hood_size)
    centre[when_none] = 1
    return centre, nbr, bias


def _proved(centre, nbr, bias, before, after, sets, hood_size) -> bool:
    """Every centre colour (or none, off the grid) and every count vector of neighbour colours (at most
    hood_size neighbours in all, the rest off the grid) lights exactly the rule's channel."""
    counts = _count_vectors(hood_size)
    for a in [*range(C), None]:
        score = counts @ nbr.T + bias + (centre[:, a] if a is not None else 0)      # [vectors, channels]
        on = score > 0
        if a is None:
            if on.any():
                return False
            continue
        hit = counts[:, sorted(sets[a])].sum(1) > 0 if sets[a] else np.zeros(len(counts), bool)
        want = np.where(hit, after[a], before[a])
        if not (on == (np.arange(C) == want[:, None])).all():
            return False
    return True


def _count_vectors(total: int) -> np.ndarray:
    """Every vector of C non-negative integers summing to at most `total`."""
    rows = []

    def rec(prefix, left):
        if len(prefix) == C - 1:
            for last in range(left + 1):
                rows.append(prefix + [last])
            return
        for k in range(left + 1):
            rec(prefix + [k], left - k)
    rec([], total)
    return np.array(rows)


def threshold_taps(kind, binary, table, partner, mask):
    """(weight [10,10,3,3], bias [10]) of one Conv that writes the binary rule's output, or None; mask: the
    3x3 neighbourhood (bool, centre off)."""
    if not binary:
        return None
    hood_size = int(mask.sum())
    before, after = np.arange(C), np.arange(C)
    for (k, a), v in table.items():
        (after if k else before)[a] = v
    sets = [counted(kind, a, partner) for a in range(C)]
    for a in range(C):          # a colour with nothing to count keeps the count-0 answer
        if not sets[a]:
            after[a] = before[a]
    parts = [_channel(o, before, after, sets, hood_size) for o in range(C)]
    if any(p is None for p in parts):
        return None
    centre = np.stack([p[0] for p in parts])
    nbr = np.stack([p[1] for p in parts])
    bias = np.array([p[2] for p in parts], np.float32)
    if not _proved(centre, nbr, bias, before, after, sets, hood_size):
        return None
    weight = nbr[:, :, None, None] * mask[None, None]
    weight[:, :, 1, 1] = centre
    return weight.astype(np.float32), bias
