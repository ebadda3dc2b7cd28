"""Stamps and templates: a fixed or read-off pattern drawn at marker cells."""
