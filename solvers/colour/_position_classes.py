"""Periodic classes of a cell's position (row mod p, column mod q, a diagonal mod p), cheapest first,
shared by the families that recolour or fill by position."""
from __future__ import annotations

import numpy as np

N, C = 30, 10
_R = np.arange(N)[:, None]
_S = np.arange(N)[None, :]


def _features():
    """(label, row-factor period, col-factor period, class of (r mod p, c mod q) -> id) cheapest first."""
    out = []
    for p in range(1, 13):
        for q in range(1, 13):
            if p * q <= 36 and p * q > 1:
                out.append((p * q, f"lattice{p}x{q}", p, q, lambda a, b, q=q: a * q + b))
    for p in range(2, 7):
        out.append((p, f"antidiag{p}", p, p, lambda a, b, p=p: (a + b) % p))
        out.append((p, f"diag{p}", p, p, lambda a, b, p=p: (a - b) % p))
    out.sort(key=lambda t: (t[0], t[1]))
    return [(lab, p, q, fn) for _, lab, p, q, fn in out]


FEATURES = _features()


def _class_map(p, q, fn):
    return fn(_R % p, _S % q) * np.ones((N, N), np.int64)


CLASS_MAPS = [_class_map(p, q, fn) for _, p, q, fn in FEATURES]
STACK = np.stack(CLASS_MAPS)
