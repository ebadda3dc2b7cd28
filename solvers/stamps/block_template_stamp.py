"""Block template stamp: solid blocks of one colour, each the size of the grid's one template picture,
are replaced by copies of that template.

Graph: the template's first rows/columns and extent give K-long index vectors (in the corner variant
`first_last_lines`: two weighted sums' rounded logarithms); two Gathers crop its
colour code into a K x K kernel (padded past its extent), K the largest template side where many examples
reach it (the generator's bound), else the side of the grid the graph reads (30, or S in the corner variant:
the template lies inside the grid); a 3x3 Conv + Relu marks block top-left corners; a ConvTranspose with the cropped template as its
(computed) weight stamps it there (float16 from the code on); a Where keeps the stamp on block cells, and one Equal writes the output.

Corner variant (`crop<S>`): the same graph on the grid's S x S top-left corner, S the largest side of the
fitted examples (train and arc-gen; the generator draws only 10 x 10 grids): 2x2 Convs dilated to 30-S read
the code and the block cells of the corner, and the corner's uint8 code is decoded by one QLinearConv whose
padding reaches the canvas (`decode_code`: 4 bytes a cell, where a padded one-hot Equal holds 10). With K below
S the kernel is cut from the first template line on with no empty line after it (the grid's last line repeats
past the grid): its lines past the template stamp only cells off the block, which the Where drops, and the rule
refuses grids where a kernel would reach another block (the generator keeps blocks a line apart, K is at most
one line over a template side).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane, first_last_lines
from .._common_grids import N, often_largest, same_shape
from ..local._code_decode import decode_code


_BLOCK_CODE = 40     # the corner variant's code of the block colour: above the 22 two other codes can sum to


def template(grid: np.ndarray, block: int):
    """The grid's template picture: the bounding box of its colours other than the block colour."""
    ys, xs = np.nonzero((grid > 0) & (grid != block))
    if not len(ys):
        return None
    pic = grid[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    return None if (pic == block).any() else pic


def stamp(grid: np.ndarray, block: int, k: int):
    """None unless every block is the template's size, at most k (the graph's kernel) per side. With k < 30 the
    corner graph stamps a whole k x k kernel (the template and the lines after it) at each block corner and keeps
    the stamps on block cells only: None too where a kernel would reach another block's cells."""
    pic = template(grid, block)
    if pic is None or max(pic.shape) > k:
        return None
    h, w = pic.shape
    is_block = grid == block
    corner = is_block & ~np.pad(is_block, ((1, 0), (0, 0)))[:-1] & ~np.pad(is_block, ((0, 0), (1, 0)))[:, :-1]
    out = grid.copy()
    for y, x in zip(*np.nonzero(corner)):
        if (~is_block[y:y + h, x:x + w]).any() or y + h > grid.shape[0] or x + w > grid.shape[1]:
            return None
        if k < N:
            reach = is_block[y:y + k, x:x + k].copy()
            reach[:h, :w] = False
            if reach.any():
                return None
        out[y:y + h, x:x + w] = pic
    return None if (out == block).any() else out


class BlockTemplateStamp(Solver, name="block_template_stamp", tasks=("task368",), refuses="task070",
                         aliases=("c5_template_stamp", "c3_greystamp"), fit_splits=("train", "arc-gen")):
    """Solid blocks of one colour are replaced by copies of the grid's template picture of their size."""

    def plans(self, examples):
        """(block colour, kernel side): the colour the first example replaces; the kernel side is the largest
        template side shown where many examples reach it (the generator's bound: task368's draws 3 or 4), else
        the graph's grid side (any template fits in it)."""
        if not same_shape(examples):
            return
        i0, o0 = examples[0]
        changed = set(i0[i0 != o0].tolist())
        if len(changed) != 1:
            return
        block = changed.pop()
        pics = [template(i, block) for i, _ in examples]
        if all(p is not None for p in pics):
            sides = [max(p.shape) for p in pics]
            yield block, often_largest(sides) or N

    def rule(self, plan, grid):
        return stamp(grid, *plan)

    def candidates(self, examples):
        return self.with_corner_variant(examples, self.build, square=True)

    def build(self, plan, side=30):
        block, kernel = plan
        k = min(kernel, side)           # a template lies inside the side x side grid the graph reads
        g = Graph()
        idx = np.arange(30, dtype=np.float32)
        tmpl_w = np.r_[0, np.ones(9)]
        tmpl_w[block] = 0
        crops = []
        for tag, spec, term in (("row", "bkrc,k->br", "i"), ("col", "bkrc,k->bc", "j")):
            # a corner's template: its first and last lines from two weighted sums (a line holds at most `side`
            # of its cells); on the whole canvas, from the line profile
            spill = k < side < 30     # the corner graph's kernel reads on past the template (see `stamp`)
            ends = first_last_lines(g, tmpl_w, term, side, side, f"template_{tag}", last=not spill) \
                if side < 30 else None
            if spill:       # the kernel's lines from the first on, the grid's last line repeated past it
                at = g.floats(idx[:k][::-1])
                src = g.Min(g.Add(at, ends[0]), g.floats(float(side - 1)), name=f"crop_{tag}_f")
                crops.append(g.Cast(src, to=6, name=f"crop_{tag}"))
                continue
            if ends is not None:
                first, last = ends
            else:
                present = g.Cast(g.Greater(g.Einsum(g.input, g.floats(tmpl_w), equation=spec), g.floats(0.5)),
                                 to=1, name=f"template_{tag}s")
                first = g.Cast(g.ArgMax(present, axis=1, keepdims=0), to=1, name=f"template_first_{tag}")
                last = g.ReduceMax(g.Mul(present, g.floats(idx)), axes=[1], keepdims=0,
                                   name=f"template_last_{tag}")
            # the corner variant correlates (QLinearConv): its template is cut out turned by a half turn
            at = g.floats(idx[:k] if side == 30 else idx[:k][::-1])
            src = g.Where(g.Greater(g.Add(at, first), last), g.floats(float(side)), g.Add(at, first),
                          name=f"crop_{tag}_f")
            crops.append(g.Cast(src, to=6, name=f"crop_{tag}"))        # int32 Gather indices
        if side < 30:
            return self._build_u8(g, block, side, crops, k, padded=k == side)
        # from the code on, float16 (codes 0..10 and 0/1 marks: exact; ORT's CPU Conv and ConvTranspose take it)
        code = g.Cast(corner_plane(g, np.arange(1, 11), (side, side), "colour_code"), to=10, name="code_f16")
        half = lambda v, name: g.const(np.asarray(v, np.float16), name=name)
        padded = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="colour_code_padded")
        picture = g.Gather(g.Gather(padded, crops[0], axis=2), crops[1], axis=3, name="template_kernel")  # [1,1,k,k]
        block_b = g.Equal(code, half(block + 1, "block_code"), name="is_block_b")
        is_block = g.Cast(block_b, to=10, name="is_block")
        corner_w = np.zeros((1, 1, 3, 3), dtype=np.float16)
        corner_w[0, 0, 1, 1], corner_w[0, 0, 0, 1], corner_w[0, 0, 1, 0] = 1, -1, -1
        corners = g.Relu(g.Conv(is_block, g.const(corner_w, name="corner_w"), pads=[1, 1, 1, 1], name="corner_score"),
                         name="block_corners")
        stamped = g.ConvTranspose(corners, picture, pads=[0, 0, k - 1, k - 1], name="stamped")
        cell = g.Where(block_b, stamped, code, name="cell_code")
        return g.model(g.Equal(cell, half(np.arange(1, 11).reshape(1, 10, 1, 1), "codes"), name="answer"))

    @staticmethod
    def _build_u8(g, block, side, crops, k, padded=True):
        """The corner variant one byte a cell: the code cast to uint8 once, the template cut out of it by the two
        Gathers at the crop lines in reverse (QLinearConv correlates: the kernel is the template turned by a half turn),
        block corners by a uint8 QLinearConv (saturating at 0: the Relu), the stamps by one more with the cut
        template as its run-time kernel, padded before the corner so each lands right and below its corner.
        The block colour is coded 40 (the others colour + 1, at most 11), so the corner QLinearConv reads the code
        itself: a cell less the cells above and left of it scores 40 - 22 .. 40 at a corner, at most 11 off a block
        and at most 0 inside one, and its output scale 1/32 rounds that to 1 and 0 (no uint8 block mask). No
        block cell reaches the decoding (the stamps cover them), so channel `block` keeps its unused code."""
        codes = np.arange(1, 11)
        codes[block] = _BLOCK_CODE
        code = g.Cast(corner_plane(g, codes, (side, side), "colour_code"), to=2, name="code_u8")
        # padded: an empty line after the grid for the kernel's lines past the template (else they read the grid)
        source = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="colour_code_padded") if padded else code
        picture = g.Gather(g.Gather(source, crops[0], axis=2), crops[1], axis=3, name="template_kernel")
        block_b = g.Equal(code, g.const(np.uint8(_BLOCK_CODE), name="block_code"), name="is_block_b")
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        corner_w = np.zeros((1, 1, 3, 3), dtype=np.int8)
        corner_w[0, 0, 1, 1], corner_w[0, 0, 0, 1], corner_w[0, 0, 1, 0] = 1, -1, -1
        corners = g.QLinearConv(code, unit, zero, g.const(corner_w, name="corner_w"), unit,
                                g.const(np.int8(0), name="weight_zero"), g.const(np.float32(32), name="corner_scale"),
                                zero, pads=[1, 1, 1, 1],
                                name="block_corners")
        stamped = g.QLinearConv(corners, unit, zero, picture, unit, zero, unit, zero, pads=[k - 1, k - 1, 0, 0],
                                name="stamped")
        cell = g.Where(block_b, stamped, code, name="cell_code")
        return g.model(decode_code(g, cell, (side, side)))
