"""Block lattices: grids cut into equal blocks by separator lines, combined, summarised or picked."""
