"""The kinds of job the runner knows: a registry the apps above fill (pipeline/apps.py
registers ``pipeline.jobs.HANDLERS``; monitoring its ``poll_feed``), so jobs imports no
domain code.

A handler gets the job's parameters, a ``progress(done, total)`` callback and the user, and
returns the result message; it raises ``PermanentFailure`` for what a retry cannot fix.
"""

from collections.abc import Callable


class PermanentFailure(Exception):
    """The job cannot succeed by running again (bad input); it fails without a retry."""


HANDLERS: dict[str, Callable] = {}


def register(kind: str, handler) -> None:
    """Add a job kind from an app above this one (pipeline's, monitoring's ``poll_feed``)."""
    HANDLERS[kind] = handler
