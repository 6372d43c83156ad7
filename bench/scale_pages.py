"""The main pages one request at a time, in-process, on the database bench/scale_api.py left.

Where bench/scale_api.py measures the pages under load through gunicorn, this times a single
request of each with Django's test client (production settings, signed in as an analyst, or
a reviewer for the review pages), best of ``--rounds``, and prints the page's size too:

    uv run python bench/scale_api.py --keep          # load ~1,000,000 statements, keep them
    uv run python bench/scale_pages.py               # then this, as often as needed
    uv run python bench/scale_pages.py --rounds 1 claim

Needs the database claimtrail_scale_api (PostgreSQL on 127.0.0.1:5432).
"""

import argparse
import json
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scale_settings")  # no static manifest

from scale_api import DATABASE, member  # the same database and accounts as the load benchmark's
from scale_common import setup_django


def signed_in(role: str):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member(role))
    return client


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="Only these pages (names as printed).")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    setup_django(DATABASE)
    from django.db.models import Count

    from claims.models import Claim, Speaker

    analyst, reviewer = signed_in("analyst"), signed_in("reviewer")
    speaker = Speaker.objects.order_by("id").values_list("slug", flat=True).first()
    claim = Claim.objects.annotate(n=Count("links")).order_by("-n").first()  # the largest
    pages = {
        "home": "/",
        "claims list": "/claims/",
        "claim": f"/claims/{claim.slug}/",
        "speaker": f"/speakers/{speaker}/",
        "sources list": "/sources/",
        "review queue": "/review/",
        "review progress": "/review/progress/",
    }
    for name, url in pages.items():
        if args.pages and name not in args.pages:
            continue
        client = reviewer if name.startswith("review") else analyst
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code}")
        print(json.dumps({
            "page": name, "url": url, "best_ms": round(min(times) * 1000),
            "all_ms": [round(t * 1000) for t in times], "kb": len(response.content) // 1024,
        }), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
