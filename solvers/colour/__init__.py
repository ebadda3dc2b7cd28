"""Recolouring: each cell keeps its place and takes a colour from a table, a key or a rank."""
