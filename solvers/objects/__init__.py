"""Objects: connected shapes moved, aligned, matched or flagged as wholes."""
