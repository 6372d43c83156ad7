"""What stored claim figures cost a write: a link of the largest claim rejected and reopened,
then accepted and reopened, through ``claims.review``, timed, on a database
``bench/at_scale.py --keep`` left.

Each transition is one transaction. With the figures' triggers (claims/0013) rejecting and
reopening a rejected link recount the claim's live links in it; accepting and reopening an
accepted one change nothing counted, so nothing is recounted. Run it with ``--app-dir`` on a checkout from before the figures
against the same database before migrating it, then migrate and run it from this one:

    uv run python bench/figures_write.py --database claimtrail_at_scale --app-dir /tmp/before
    uv run python bench/figures_write.py --database claimtrail_at_scale

Prints the median and the 95th percentile of each kind of transition in milliseconds, and
the claim's size; ``--json FILE`` writes them.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

from scale_common import BASE_DIR, environment


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="claimtrail_at_scale")
    parser.add_argument("--app-dir", type=Path, default=BASE_DIR)
    parser.add_argument("--rounds", type=int, default=20, help="rejections (and reopenings)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ.update(environment(args.database))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(args.app_dir.resolve()))
    import django

    django.setup()
    from django.db.models import Count
    from scale_api import member

    from claims import review
    from claims.models import Claim, ClaimLink, ReviewState

    user = member("admin")
    claim = Claim.objects.annotate(n=Count("links")).order_by("-n").first()
    link = ClaimLink.objects.filter(claim=claim).order_by("id").first()
    if link.state in (ReviewState.ACCEPTED, ReviewState.REJECTED):
        link = review.transition(link, ReviewState.PROPOSED, user=user, base_version=link.version)
    figures = {"claim_links": claim.n}
    for name, decision in (("reject", ReviewState.REJECTED), ("accept", ReviewState.ACCEPTED)):
        timings = []
        for _ in range(args.rounds):
            for state in (decision, ReviewState.PROPOSED):
                started = time.perf_counter()
                link = review.transition(link, state, user=user, base_version=link.version)
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        figures[f"{name}_and_reopen"] = {
            "transitions": len(timings),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[math.ceil(0.95 * len(timings)) - 1], 1),
        }
    print(json.dumps(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
