"""A hard time budget for the work one document costs: parsing it and extracting from it.

Plain Python. Hostile text can make a parser or a regex slow; a request or a job must not
wait on one document for ever (issue #21: three slow uploads took every web worker). Each
document gets ``INGEST_TIME_LIMIT`` seconds, one wall-clock deadline for all its stages:

- Cooperative: ``Budget.check(stage)`` between stages, and the deadline is handed to
  extraction, which checks it as it goes.
- Hard: while a CPU-bound stage runs (``budget.enforced(stage)``: parsing, extraction —
  never database work, which must not be cut in the middle of a protocol exchange), an
  interval timer raises ``TimeBudgetExceeded`` in the code that is running, even inside a
  regular expression (``re`` checks for signals while it matches). Signals reach only the
  main thread, which is where gunicorn's sync workers, Celery's prefork workers, management
  commands and tests run their work; elsewhere (a thread of ``runserver``) only the
  cooperative checks apply.

C parsers that cannot be interrupted (libxml2 under lxml and trafilatura) are bounded by
their input instead: ``documents.py`` refuses what would make them slow.
"""

import signal
import threading
import time
from contextlib import contextmanager

from sources.ingestion.errors import DocumentError

LIMIT_NAME = "INGEST_TIME_LIMIT"
REPEAT = 0.05  # seconds between interrupts once the deadline has passed


class TimeBudgetExceeded(DocumentError):
    """A document took longer than its time budget: refused, naming the limit."""


class Budget:
    """``seconds`` for one document, from now."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def exceeded(self, stage: str) -> TimeBudgetExceeded:
        return TimeBudgetExceeded(
            f"processing the document took longer than its time limit of {self.seconds:g} "
            f"seconds ({LIMIT_NAME}), {stage}"
        )

    def check(self, stage: str) -> None:
        if time.monotonic() >= self.deadline:
            raise self.exceeded(stage)

    @contextmanager
    def enforced(self, stage: str):
        """Run the block under the hard deadline (see the module docstring)."""
        self.check(stage)
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def interrupt(signum, frame):
            raise self.exceeded(stage)

        previous_handler = signal.signal(signal.SIGALRM, interrupt)
        # Fired again every REPEAT seconds after the deadline: an exception raised where
        # Python cannot pass it on (a weakref callback, a destructor) is lost, not the limit.
        previous_delay, previous_interval = signal.setitimer(
            signal.ITIMER_REAL, max(self.deadline - time.monotonic(), 0.001), REPEAT
        )
        started = time.monotonic()
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)
            if previous_delay:  # an outer timer (an outer budget): give it back what is left
                left = max(previous_delay - (time.monotonic() - started), 0.001)
                signal.setitimer(signal.ITIMER_REAL, left, previous_interval)
