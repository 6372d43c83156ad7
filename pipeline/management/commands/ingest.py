"""``manage.py ingest PATH_OR_URL... [--outlet NAME] [--format auto|txt|html|jsonl]``.

Files, folders (recursively) and http(s) URLs. Each document is stored on its own (see
``pipeline.ingest``); failures are reported by file (and line) with the reason, the run goes
on, and the exit status is 1 when anything failed.
"""

import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pipeline.ingest import Status, ingest_path, ingest_url, iter_files
from sources.ingestion import FORMATS

# Below this many inputs a progress bar is noise.
PROGRESS_BAR_MIN_INPUTS = 20


class Command(BaseCommand):
    help = "Ingest documents from files, folders and http(s) URLs."

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--outlet", default="", help="Outlet name for every document.")
        parser.add_argument("--format", choices=("auto", *FORMATS), default="auto")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--background", action="store_true",
            help="Enqueue an ingest job (run by the workers when CELERY_BROKER_URL is set).",
        )  # fmt: skip

    def handle(self, *args, inputs, outlet, format, quiet, verbosity, background, **options):
        self.verbosity = verbosity
        urls = [item for item in inputs if item.startswith(("http://", "https://"))]
        paths = [Path(item) for item in inputs if item not in urls]
        if background:
            return self._enqueue(paths, urls, outlet=outlet, format=format)
        missing = [str(path) for path in paths if not path.exists()]
        files = list(iter_files(path for path in paths if path.exists()))
        total = len(files) + len(urls)
        show_bar = not quiet and total >= PROGRESS_BAR_MIN_INPUTS and sys.stderr.isatty()
        counts = Counter({status: 0 for status in Status.ALL})
        for name in missing:
            self._report_failure(name, "no such file or folder", counts)
        with tqdm(total=total, unit="file", disable=not show_bar, file=sys.stderr) as bar:
            for file in files:
                self._record(ingest_path(file, format=format, outlet=outlet), counts)
                bar.update()
            for url in urls:
                self._record(ingest_url(url, format=format, outlet=outlet), counts)
                bar.update()
        summary = ", ".join(f"{counts[status]} {status}" for status in Status.ALL)
        self.stdout.write(f"Ingested: {summary}.")
        if counts[Status.FAILED]:
            failed = counts[Status.FAILED]
            raise CommandError(
                f"{failed} document{'' if failed == 1 else 's'} failed", returncode=1
            )

    def _enqueue(self, paths, urls, **parameters):
        import jobs

        absolute = [str(path.resolve()) for path in paths]  # a worker runs elsewhere
        job = jobs.enqueue("ingest", paths=absolute, urls=urls, **parameters)
        self.stdout.write(
            f"Job {job.pk} ({job.state}): {job.message or 'see /jobs/' + str(job.pk) + '/'}"
        )
        if job.state == job.State.FAILED:
            raise CommandError(f"job {job.pk} failed", returncode=1)

    def _record(self, results, counts):
        for result in results:
            if result.failed:
                self._report_failure(result.name, result.message, counts)
            else:
                counts[result.status] += 1
                if self.verbosity >= 2:
                    self.stdout.write(str(result))

    def _report_failure(self, name, message, counts):
        counts[Status.FAILED] += 1
        self.stderr.write(f"failed: {name}: {message}")
