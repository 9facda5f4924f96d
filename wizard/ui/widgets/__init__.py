"""Reusable widgets: probe rows, the path so far, command blocks, node views."""
