"""Rays from seeds: lines shot from marked cells until an edge or an obstacle."""
