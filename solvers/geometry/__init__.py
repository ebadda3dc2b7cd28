"""Rules that move every cell without looking at it: flips, rotations, scaling, shifts, fixed cell maps."""
