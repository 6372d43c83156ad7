"""Adversarial documents: does ingestion time grow linearly with size, for each hostile shape?

    uv run python bench/adversarial.py                      # every shape, 4 sizes up to the limit
    uv run python bench/adversarial.py --shapes dots wide_html --fractions 0.5 1

Each shape of tests/security/adversarial.py (dots, repeated speech cues, long tokens, no
whitespace, comment-like lines, deep and wide HTML, many attributes, prose with as many cues
and quotations as allowed) is built at fractions of
INGEST_MAX_BYTES (5 MiB unless the environment says otherwise) and ingested through
``pipeline.ingest.ingest_bytes`` — decoding, HTML bounds and parsing, sectioning, storing,
extraction and matching, under INGEST_TIME_LIMIT — into a scratch SQLite database (or
DATABASE_URL's). It prints, per shape and size: the seconds of ``prepare_bytes`` alone
(``sources``' share: decoding, the HTML bounds and parsing, sectioning), the seconds of the
whole ingest, microseconds per KiB of the whole (flat when time is linear), and how the
document ended: added, or refused with the reason.
"""

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shapes", nargs="*", help="shape names (default: all)")
    parser.add_argument(
        "--fractions", nargs="*", type=float, default=[0.1, 0.25, 0.5, 1.0],
        help="sizes as fractions of INGEST_MAX_BYTES",
    )  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimtrail-adversarial-") as scratch:
        setup_django(Path(scratch))
        run(args.shapes, args.fractions)


def setup_django(scratch: Path):
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LOG_LEVEL"] = "ERROR"
    if not os.environ.get("DATABASE_URL"):
        os.environ["CLAIMTRAIL_VAR_DIR"] = str(scratch / "var")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def run(shapes: list[str] | None, fractions: list[float]):
    from django.conf import settings

    from pipeline.ingest import ingest_bytes
    from sources.ingestion import prepare_bytes
    from tests.security.adversarial import SHAPES

    limit = settings.INGEST_MAX_BYTES
    print(f"INGEST_MAX_BYTES={limit:,}  INGEST_TIME_LIMIT={settings.INGEST_TIME_LIMIT:g} s")
    print(f"{'shape':<28} {'bytes':>10} {'parse s':>8} {'ingest s':>8} {'µs/KiB':>8}  result")
    for name in shapes or SHAPES:
        for fraction in fractions:
            data, format = SHAPES[name](int(limit * fraction) - 400)  # the HTML page's frame
            started = time.perf_counter()
            list(prepare_bytes(data, name=name, max_bytes=limit, format=format))
            parsing = time.perf_counter() - started
            started = time.perf_counter()
            results = ingest_bytes(data, name=f"{name}.{format}", format=format)
            seconds = time.perf_counter() - started
            outcome = "; ".join(f"{r.status}: {r.message[:60]}" for r in results)
            per_kib = seconds / (len(data) / 1024) * 1e6
            print(
                f"{name:<28} {len(data):>10,} {parsing:>8.2f} {seconds:>8.2f} {per_kib:>8.0f}"
                f"  {outcome}"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
