"""Watches meet new statements: notifications, the e-mail digest, signed webhooks.

New claim links and statements are found by id since the last run (a ``Cursor`` per
table), so claims code needs no hook and whatever created them — the matcher after a feed's
article, an annotator in the reader, the API — is noticed alike. One notification per watch
and statement (a unique constraint), so running again, or twice at once, adds nothing.
"""

import hashlib
import hmac
import ipaddress
import json
import logging
from collections import defaultdict
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from claims.models import ClaimLink, ReviewState, Statement
from monitoring import pipeline
from monitoring.models import Cursor, Notification, Watch, WebhookDelivery
from sources.fetch import FetchError, check_public_address, post
from sources.ingestion.errors import DocumentError

logger = logging.getLogger(__name__)

# Defaults; settings may override them under the same names.
MONITORING_SCAN_BATCH = 5_000  # rows read per table per pass
MONITORING_SCAN_LOOKBACK = 1_000  # ids before the cursor read again (late commits)
MONITORING_WEBHOOK_ATTEMPTS = 6
MONITORING_WEBHOOK_BACKOFF = 30.0  # seconds before the 2nd attempt, doubled after
MONITORING_WEBHOOK_TIMEOUT = 10.0
SIGNATURE_HEADER = "X-Claimtrail-Signature"


def setting(name):
    return getattr(settings, name, globals()[name])


def run_all() -> dict[str, int]:
    """What a scheduler tick does after polling: notify, then send webhooks."""
    return {"notifications": notify_new(), "webhooks": deliver_webhooks()}


def notify_new() -> int:
    """Notifications for claim links and statements added since the last run.

    Each pass reads again the last MONITORING_SCAN_LOOKBACK ids before its cursor: a row
    whose transaction committed after a higher id had been read (two writers at once) is
    still seen, and the unique notification keeps what was already notified from repeating.
    Only what was added after the watch itself counts: a new watch is not news of the past.
    """
    created = 0
    with transaction.atomic():
        cursor, start = _cursor("claimlink")
        links = list(
            ClaimLink.objects.filter(pk__gt=start)
            .exclude(state=ReviewState.REJECTED)
            .order_by("pk")
            .values_list("pk", "claim_id", "statement_id", "created_at")[
                : setting("MONITORING_SCAN_BATCH")
            ]
        )
        by_claim = defaultdict(list)
        for _pk, claim_id, statement_id, created_at in links:
            by_claim[claim_id].append((statement_id, created_at))
        watches = Watch.objects.filter(kind=Watch.Kind.CLAIM, claim_id__in=by_claim)
        created += _create(_since_watch(watches, by_claim, "claim_id"))
        _advance(cursor, links)
    with transaction.atomic():
        cursor, start = _cursor("statement")
        new = Statement.objects.filter(pk__gt=start).order_by("pk")
        batch = list(
            new.values_list("pk", "speaker_id", "created_at")[: setting("MONITORING_SCAN_BATCH")]
        )
        if batch:
            by_speaker = defaultdict(list)
            for pk, speaker_id, created_at in batch:
                by_speaker[speaker_id].append((pk, created_at))
            watches = Watch.objects.filter(kind=Watch.Kind.SPEAKER, speaker_id__in=by_speaker)
            created += _create(_since_watch(watches, by_speaker, "speaker_id"))
            in_batch = new.filter(pk__lte=batch[-1][0])
            for watch in Watch.objects.filter(kind=Watch.Kind.SEARCH):
                found = in_batch.filter(
                    text__icontains=watch.query, created_at__gte=watch.created_at
                )
                created += _create((watch, pk) for pk in found.values_list("pk", flat=True))
        _advance(cursor, batch)
    return created


def _since_watch(watches, rows_by_target, target: str):
    """(watch, statement id) for each row of the watch's target added after the watch."""
    for watch in watches:
        for statement_id, created_at in rows_by_target[getattr(watch, target)]:
            if created_at >= watch.created_at:
                yield watch, statement_id


def _cursor(name: str):
    cursor, _ = Cursor.objects.select_for_update().get_or_create(name=name)
    return cursor, max(0, cursor.last_id - setting("MONITORING_SCAN_LOOKBACK"))


def _advance(cursor: Cursor, rows) -> None:
    if rows and rows[-1][0] > cursor.last_id:
        cursor.last_id = rows[-1][0]
        cursor.save(update_fields=["last_id"])


def _create(pairs) -> int:
    """Store the (watch, statement id) pairs not notified yet; returns how many were new."""
    pairs = {(watch.pk, pk) for watch, pk in pairs}
    if not pairs:
        return 0
    known = set(
        Notification.objects.filter(
            watch_id__in={w for w, _ in pairs}, statement_id__in={s for _, s in pairs}
        ).values_list("watch_id", "statement_id")
    )
    new = [Notification(watch_id=w, statement_id=s) for w, s in sorted(pairs - known)]
    # ignore_conflicts: a second notifier racing this one stores each pair once.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- the e-mail digest ------------------------------------------------------------------------


def send_digests() -> int:
    """One e-mail per user listing every notification not mailed yet; returns mails sent."""
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, watch__email=True)
        .exclude(watch__user__email="")
        .select_related("watch__user", "watch__claim", "watch__speaker", "statement__speaker",
                        "statement__source__outlet")
        .order_by("watch__user_id", "pk")
    )  # fmt: skip
    by_user = defaultdict(list)
    for notification in pending:
        by_user[notification.watch.user].append(notification)
    sent = 0
    for user, notifications in by_user.items():
        lines = [_digest_line(n) for n in notifications]
        subject = (
            f"Claimtrail: {len(notifications)} new statement"
            + ("s" if len(notifications) != 1 else "")
            + " for your watches"
        )
        send_mail(subject, "\n\n".join(lines), None, [user.email])
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )
        sent += 1
    return sent


def _digest_line(notification) -> str:
    statement = notification.statement
    speaker = statement.speaker.name if statement.speaker else "someone"
    outlet = statement.source.outlet.name if statement.source.outlet else "a source"
    return (
        f"{notification.watch}\n  {speaker} in {outlet}: “{statement.text[:300]}”\n"
        f"  {settings_base_url()}{statement.get_absolute_url()}"
    )


def settings_base_url() -> str:
    return getattr(settings, "MONITORING_BASE_URL", "")


# --- webhooks ---------------------------------------------------------------------------------


def validate_webhook_url(url: str) -> None:
    """ValidationError naming why ``url`` cannot receive webhooks: not http(s), or an address
    inside the network (unless CLAIMTRAIL_FETCH_ALLOW allows it). The form's and the API's
    validator; delivery checks again, since DNS may answer otherwise later."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("a webhook must be an http or https URL with a host name")
    allowed = [ipaddress.ip_network(network) for network in pipeline.allowed_networks()]
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        check_public_address(parts.hostname, port, allowed)
    except FetchError as error:
        raise ValidationError(error.reason) from None


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload(notification) -> dict:
    statement = notification.statement
    watch = notification.watch
    return {
        "watch": {"id": watch.pk, "kind": watch.kind, "target": watch.target},
        "statement": {
            "id": statement.pk,
            "text": statement.text,
            "speaker": statement.speaker.name if statement.speaker else None,
            "source": statement.source_id,
            "url": settings_base_url() + statement.get_absolute_url(),
        },
        "notified_at": notification.created_at.isoformat(),
    }


def deliver_webhooks(now=None) -> int:
    """Record a delivery for each new notification of a watch with a webhook, then send
    every delivery that is due; returns how many were delivered."""
    now = now or timezone.now()
    new = Notification.objects.filter(delivery__isnull=True).exclude(watch__webhook_url="")
    for notification in new.select_related("watch", "statement__speaker"):
        body = json.dumps(payload(notification), ensure_ascii=False, sort_keys=True)
        WebhookDelivery.objects.get_or_create(
            notification=notification,
            defaults={"url": notification.watch.webhook_url, "body": body, "next_attempt_at": now},
        )
    delivered = 0
    due = WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now
    ).select_related("notification__watch")
    for delivery in due:
        delivered += _attempt(delivery)
    return delivered


def _attempt(delivery: WebhookDelivery) -> bool:
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(delivery.notification.watch.webhook_secret, body),
    }
    now = timezone.now()
    delivery.attempts += 1
    try:
        status = post(
            delivery.url,
            body,
            headers=headers,
            timeout=setting("MONITORING_WEBHOOK_TIMEOUT"),
            allowed_networks=pipeline.allowed_networks(),
        )
        outcome = f"HTTP {status}"
        ok = 200 <= status < 300
        delivery.response_status = status
    except DocumentError as error:
        outcome, ok = error.reason, False
    delivery.log += f"{now.isoformat()} attempt {delivery.attempts}: {outcome}\n"
    if ok:
        delivery.state, delivery.delivered_at = WebhookDelivery.State.DELIVERED, now
    elif delivery.attempts >= setting("MONITORING_WEBHOOK_ATTEMPTS"):
        delivery.state = WebhookDelivery.State.FAILED
    else:
        delay = setting("MONITORING_WEBHOOK_BACKOFF") * 2 ** (delivery.attempts - 1)
        delivery.next_attempt_at = now + timedelta(seconds=delay)
    delivery.save()
    return ok
