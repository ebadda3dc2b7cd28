"""What the golf-pass tests share: random grids, and a model's answers checked against its rewrite's."""
import numpy as np

from neurogolf.contract import encode, session


def random_grids(rng: np.random.Generator, n: int = 12) -> list[np.ndarray]:
    return [rng.integers(0, 10, (int(rng.integers(1, 31)), int(rng.integers(1, 31)))) for _ in range(n)]


def assert_same_answers(a, b, grids, same) -> None:
    """`same(ya, yb)` on the two models' outputs for every grid: each pass test says how equal they must be."""
    sa, sb = session(a), session(b)
    for grid in grids:
        x = {"input": encode(grid)}
        assert same(sa.run(None, x)[0], sb.run(None, x)[0])
