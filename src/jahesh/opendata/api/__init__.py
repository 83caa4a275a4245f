"""The public, read-only JSON API (v1) over what the models say is public (ADR 0003)."""
