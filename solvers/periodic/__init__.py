"""Tilings and periodic patterns: copies of the input, periods read and continued, cycles of colours."""
