"""Errors every floor may raise and the commands turn into an exit code."""

__all__ = ["UsageError"]


class UsageError(Exception):
    """A parameter the user must correct; printed as one line, exit code 2."""
