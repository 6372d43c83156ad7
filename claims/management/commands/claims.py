"""Claim matching in bulk: ``manage.py claims suggest|cluster|evaluate``.

- ``suggest`` ranks every statement against the claims and stores the best as suggested
  claim links (reviewed links are left alone);
- ``cluster`` groups statements no claim is linked to, as candidate claims; with
  ``--create`` each group becomes a proposed claim, its sentence the group's most central
  statement (edit it afterwards);
- ``evaluate`` prints average precision on the gold claims of the sample corpus (no
  database needed).
"""

from django.core.management.base import BaseCommand, CommandError

from claims import linking
from claims.clustering import THRESHOLD
from claims.matching.evaluate import evaluate
from claims.matching.matcher import METHODS
from claims.models import Claim, Statement


class Command(BaseCommand):
    help = "Suggest claim links, cluster unlinked statements, or evaluate matching."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        suggest = sub.add_parser("suggest", help="Store suggested links for all statements.")
        suggest.add_argument("--method", choices=("auto", *METHODS), default="auto")
        suggest.add_argument("--claim", action="append", help="Only this claim (slug).")
        suggest.add_argument(
            "--min-score", type=float, help="default: the SUGGESTION_MIN_SCORE setting"
        )
        suggest.add_argument("--per-statement", type=int, default=linking.CLAIMS_PER_STATEMENT)
        cluster = sub.add_parser("cluster", help="Group unlinked statements into candidates.")
        cluster.add_argument("--threshold", type=float, default=THRESHOLD)
        cluster.add_argument("--min-size", type=int, default=2)
        cluster.add_argument("--create", action="store_true", help="Make each a claim.")
        evaluation = sub.add_parser("evaluate", help="Average precision on the gold claims.")
        evaluation.add_argument("--method", action="append", choices=METHODS)

    def handle(self, *args, action, **options):
        getattr(self, action)(**options)

    def suggest(self, method, claim, min_score, per_statement, **options):
        claims = None
        if claim:
            claims = list(Claim.objects.filter(slug__in=claim).prefetch_related("tags"))
            if len(claims) != len(set(claim)):
                raise CommandError(f"Unknown claim among {', '.join(claim)}.")
        try:
            stored = linking.suggest_links_for_claims(
                claims, method=method, min_score=min_score, limit=per_statement, progress=True
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{stored} suggested links created or re-scored.")

    def cluster(self, threshold, min_size, create, **options):
        clusters = linking.cluster_unlinked_statements(threshold, min_size, progress=True)
        texts = dict(
            Statement.objects.filter(pk__in=[c.representative for c in clusters]).values_list(
                "pk", "text"
            )
        )
        for number, found in enumerate(clusters, start=1):
            representative = texts[found.representative]
            self.stdout.write(
                f"{number}. {len(found.statement_ids)} statements, cohesion "
                f"{found.cohesion:.2f} — {', '.join(found.terms)}\n   “{representative[:160]}”"
            )
            if create:
                claim = linking.create_claim_from_cluster(found.statement_ids, representative)
                self.stdout.write(f"   → claim {claim.slug}")
        if not clusters:
            self.stdout.write("No group of unlinked statements found.")

    def evaluate(self, method, **options):
        for name in method or METHODS:
            try:
                result = evaluate(name)
            except RuntimeError as error:
                self.stdout.write(f"{name}: skipped ({error})")
                continue
            cells = "  ".join(f"{slug} {ap:.3f}" for slug, ap in result["per_claim"].items())
            self.stdout.write(f"{name:<9} mAP {result['mean']:.3f}  {cells}")
