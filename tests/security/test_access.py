"""Who may do what, for every URL the project routes.

``ACCESS`` below is the one table of expected access: for each URL pattern (by name, or by
route when it has none) and each HTTP method, the personas who get through. The test walks the
whole URL map (``get_resolver()``, admin and API router included), fills each pattern with
objects made by factories and asks every persona; a pattern missing from the table fails, so a
new view cannot go unreviewed.

Refusals look like this:

- anonymous, on a page or the admin: a redirect to the login page (LoginRequiredMiddleware);
- anonymous, on the API: 401 with the JSON error shape;
- signed in without the role: 403 (a page, or the JSON error on the API);
- signed in without ``is_staff``, on the admin: Django's admin sends them to its own login.

"Gets through" means the request reached the view's own work: 200 for a page (or the status
the row names), and for a write anything but a refusal, a 404/405 or a server error — the
body may still be refused on its merits (400/409/422), which is not an access question.
Each request runs in a savepoint that is rolled back, so every persona meets the same data.
"""

import re
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.authtoken.models import Token, TokenProxy

from claims.models import Rating, Tag
from jobs.models import Job
from monitoring.models import Feed, Watch, WebhookDelivery
from tests.factories import (
    AssessmentFactory,
    AssignmentFactory,
    ClaimLinkFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "nobody", "analyst", "annotator", "reviewer", "admin"]

# Who gets through: sets of personas. "nobody" is signed in without a role; "admin" is the
# admin role with is_staff, as `manage.py demo` makes it (but not a superuser).
PUBLIC = frozenset(PERSONAS)
SIGNED_IN = PUBLIC - {"anonymous"}
READ = SIGNED_IN - {"nobody"}  # the role's view_<model> permission, as the API asks
ANNOTATE = READ - {"analyst"}
REVIEW = ANNOTATE - {"annotator"}
STAFF = frozenset({"admin"})  # the Django admin: is_staff and the model's permission
NO_ONE = frozenset()


@dataclass(frozen=True)
class Row:
    """Who may use one URL pattern, per method, and how to fill and call it."""

    methods: dict  # "get"/"post"/"patch"/"delete" -> the personas who get through
    args: object = None  # world -> the pattern's parameters ({"pk": ...}, or {0: ..., 1: ...})
    query: object = None  # world -> the query string's parameters
    body: object = None  # world -> what writes send (a form, or JSON on the API)
    get_status: int = 200  # what a GET that gets through answers
    get_status_for: dict = field(default_factory=dict)  # ... when it depends on the persona
    own: bool = False  # each persona asks for its own object (jobs are seen by their creator)


def page_write(who, **kwargs) -> Row:
    """A page's POST-only URL: GET is refused (405) to anyone signed in, before any role check."""
    return Row({"get": SIGNED_IN, "post": who}, get_status=405, **kwargs)


def api_write(who, **kwargs) -> Row:
    """An API action that only takes POST: GET is refused (405) once the role may read."""
    return Row({"get": READ, "post": who}, get_status=405, **kwargs)


def statement(w):
    return {"pk": w.statement.pk}


def source(w):
    return {"pk": w.source.pk}


def review_statement(w):
    return {"kind": "statement", "pk": w.statement.pk}


def options(w):
    return {"q": "river", "statement": w.statement.pk}


def api_transition(w):
    return {"to_state": "proposed", "version": 1}


ACCESS = {
    # --- accounts: the only page open to anonymous visitors is the login (and logout)
    "login": Row({"get": PUBLIC, "post": PUBLIC}),
    "logout": Row({"get": PUBLIC, "post": PUBLIC}, get_status=405),
    "account": Row({"get": SIGNED_IN, "post": SIGNED_IN}, body=lambda w: {"action": "create"}),
    "password_change": Row({"get": SIGNED_IN, "post": SIGNED_IN}),
    "password_change_done": Row({"get": SIGNED_IN}),
    # --- pages: reading needs the role's view permission, like the API
    "home": Row({"get": READ}),
    "sources:source_list": Row({"get": READ}),
    "sources:outlet_list": Row({"get": READ}),
    "claims:speaker_list": Row({"get": READ}),
    "claims:statement_list": Row({"get": READ}),
    "sources:source_detail": Row({"get": READ}, args=source),
    "sources:outlet_detail": Row({"get": READ}, args=lambda w: {"slug": w.source.outlet.slug}),
    "sources:source_create": Row(
        {"get": ANNOTATE, "post": ANNOTATE},
        body=lambda w: {"text": "Floods\n\nThe river rose, the mayor said.", "title": "Floods"},
    ),
    "claims:search": Row({"get": READ}, query=lambda w: {"q": "river"}),
    "claims:claim_list": Row({"get": READ}),
    "claims:claim_options": Row({"get": READ}, query=options),
    "claims:speaker_options": Row({"get": READ}, query=options),
    "claims:claim_detail": Row({"get": READ}, args=lambda w: {"slug": w.claim.slug}),
    "claims:speaker_detail": Row({"get": READ}, args=lambda w: {"slug": w.speaker.slug}),
    "claims:statement_detail": Row({"get": READ}, args=statement),
    "claims:statement_panel": Row({"get": READ}, args=statement),
    # the reader's panel: writes need the annotator's permissions, GET is refused (405)
    "claims:statement_link": page_write(
        ANNOTATE, args=statement, body=lambda w: {"new_claim": "Rain"}
    ),
    "claims:statement_create": page_write(
        ANNOTATE,
        args=source,
        body=lambda w: {"start": 0, "end": 6, "kind": "direct"},
    ),
    # a claim's assessment: analysts and annotators propose, reviewers decide (claims.review
    # refuses their decision: tests/claims/test_assessment_page.py)
    "claims:assessment_section": Row({"get": READ}, args=lambda w: {"slug": w.claim.slug}),
    "claims:assessment_propose": page_write(
        READ,
        args=lambda w: {"slug": w.claim.slug},
        body=lambda w: {"assessment-summary": "No evidence of it."},
    ),
    "claims:assessment_transition": page_write(
        READ,
        args=lambda w: {"slug": w.claim.slug, "pk": w.assessment.pk},
        body=lambda w: {"to_state": "proposed", "base_version": 1},
    ),
    # review
    "claims:review_queue": Row({"get": READ}),
    "claims:review_progress": Row({"get": READ}),
    "claims:review_suggestions": Row(
        {"get": REVIEW, "post": REVIEW}, body=lambda w: {"below": "0.5"}
    ),
    "claims:review_item": Row({"get": READ}, args=review_statement),
    "claims:review_transition": page_write(
        ANNOTATE,
        args=review_statement,
        body=lambda w: {"to_state": "proposed", "base_version": 1},
    ),
    "claims:review_edit": page_write(
        ANNOTATE,
        args=review_statement,
        body=lambda w: {"kind": "indirect", "base_version": 1},
    ),
    "claims:review_claim": page_write(REVIEW, args=review_statement),
    "claims:review_accept_clean": page_write(REVIEW, args=source),
    "claims:review_compare": Row({"get": REVIEW}, args=source),
    "claims:review_assign": page_write(
        REVIEW,
        args=source,
        body=lambda w: {"annotators": [w.users["annotator"].pk]},
    ),
    "claims:review_resolve": page_write(REVIEW, args=source),
    # jobs: seen by whoever started them (admins see all), as in the API; no role needed
    "jobs:job_list": Row({"get": SIGNED_IN}),
    "jobs:job_detail": Row({"get": SIGNED_IN}, args=lambda w: {"pk": w.job.pk}, own=True),
    # --- the REST API: the schema and its docs are public, everything else needs a login
    "api:api-root": Row({"get": SIGNED_IN}),
    "api:schema": Row({"get": PUBLIC}),
    "api:docs": Row({"get": PUBLIC}),
    "api:outlet-list": Row(
        {"get": READ, "post": ANNOTATE}, body=lambda w: {"name": "Weekly", "domain": "w.example"}
    ),
    "api:outlet-detail": Row(
        {"get": READ, "patch": REVIEW},
        args=lambda w: {"slug": w.source.outlet.slug},
        body=lambda w: {"country": "FR"},
    ),
    "api:source-list": Row(
        {"get": READ, "post": ANNOTATE},
        body=lambda w: {"text": "Floods\n\nThe river rose, the mayor said.", "title": "Floods"},
    ),
    "api:source-detail": Row({"get": READ}, args=source),
    "api:speaker-list": Row({"get": READ, "post": ANNOTATE}, body=lambda w: {"name": "Ann Lee"}),
    "api:speaker-detail": Row(
        {"get": READ, "patch": ANNOTATE},
        args=lambda w: {"slug": w.speaker.slug},
        body=lambda w: {"role": "Mayor", "version": 1},
    ),
    "api:speaker-aliases": api_write(
        ANNOTATE,
        args=lambda w: {"slug": w.speaker.slug},
        body=lambda w: {"name": "J. Novak"},
    ),
    # merging deletes a speaker: the admin role only
    "api:speaker-merge": api_write(
        STAFF,
        args=lambda w: {"slug": w.speaker.slug},
        body=lambda w: {"speaker": w.other_claim.links.first().statement.speaker.slug},
    ),
    "api:speaker-history": Row({"get": READ}, args=lambda w: {"slug": w.speaker.slug}),
    # speakers have no review states: a reader gets through, and the move is refused (400)
    "api:speaker-transition": api_write(
        READ,
        args=lambda w: {"slug": w.speaker.slug},
        body=api_transition,
    ),
    "api:statement-list": Row(
        {"get": READ, "post": ANNOTATE},
        body=lambda w: {"source": w.source.pk, "start": 0, "end": 6, "kind": "direct"},
    ),
    "api:statement-csv": Row({"get": READ}),
    "api:statement-detail": Row(
        {"get": READ, "patch": ANNOTATE, "delete": REVIEW},
        args=statement,
        body=lambda w: {"kind": "indirect", "base_version": 1},
    ),
    "api:statement-annotation": Row({"get": READ}, args=statement),
    "api:statement-history": Row({"get": READ}, args=statement),
    "api:statement-transition": api_write(ANNOTATE, args=statement, body=api_transition),
    "api:claim-list": Row({"get": READ, "post": ANNOTATE}, body=lambda w: {"text": "Rain"}),
    "api:claim-csv": Row({"get": READ}),
    "api:claim-detail": Row(
        {"get": READ, "patch": ANNOTATE},
        args=lambda w: {"slug": w.claim.slug},
        body=lambda w: {"description": "About rain.", "version": 1},
    ),
    "api:claim-claimreview": Row({"get": READ}, args=lambda w: {"slug": w.claim.slug}),
    "api:claim-provenance": Row({"get": READ}, args=lambda w: {"slug": w.claim.slug}),
    "api:claim-annotations": Row({"get": READ}, args=lambda w: {"slug": w.claim.slug}),
    "api:claim-history": Row({"get": READ}, args=lambda w: {"slug": w.claim.slug}),
    "api:claim-transition": api_write(
        REVIEW,
        args=lambda w: {"slug": w.claim.slug},
        body=lambda w: {"to_state": "accepted", "version": 1},
    ),
    "api:claimlink-list": Row(
        {"get": READ, "post": ANNOTATE},
        body=lambda w: {"statement": w.statement.pk, "claim": w.other_claim.slug},
    ),
    "api:claimlink-detail": Row(
        {"get": READ, "patch": ANNOTATE, "delete": REVIEW},
        args=lambda w: {"pk": w.link.pk},
        body=lambda w: {"stance": "denies", "version": 1},
    ),
    "api:claimlink-history": Row({"get": READ}, args=lambda w: {"pk": w.link.pk}),
    "api:claimlink-transition": api_write(
        ANNOTATE, args=lambda w: {"pk": w.link.pk}, body=api_transition
    ),
    "api:claimlink-reject-suggestions": api_write(REVIEW, body=lambda w: {"below": 0.5}),
    "api:assessment-list": Row(
        {"get": READ, "post": READ},
        body=lambda w: {"claim": w.other_claim.slug, "summary": "No evidence of it."},
    ),
    "api:assessment-detail": Row(
        {"get": READ, "patch": READ},
        args=lambda w: {"pk": w.assessment.pk},
        body=lambda w: {"summary": "Nothing shows it.", "version": 1},
    ),
    "api:assessment-history": Row({"get": READ}, args=lambda w: {"pk": w.assessment.pk}),
    "api:assessment-transition": api_write(
        READ, args=lambda w: {"pk": w.assessment.pk}, body=api_transition
    ),
    "api:rating-list": Row({"get": READ}),
    "api:rating-detail": Row({"get": READ}, args=lambda w: {"pk": w.rating.pk}),
    "api:job-list": Row({"get": SIGNED_IN}),
    "api:job-detail": Row({"get": SIGNED_IN}, args=lambda w: {"pk": w.job.pk}, own=True),
    # monitoring: anyone who reads claims may watch them; the inbox and watches are one's own
    "monitoring:inbox": Row({"get": READ}),
    "monitoring:unread_count": Row({"get": READ}),
    "monitoring:mark_read": page_write(READ),
    "monitoring:watch_list": Row(
        {"get": READ, "post": READ}, body=lambda w: {"kind": "search", "query": "river"}
    ),
    "monitoring:watch_delete": page_write(READ, args=lambda w: {"pk": w.watch.pk}, own=True),
    # a feed reader has no session: the watch's secret token is the credential
    "monitoring:watch_atom": Row({"get": PUBLIC}, args=lambda w: {"token": w.watch.token}),
    "api:feed-list": Row(
        {"get": READ, "post": ANNOTATE}, body=lambda w: {"url": "https://wire.example/rss"}
    ),
    "api:feed-detail": Row(
        {"get": READ, "patch": REVIEW, "delete": REVIEW},
        args=lambda w: {"pk": w.feed.pk},
        body=lambda w: {"every_minutes": 30},
    ),
    "api:watch-list": Row(
        {"get": READ, "post": READ}, body=lambda w: {"kind": "search", "query": "river"}
    ),
    "api:watch-detail": Row(
        {"get": READ, "patch": READ, "delete": READ},
        args=lambda w: {"pk": w.watch.pk},
        body=lambda w: {"email": False},
        own=True,
    ),
    "api:notification-list": Row({"get": READ}),
    "api:notification-detail": Row(
        {"get": READ}, args=lambda w: {"pk": w.notification.pk}, own=True
    ),
    "api:notification-read": api_write(READ),
    # --- the Django admin: staff only, and then the model's permissions
    "admin:login": Row({"get": PUBLIC}, get_status_for={"admin": 302}),  # staff: to the index
    "admin:index": Row({"get": STAFF}),
    "admin:logout": Row({"get": STAFF, "post": STAFF}, get_status=405),
    "admin:password_change": Row({"get": STAFF}),
    "admin:password_change_done": Row({"get": STAFF}),
    "admin:jsi18n": Row({"get": STAFF}),
    "admin:autocomplete": Row(
        {"get": STAFF},
        query=lambda w: {"app_label": "sources", "model_name": "source", "field_name": "outlet"},
    ),
    "admin:view_on_site": Row(
        {"get": STAFF},
        args=lambda w: {
            "content_type_id": ContentType.objects.get_for_model(w.claim).pk,
            "object_id": w.claim.pk,
        },
        get_status=302,  # to the claim's page
    ),
    "admin:app_list": Row({"get": STAFF}, args=lambda w: {"app_label": "claims"}),
    "admin/(?P<url>.*)$": Row(
        {"get": STAFF}, args=lambda w: {"url": "no-such-page/"}, get_status=404
    ),
}

# Every model in the admin, with who may use its pages: the admin role holds the permissions
# of the sources and claims models; accounts, tokens, login records and jobs are for
# superusers only (`manage.py demo` makes its admin one).
ADMIN_MODELS = {
    "auth.group": NO_ONE,
    "auth.user": NO_ONE,
    "authtoken.tokenproxy": NO_ONE,
    "axes.accessattempt": NO_ONE,
    "axes.accesslog": NO_ONE,
    "axes.accessfailurelog": NO_ONE,
    "sources.outlet": STAFF,
    "sources.source": STAFF,
    "claims.speaker": STAFF,
    "claims.statement": STAFF,
    "claims.claim": STAFF,
    "claims.claimlink": STAFF,
    "claims.tag": STAFF,
    "claims.assessment": STAFF,
    "claims.rating": STAFF,
    "jobs.job": NO_ONE,
    "monitoring.feed": STAFF,  # as sources: the admin role's sources permissions
    "monitoring.watch": NO_ONE,
    "monitoring.notification": NO_ONE,
    "monitoring.webhookdelivery": NO_ONE,
}


def _admin_rows(label: str, who: frozenset) -> dict:
    app, model = label.split(".")
    prefix, base = f"admin:{app}_{model}", f"admin/{app}/{model}/"

    def obj(w):
        return {"object_id": w.admin_objects[label].pk}

    rows = {
        f"{prefix}_changelist": Row({"get": who}),
        f"{prefix}_add": Row({"get": who, "post": who}),
        f"{prefix}_change": Row({"get": who, "post": who}, args=obj),
        f"{prefix}_delete": Row({"get": who, "post": who}, args=obj),
        f"{prefix}_history": Row({"get": who}, args=obj),
        # the object's bare address redirects any staff to its change page, which checks
        f"{base}<path:object_id>/": Row({"get": STAFF}, args=obj, get_status=302),
    }
    if label.startswith(("claims.", "sources.")) and label != "claims.tag":  # simple-history
        rows[f"{prefix}_simple_history"] = Row(
            {"get": who},
            args=lambda w: {
                0: w.admin_objects[label].pk,
                1: w.admin_objects[label].history.first().history_id,
            },
        )
    if label == "auth.user":
        rows["admin:auth_user_password_change"] = Row(
            {"get": who, "post": who}, args=lambda w: {"id": w.admin_objects[label].pk}
        )
    return rows


for _label, _who in ADMIN_MODELS.items():
    ACCESS.update(_admin_rows(_label, _who))


# --- the URL map ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the namespaced name, or the full route when the pattern has none
    route: str

    def __str__(self):
        return self.route


def url_patterns(resolver=None, prefix="", namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from url_patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            yield Pattern(namespace + pattern.name if pattern.name else route, route)


PATTERNS = list(url_patterns())


def concrete_url(route: str, args: dict) -> str:
    """The route with its converters and regex groups filled, as a path."""
    positional = iter(args.get(i) for i in range(10))
    # DRF's format suffixes: /api/claims.json, and the API root's /api/.json
    args = {"format": "json", **args}
    route = route.replace("<drf_format_suffix:format>", ".json")
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(args[m[1]]), route)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(args[m[1]]), url)
    url = re.sub(r"\([^)]*\)", lambda m: str(next(positional)), url)
    url = url.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".")
    return "/" + url


# --- the data and the personas ---------------------------------------------------------------


@dataclass
class World:
    users: dict
    statement: object
    source: object
    speaker: object
    claim: object
    other_claim: object
    link: object
    jobs: dict
    assessment: object = None
    rating: object = None
    admin_objects: dict = field(default_factory=dict)
    job: object = None
    feed: object = None
    watches: dict = field(default_factory=dict)  # persona -> their watch
    watch: object = None
    notification: object = None


@pytest.fixture
def world(db):
    cache.clear()  # throttling counts live in the cache
    users = {"nobody": UserFactory(username="nobody")}
    for role in PERSONAS[2:]:
        users[role] = UserFactory(username=role, role=role, is_staff=role == "admin")
    link = ClaimLinkFactory()
    statement = link.statement
    SectionFactory(source=statement.source)
    AssignmentFactory(source=statement.source, annotator=users["annotator"])
    other = ClaimLinkFactory().claim
    jobs = {
        name: Job.objects.create(kind="extract", created_by=user) for name, user in users.items()
    }
    token = Token.objects.create(user=users["nobody"])
    attempt = {"username": "x", "ip_address": "192.0.2.1", "user_agent": "test", "path_info": "/"}
    world = World(
        users=users,
        statement=statement,
        source=statement.source,
        speaker=statement.speaker,
        claim=link.claim,
        other_claim=other,
        link=link,
        jobs=jobs,
    )
    world.rating = Rating.objects.create(value=7, label="Unproven")
    world.assessment = AssessmentFactory(  # sent back: an annotator's fix proposes it again
        claim=link.claim,
        rating=world.rating,
        created_by=users["annotator"],
        state="changes_requested",
    )
    world.admin_objects = {
        "auth.group": Group.objects.get(name="analyst"),
        "auth.user": users["nobody"],
        "authtoken.tokenproxy": TokenProxy.objects.get(pk=token.pk),
        "axes.accessattempt": AccessAttempt.objects.create(
            get_data="", post_data="", failures_since_start=1, **attempt
        ),
        "axes.accesslog": AccessLog.objects.create(**attempt),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**attempt),
        "sources.outlet": statement.source.outlet,
        "sources.source": statement.source,
        "claims.speaker": statement.speaker,
        "claims.statement": statement,
        "claims.claim": link.claim,
        "claims.claimlink": link,
        "claims.tag": Tag.objects.create(name="Floods"),
        "claims.assessment": world.assessment,
        "claims.rating": world.rating,
        "jobs.job": jobs["nobody"],
    }
    world.feed = Feed.objects.create(url="https://wire.example/feed.xml")
    for name, user in users.items():
        watch = Watch.objects.create(user=user, kind="claim", claim=link.claim)
        watch.notifications.create(statement=statement)
        world.watches[name] = watch
    world.watch = world.watches["nobody"]
    world.admin_objects.update({
        "monitoring.feed": world.feed,
        "monitoring.watch": world.watch,
        "monitoring.notification": world.watch.notifications.get(),
        "monitoring.webhookdelivery": WebhookDelivery.objects.create(
            notification=world.watch.notifications.get(), url="https://hooks.example/", body="{}"
        ),
    })  # fmt: skip
    return world


def client_for(world, persona, **kwargs) -> Client:
    client = Client(**kwargs)
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def call(client, method, url, body, *, api):
    """One request in a savepoint that is rolled back: nothing it writes outlives it."""
    kwargs = {"content_type": "application/json"} if api and body is not None else {}
    with transaction.atomic():
        response = getattr(client, method)(url, body, **kwargs)
        transaction.set_rollback(True)
    return response


def url_for(pattern, row, world, persona) -> str:
    if row.own:
        world.job = world.jobs.get(persona, world.jobs["nobody"])
        world.watch = world.watches.get(persona, world.watches["nobody"])
        world.notification = world.watch.notifications.first()
    url = concrete_url(pattern.route, row.args(world) if row.args else {})
    match = resolve(url)
    resolved = match.view_name if match.url_name else match.route
    assert resolved == pattern.key, f"{url} is routed to {resolved}, not to {pattern.key}"
    if row.query:
        url += "?" + "&".join(f"{k}={v}" for k, v in row.query(world).items())
    return url


# --- what a refusal and a success look like ---------------------------------------------------


def login_redirect(response, url) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        f"/accounts/login/?next={url.split('?')[0]}"
    )


def admin_login_redirect(response) -> bool:
    """The admin's refusal for users who are not staff: its login page (from its logout URL,
    its index, which sends them there in turn)."""
    return response.status_code == 302 and (
        response["Location"].startswith("/admin/login/") or response["Location"] == "/admin/"
    )


def describe(response) -> str:
    where = f" -> {response['Location']}" if response.has_header("Location") else ""
    return f"{response.status_code}{where}"


def check(pattern, row, method, persona, response, url) -> str | None:
    """None if ``response`` is what the table expects, else what went wrong."""
    api, admin = pattern.key.startswith("api:"), pattern.route.startswith("admin/")
    allowed = persona in row.methods[method]
    status = response.status_code
    if allowed:
        if method == "get":
            expected = row.get_status_for.get(persona, row.get_status)
            ok = status == expected
        else:
            ok = status not in (401, 403, 404, 405) and status < 500
            ok = ok and not login_redirect(response, url) and not admin_login_redirect(response)
        expected = f"{expected}" if method == "get" else "to get through"
    elif admin and persona == "anonymous":
        ok = login_redirect(response, url) or admin_login_redirect(response)
        expected = "a redirect to a login page"
    elif admin and persona != "admin":
        ok = admin_login_redirect(response)  # signed in, but not staff
        expected = "a redirect to the admin's login"
    elif persona == "anonymous" and api:
        error = response.json().get("error", {}) if status == 401 else {}
        ok = status == 401 and error.get("code") == "not_authenticated"
        expected = "401 JSON"
    elif persona == "anonymous":
        ok = login_redirect(response, url)
        expected = "a redirect to /accounts/login/"
    else:
        ok = status == 403 and (not api or response.json()["error"]["code"] == "permission_denied")
        expected = "403"
    if ok:
        return None
    return f"{method.upper()} {url} as {persona}: expected {expected}, got {describe(response)}"


# --- the tests ---------------------------------------------------------------------------------


def test_every_routed_url_is_in_the_access_table():
    missing = sorted({p.key for p in PATTERNS} - ACCESS.keys())
    assert not missing, (
        "These URL patterns are not in tests/security/test_access.py ACCESS: add each new view "
        f"to the table with who may use it: {missing}"
    )
    stale = sorted(ACCESS.keys() - {p.key for p in PATTERNS})
    assert not stale, f"ACCESS names URLs that are no longer routed: {stale}"


@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
def test_each_persona_gets_exactly_the_access_the_table_gives(pattern, world):
    row = ACCESS.get(pattern.key)
    assert row is not None, (
        f"{pattern.route} ({pattern.key}) is not in the access table: add the new view to "
        "ACCESS in tests/security/test_access.py with who may use it"
    )
    api = pattern.key.startswith("api:")
    wrong = []
    for persona in PERSONAS:
        client = client_for(world, persona)
        url = url_for(pattern, row, world, persona)
        for method in row.methods:
            body = row.body(world) if row.body and method != "get" else None
            response = call(client, method, url, body, api=api)
            wrong.append(check(pattern, row, method, persona, response, url))
    wrong = [problem for problem in wrong if problem]
    assert not wrong, "\n".join(wrong)


WRITES = [
    (pattern, method)
    for pattern in PATTERNS
    for method in ("post", "patch", "delete")
    if method in ACCESS.get(pattern.key, Row({})).methods
]


@pytest.mark.parametrize(("pattern", "method"), WRITES, ids=lambda v: str(v))
def test_a_write_without_a_csrf_token_is_refused(pattern, method, world):
    """A signed-in session (anonymous on public forms) posting without the CSRF token."""
    row = ACCESS[pattern.key]
    persona = "anonymous" if row.methods[method] == PUBLIC else "admin"
    client = client_for(world, persona, enforce_csrf_checks=True)
    url = url_for(pattern, row, world, persona)
    api = pattern.key.startswith("api:")
    response = call(client, method, url, row.body(world) if row.body else None, api=api)
    assert response.status_code == 403, f"{method.upper()} {url}: {describe(response)}"
    if api:
        assert response.json()["error"]["message"].startswith("CSRF Failed")
    else:
        assert b"CSRF verification failed" in response.content


def test_static_files_are_served_to_anonymous_visitors(client):
    response = client.get(f"{settings.STATIC_URL}css/claimtrail.css")
    assert response.status_code == 200
