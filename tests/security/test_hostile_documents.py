"""Hostile documents in a real browser: every page that shows them shows them as text.

The payloads of xss_payloads.txt (OWASP and PortSwigger families, htmx and Django template
syntax) are loaded through the real paths (tests/security/hostile.py) as sources, titles,
bylines, outlets, speakers, claims, tags, statements, cues; then Chromium opens every page
that shows them, logged in as an admin, and after each load asserts:

1. no payload ran: a trap installed before the page's own scripts (Chrome DevTools
   ``Page.addScriptToEvaluateOnNewDocument``, which runs in every frame) defines
   ``window.__xss`` and replaces ``alert``/``confirm``/``prompt`` with recorders, and none
   was called; no dialog is open;
2. no payload became markup: the DOM holds no event-handler or ``hx-on`` attribute, no
   ``javascript:``/``data:`` URL, no script other than the app's own files under /static/,
   no frame, object, embed, base, style element or CSS expression;
3. the payload is on the page verbatim, as text (so it was escaped, not dropped);
4. the browser reported no Content Security Policy violation and logged no error.

The CSP (no ``unsafe-inline``) already blocks inline script, so (1) alone would pass even if
escaping were broken: (2) and (3) are what make this test fail on an escaping bug, and (4)
catches markup that reached the DOM and was only stopped by the CSP.
"""

import re

import pytest
from selenium.common.exceptions import NoAlertPresentException

from sources.models import Source
from tests.browser.conftest import console_errors, login
from tests.factories import UserFactory
from tests.security import hostile
from tests.security.hostile import HOSTILE_URL, PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRAP = """
window.__xssCalls = [];
window.__cspViolations = [];
const record = (name) => function (...args) {
  (window.top.__xssCalls || window.__xssCalls).push(name + "(" + args.join(",") + ")");
};
window.__xss = record("__xss");
window.alert = record("alert");
window.confirm = record("confirm");
window.prompt = record("prompt");
document.addEventListener("securitypolicyviolation", (e) => {
  (window.top.__cspViolations || window.__cspViolations).push(
    e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""

# What no payload may leave in the DOM. Returns a list of problems, each naming the element.
DOM_PROBLEMS = """
const problems = [];
const origin = location.origin;
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "data", "xlink:href",
  "poster", "background", "srcset", "ping", "to", "from", "values", "codebase", "lowsrc",
  "dynsrc", "cite", "longdesc", "manifest", "icon", "hx-get", "hx-post", "hx-put",
  "hx-patch", "hx-delete"]);
const BAD_URL = /^[\\s\\u0000-\\u001f]*(javascript|vbscript|livescript|data):/i;
const FORBIDDEN = new Set(["iframe", "frame", "frameset", "object", "embed", "applet", "base",
  "portal", "style", "math", "audio", "video", "source", "marquee", "isindex", "xss", "set",
  "animate", "foreignobject", "template", "noscript", "mglyph"]);
const CSS = /expression\\s*\\(|javascript:|behavior\\s*:|-moz-binding|@import/i;
function describe(el) {
  return "<" + el.tagName.toLowerCase() + " " +
    [...el.attributes].map((a) => a.name + '="' + a.value.slice(0, 60) + '"').join(" ") + ">";
}
for (const el of document.querySelectorAll("*")) {
  const tag = el.tagName.toLowerCase();
  if (FORBIDDEN.has(tag)) problems.push("element " + describe(el));
  if (tag === "meta" && (el.httpEquiv || el.closest("body"))) problems.push("meta " + describe(el));
  if (tag === "link" && el.closest("body")) problems.push("link in body " + describe(el));
  if (tag === "script") {
    const src = el.src ? new URL(el.src) : null;  // the admin's translations are a view
    const own = src && src.origin === origin &&
      (src.pathname.startsWith("/static/") || src.pathname.startsWith("/admin/jsi18n/"));
    if (!own)
      problems.push("script " + describe(el) + " " + el.textContent.slice(0, 80));
  }
  if (tag === "img") {
    const src = el.getAttribute("src") || "";
    if (!src.startsWith("/static/") && !src.startsWith(origin + "/static/"))
      problems.push("image " + describe(el));
  }
  for (const attr of el.attributes) {
    const name = attr.name.toLowerCase();
    if (name.startsWith("on") || name.includes("hx-on") || name === "srcdoc" ||
        name === "formaction")
      problems.push("attribute " + name + " on " + describe(el));
    const favicon = tag === "link" && el.rel === "icon" && attr.value === "data:,";
    if (URL_ATTRIBUTES.has(name) && BAD_URL.test(attr.value) && !favicon)
      problems.push("URL " + name + " on " + describe(el));
    if (name.startsWith("hx-") && /\\/xss\\/|^\\s*js:|^\\s*javascript:/i.test(attr.value))
      problems.push("htmx " + name + " on " + describe(el));
    if (name === "style" && CSS.test(attr.value)) problems.push("style on " + describe(el));
  }
}
return problems;
"""

# The page's text as a reader gets it: the text of the body, and what form fields hold.
PAGE_TEXT = """
const values = [...document.querySelectorAll("input:not([type=hidden]), textarea")]
  .map((field) => field.value);
return [document.title, document.body.textContent, ...values].join("\\n");
"""


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def trapped(page):
    """``page``, with the trap run before every document's own scripts, and taken off after."""
    trap = page.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
    yield page
    page.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", trap)


class Sweep:
    """Opens pages and collects every problem, so one run reports all of them at once."""

    def __init__(self, browser, stored: list[str]):
        self.browser = browser
        self.stored = flat("\n".join(stored))  # every string the pages may show
        self.problems: list[str] = []

    def visit(self, path: str, expect=(), *, parts_of_stored: str = "") -> str:
        """Load ``path``, check it, and return its text. ``expect``: strings that must be on
        the page verbatim; ``parts_of_stored``: a selector whose elements' texts must each be
        cut from stored text (a search snippet; "…" marks a cut)."""
        browser = self.browser
        url = browser.live_server.url + path
        browser.get(url)
        browser.execute_async_script(SETTLE)
        problems = []
        try:
            alert = browser.switch_to.alert
            problems.append(f"a dialog is open: {alert.text!r}")
            alert.dismiss()
        except NoAlertPresentException:
            pass
        if browser.current_url.split("#")[0] != url.split("#")[0]:
            problems.append(f"the page went to {browser.current_url}")
        calls, violations = browser.execute_script(
            "return [window.__xssCalls, window.__cspViolations]"
        )
        if calls is None:
            problems.append("the trap is not on the page")
        problems += [f"a marker ran: {call}" for call in calls or []]
        problems += [f"CSP violation: {violation}" for violation in violations or []]
        problems += browser.execute_script(DOM_PROBLEMS)
        shown = flat(browser.execute_script(PAGE_TEXT))
        problems += [f"not shown as text: {text!r}" for text in expect if flat(text) not in shown]
        problems += [
            f"console: {message}"
            for message in console_errors(browser)
            if "/favicon.ico " not in message  # a fragment has no <link rel=icon>
        ]
        if parts_of_stored:
            texts = browser.execute_script(ELEMENT_TEXTS, parts_of_stored)
            if not texts:
                problems.append(f"nothing matches {parts_of_stored}")
            for text in texts:
                pieces = text.strip().strip("“”").split("…")  # statements are shown quoted
                if not all(flat(piece) in self.stored for piece in pieces):
                    problems.append(f"{parts_of_stored} {text!r} is not stored text")
        known = [problem for page, problem in KNOWN if re.search(page, path)]
        self.problems += [
            f"{path}: {problem}"
            for problem in problems
            if not any(re.search(pattern, problem) for pattern in known)
        ]
        return shown

    def visit_pages(self, path: str, expect=()):
        """Every page of a paginated list, checked; ``expect`` must be on one of them."""
        shown, number = "", 1
        while True:
            shown += self.visit(f"{path}?page={number}")
            if not self.browser.execute_script(HAS_NEXT):
                break
            number += 1
        self.problems += [
            f"{path}: not shown as text: {t!r}" for t in expect if flat(t) not in shown
        ]


# What third-party pages do themselves, whatever the data: refused by the CSP, and no payload.
KNOWN = [
    # django-simple-history's history list has one style="border-top: 0".
    (
        r"^/admin/.*/history/$",
        r"^(CSP violation: style-src-attr|console: .* Applying inline style)",
    ),
    # DRF's browsable API: inline <style> and style attributes, the CSRF token as JSON data.
    (r"^/api/", r"^(CSP violation: style-src-|console: .* Applying inline style|element <style )"),
    (r"^/api/", r'^script <script type="application/json" id="drf_csrf">'),
    (r"^/api/", r'^meta <meta http-equiv="Content-Type" content="text/html; charset=utf-8">$'),
]
SETTLE = """
const done = arguments[0];
const settle = () => document.readyState === "complete" ? setTimeout(done, 150)
  : setTimeout(settle, 50);
settle();
"""
HAS_NEXT = "return [...document.querySelectorAll('a')].some((a) => /^Next/.test(a.textContent))"
ELEMENT_TEXTS = "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent)"


# One payload of each family in xss_payloads.txt (their N), for the pages that show one item.
SAMPLE = [1, 6, 11, 26, 40, 48, 50, 52, 61, 67, 80, 88]


ADMIN_CHANGELISTS = [
    "sources/source",
    "sources/outlet",
    "claims/speaker",
    "claims/statement",
    "claims/claim",
    "claims/tag",
]


@pytest.fixture
def corpus(db):
    admin = UserFactory(role="admin", is_staff=True, is_superuser=True)
    return hostile.build(admin)


def stored_strings(corpus) -> list[str]:
    sources = [*corpus.sources, corpus.text_source, corpus.html_source]
    return [
        *(source.text for source in sources),
        *(source.title for source in sources),
        *PAYLOADS,
        hostile.HUB_CLAIM,
    ]


def test_the_trap_records_markers_dialogs_and_csp_violations(trapped):
    login(trapped, UserFactory(role="admin"))
    trapped.get(trapped.live_server.url + "/sources/")
    trapped.execute_script("window.__xss(1); alert(2); confirm(3); prompt(4);")
    # An inline script added to the DOM, as a payload that escaped escaping would be.
    trapped.execute_script(
        "const s = document.createElement('script'); s.textContent = '__xss(5)';"
        "document.body.append(s);"
    )
    trapped.execute_async_script(SETTLE)
    calls, violations = trapped.execute_script("return [window.__xssCalls, window.__cspViolations]")
    assert calls == ["__xss(1)", "alert(2)", "confirm(3)", "prompt(4)"]  # the CSP held
    assert [v.split()[0] for v in violations] == ["script-src-elem"]


def test_no_payload_runs_and_every_payload_is_shown_as_text(trapped, corpus):
    assert [s.text for s in corpus.statements] == PAYLOADS  # stored as written
    # No ingestion path stores a javascript: URL (test_hostile_urls.py), but a loaded dump can.
    Source.objects.filter(pk=corpus.sources[0].pk).update(url=HOSTILE_URL)
    login(trapped, corpus.admin)
    sweep = Sweep(trapped, stored_strings(corpus))

    # Pages that list them all: every payload at once.
    sweep.visit_pages("/sources/", PAYLOADS)  # titles, outlet names
    sweep.visit(corpus.text_source.get_absolute_url(), corpus.text_source.text.splitlines())
    sweep.visit(corpus.html_source.get_absolute_url(), corpus.html_source.text.splitlines())
    sweep.visit(corpus.hub.get_absolute_url(), PAYLOADS)  # cards: text, speaker, cue, outlet
    sweep.visit_pages("/claims/", PAYLOADS)  # claim texts, tags
    sweep.visit_pages("/review/", PAYLOADS)

    # Search: results and their highlighted snippets are cut from stored text.
    for words in ("xss", "onerror", "script", "javascript"):
        sweep.visit(f"/search/?q={words}", parts_of_stored=".snippet")
        sweep.visit(f"/claims/?q={words}", parts_of_stored=".claim-title")

    # Each kind of detail page, for one payload of each family.
    for n in SAMPLE:
        payload, statement = PAYLOADS[n - 1], corpus.statements[n - 1]
        source = statement.source
        sweep.visit(f"{source.get_absolute_url()}?statement={statement.pk}", [payload])
        sweep.visit(f"/statements/{statement.pk}/panel/", [payload])  # the htmx fragment
        sweep.visit(corpus.claims[n - 1].get_absolute_url(), [payload])
        sweep.visit(corpus.speakers[n - 1].get_absolute_url(), [payload])
        sweep.visit(statement.get_absolute_url(), [payload])
        sweep.visit(source.outlet.get_absolute_url(), [payload])
        sweep.visit(f"/review/statement/{statement.pk}/", [payload])

    # The admin: change lists (all rows), change forms and histories.
    for changelist in ADMIN_CHANGELISTS:
        sweep.visit(f"/admin/{changelist}/?all=", PAYLOADS)
    for n in SAMPLE:
        payload, statement = PAYLOADS[n - 1], corpus.statements[n - 1]
        items = {
            "sources/source": corpus.sources[n - 1],
            "sources/outlet": corpus.sources[n - 1].outlet,
            "claims/speaker": corpus.speakers[n - 1],
            "claims/statement": statement,
            "claims/claim": corpus.claims[n - 1],
            "claims/tag": corpus.claims[n - 1].tags.get(),
        }
        for changelist, item in items.items():
            sweep.visit(f"/admin/{changelist}/{item.pk}/change/", [payload])
        sweep.visit(f"/admin/claims/statement/{statement.pk}/history/")

    # The API as a browser shows it.
    for path in ("/api/statements/", "/api/claims/", "/api/speakers/", "/api/sources/"):
        sweep.visit(path)

    assert not sweep.problems, f"{len(sweep.problems)} problems:\n" + "\n".join(sweep.problems)
