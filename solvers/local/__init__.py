"""Neighbourhood rules and fills: each cell decided by the cells around it, enclosed areas filled."""
