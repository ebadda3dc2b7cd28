"""neurogolf: compile ARC-AGI tasks into the smallest correct ONNX networks for NeuroGolf 2026."""
__version__ = "0.1.0"
