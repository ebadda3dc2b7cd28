"""Full lines: rows, columns and diagonals drawn, kept or cleared as wholes."""
