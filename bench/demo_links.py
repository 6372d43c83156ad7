"""How right the demo's claim links are: precision and recall against the sample gold.

    D=$(mktemp -d); export CLAIMTRAIL_VAR_DIR=$D DEBUG=1
    uv run manage.py demo --no-serve && uv run python bench/demo_links.py

Reads the database the settings point at (the demo's, in a fresh var dir above). Precision:
the share of claim links that count (not rejected) whose statement overlaps a gold statement
of that claim; recall: the share of gold statements labelled with a claim that a link to it
covers (``claims.linking.sample_link_quality``). Gold: ``sample_data/kazakhstan-2022.gold.jsonl``
and ``sample_data/kazakhstan-2022-ru.gold.jsonl``. Floors (issue 19): 0.85 and 0.80.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from claims.linking import sample_link_quality  # noqa: E402

if __name__ == "__main__":
    q = sample_link_quality()
    print(f"links that count: {q['links']}, right: {q['right']}, precision {q['precision']:.3f}")
    print(f"gold claim statements: {q['gold']}, linked: {q['linked']}, recall {q['recall']:.3f}")
