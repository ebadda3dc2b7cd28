"""Object-level families on same-shape grids."""
from __future__ import annotations

FAMILIES = ()
