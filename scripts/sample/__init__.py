"""Fictional-hospital sample generator for the `followup` tool (see docs/sample-data.md)."""
