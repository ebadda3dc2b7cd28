"""The offline classifier: task features -> route and ranked families, with no network.

It answers whenever the LLM cannot (no key, no network, junk answers), so it must be fast and total.
Families are not known here by name (they are registered in parallel and change), so each detected
feature carries keywords and a family ranks by how many of them its name and description mention.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

# feature tag -> keywords a family that handles it is likely to mention in its name or description
KEYWORDS: dict[str, tuple[str, ...]] = {
    "geometric": ("geometr", "rotat", "flip", "transpos", "mirror", "reflect", "dihedral", "symmetr"),
    "transpose": ("transpos", "diagonal"),
    "rotate": ("rotat", "rot90", "turn"),
    "flip": ("flip", "mirror", "reflect"),
    "colour_map": ("colour", "color", "recolo", "palette", "lookup"),
    "tile": ("tile", "tiling", "repeat", "periodic"),
    "upscale": ("scale", "upscal", "zoom", "resiz", "enlarg", "magnif", "kron"),
    "downscale": ("downscal", "shrink", "block", "pool", "reduc"),
    "crop": ("crop", "extract", "subgrid", "window", "slice", "cut", "region"),
    "constant": ("constant", "fixed", "same output"),
    "symmetry": ("symmetr", "mirror", "complet"),
    "objects": ("object", "component", "shape", "count", "largest", "smallest"),
    "local": ("local", "neighbo", "conv", "cellular", "kernel", "stencil", "3x3"),
    "fill": ("fill", "enclos", "flood", "hole", "interior", "inside"),
    "lines": ("line", "ray", "extend", "draw", "connect"),
    "move": ("gravity", "fall", "slide", "shift", "move", "translat"),
    "erase": ("remove", "delete", "erase", "filter", "denois", "clean"),
}

EXACT = ("geometric", "colour_map", "tile", "upscale", "downscale", "crop", "constant")
TRANSFORMS = {
    "identity": lambda g: g, "transpose": lambda g: g.T, "rot90": lambda g: np.rot90(g, 1),
    "rot180": lambda g: np.rot90(g, 2), "rot270": lambda g: np.rot90(g, 3), "flip_lr": np.fliplr,
    "flip_ud": np.flipud, "anti_transpose": lambda g: np.rot90(g, 2).T,
}


def background(grids) -> int:
    counts = Counter()
    for g in grids:
        counts.update(g.ravel().tolist())
    return counts.most_common(1)[0][0]


def components(grid: np.ndarray, bg: int) -> int:
    """4-connected single-colour objects that are not background."""
    seen = np.zeros(grid.shape, bool)
    h, w = grid.shape
    count = 0
    for r in range(h):
        for c in range(w):
            if seen[r, c] or grid[r, c] == bg:
                continue
            count += 1
            stack, colour = [(r, c)], grid[r, c]
            seen[r, c] = True
            while stack:
                y, x = stack.pop()
                for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                    if 0 <= ny < h and 0 <= nx < w and not seen[ny, nx] and grid[ny, nx] == colour:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
    return count


def _is_subgrid(small: np.ndarray, big: np.ndarray) -> bool:
    sh, sw = small.shape
    bh, bw = big.shape
    if sh > bh or sw > bw:
        return False
    return any(np.array_equal(big[r:r + sh, c:c + sw], small) for r in range(bh - sh + 1) for c in range(bw - sw + 1))


def _colour_function(pairs) -> bool:
    """Same-size pairs where each output cell is a fixed function of the input cell's colour."""
    table: dict[int, int] = {}
    for i, o in pairs:
        for a, b in zip(i.ravel().tolist(), o.ravel().tolist()):
            if table.setdefault(a, b) != b:
                return False
    return any(a != b for a, b in table.items())


def features(pairs) -> dict:
    """What a glance at the train pairs tells: sizes, colours, exact relations, objects."""
    ins, outs = [i for i, _ in pairs], [o for _, o in pairs]
    f: dict = {"tags": []}
    tags = f["tags"]
    same = all(i.shape == o.shape for i, o in pairs)
    f["size"] = ("same" if same else
                 "constant output" if len({o.shape for o in outs}) == 1 and len({i.shape for i in ins}) > 1 else
                 "smaller" if all(o.size < i.size for i, o in pairs) else
                 "larger" if all(o.size > i.size for i, o in pairs) else "mixed")
    for name, fn in TRANSFORMS.items():
        if name != "identity" and all(fn(i).shape == o.shape and np.array_equal(fn(i), o) for i, o in pairs):
            tags += ["geometric", "transpose" if "transpose" in name else "rotate" if "rot" in name else "flip"]
            f["transform"] = name
            break
    if len(outs) > 1 and all(np.array_equal(outs[0], o) for o in outs[1:]):
        tags.append("constant")
    if same and "geometric" not in tags and _colour_function(pairs):
        tags.append("colour_map")
    if all(o.shape[0] % i.shape[0] == 0 and o.shape[1] % i.shape[1] == 0 and o.size > i.size for i, o in pairs):
        ry, rx = outs[0].shape[0] // ins[0].shape[0], outs[0].shape[1] // ins[0].shape[1]
        f["ratio"] = [ry, rx]
        if all(np.array_equal(np.tile(i, (o.shape[0] // i.shape[0], o.shape[1] // i.shape[1])), o) for i, o in pairs):
            tags.append("tile")
        elif all(np.array_equal(np.kron(i, np.ones((o.shape[0] // i.shape[0], o.shape[1] // i.shape[1]), int)), o)
                 for i, o in pairs):
            tags.append("upscale")
        else:
            tags += ["tile", "geometric"]          # tiled with flips/rotations, or a pattern per cell
    if all(i.shape[0] % o.shape[0] == 0 and i.shape[1] % o.shape[1] == 0 and o.size < i.size for i, o in pairs):
        tags.append("downscale")
    if not same and all(o.size < i.size and _is_subgrid(o, i) for i, o in pairs):
        tags.append("crop")
    elif f["size"] in ("smaller", "constant output") and "downscale" not in tags:
        tags += ["crop", "objects"]
    bg = background(ins)
    f["background"] = bg
    in_cols = set().union(*(set(np.unique(i).tolist()) for i in ins))
    out_cols = set().union(*(set(np.unique(o).tolist()) for o in outs))
    f["new_colours"] = sorted(out_cols - in_cols)
    f["dropped_colours"] = sorted(in_cols - out_cols)
    f["objects_in"] = [components(i, bg) for i in ins]
    f["objects_out"] = [components(o, bg) for o in outs]
    if any(o.shape[0] > 1 and o.shape[1] > 1 and (np.array_equal(o, np.fliplr(o)) or np.array_equal(o, np.flipud(o)))
           and not (np.array_equal(i, np.fliplr(i)) or np.array_equal(i, np.flipud(i))) for i, o in pairs):
        tags.append("symmetry")
    if same and not tags:
        changed = [i != o for i, o in pairs]
        f["changed_fraction"] = round(float(np.mean([c.mean() for c in changed])), 3)
        added = all((i[c] == bg).all() for (i, _), c in zip(pairs, changed))
        erased = all((o[c] == bg).all() for (_, o), c in zip(pairs, changed))
        if added:
            tags += ["fill", "lines", "local"]
        elif erased:
            tags += ["erase", "objects"]
        else:
            tags += ["local", "move", "objects"]
    if max(f["objects_in"]) > 1 and "objects" not in tags and not set(tags) & set(EXACT):
        tags.append("objects")
    return f


def rank(tags: list[str], families: list[tuple[str, str]]) -> list[str]:
    """Families whose name/description mention the tags' keywords, most mentions first (earlier tags weigh more)."""
    scores = {}
    for name, description in families:
        text = f"{name} {description}".lower().replace("_", " ")
        scores[name] = sum((len(tags) - k) * sum(word in text for word in KEYWORDS.get(tag, ()))
                           for k, tag in enumerate(tags))
    order = sorted((n for n, s in scores.items() if s > 0), key=lambda n: -scores[n])
    return order


def classify(pairs, families: list[tuple[str, str]]) -> tuple[str, list[str], str]:
    """(route, ranked families, rationale): analytical when an exact relation shows, TRM for same-size local rules."""
    f = features(pairs)
    exact = [t for t in f["tags"] if t in EXACT]
    route = "analytical" if exact or f["size"] != "same" else "trm"
    why = f"size {f['size']}; features {', '.join(dict.fromkeys(f['tags'])) or 'none'}"
    if f.get("transform"):
        why += f" ({f['transform']})"
    return route, rank(list(dict.fromkeys(f["tags"])), families), why
