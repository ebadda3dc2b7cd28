"""Counting: outputs whose size, colour or layout is computed from counts of the input."""
