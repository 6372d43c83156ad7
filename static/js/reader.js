/* The source reader: a selection becomes offsets; clicks and keys open statements' panels.
 *
 * Offsets are counted in Unicode code points, as Python indexes the source text (and as
 * statements store their spans); JavaScript strings count UTF-16 units, which differ for
 * astral characters such as emoji. Every piece of the text is a <span data-start="N"> holding
 * one text node whose first character is at code point N of the source, so a point in the
 * DOM is data-start + the code points before it in its text node.
 */
(function () {
  "use strict";

  var armed = false; // "Re-select" pressed: the next selection fixes the open statement's span
  var marking = null; // "Mark the cue" / "Mark the speaker's name": the next selection marks it
  var OPENING = "\u201c\u201e\u00ab\u2018\u201a\u2039\"'";
  var CLOSING = "\u201d\u201c\u00bb\u2019\u2018\u203a\"'";
  var QUOTES = /[\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a\u2039\u203a"]/;
  var current = null; // the statement whose panel is open

  function article() { return document.getElementById("reader-text"); }
  function panel() { return document.getElementById("panel"); }

  function codePoints(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      n++;
    }
    return n;
  }

  function segments() { return Array.prototype.slice.call(article().querySelectorAll("[data-start]")); }

  function segmentEnd(seg) { return Number(seg.dataset.start) + codePoints(seg.textContent); }

  /* The source offset of a DOM boundary point (container, offset) inside the article. */
  function offsetOf(container, offset) {
    if (container.nodeType === Node.TEXT_NODE) {
      var seg = container.parentElement && container.parentElement.closest("[data-start]");
      if (seg && article().contains(seg)) {
        return Number(seg.dataset.start) + codePoints(container.data.slice(0, offset));
      }
    }
    // An element boundary: the start of the first segment at or after the point.
    var point = document.createRange();
    point.setStart(container, offset);
    var all = segments();
    for (var i = 0; i < all.length; i++) {
      if (point.comparePoint(all[i], 0) >= 0) return Number(all[i].dataset.start);
    }
    return all.length ? segmentEnd(all[all.length - 1]) : 0;
  }

  /* The selection inside the article as {start, end, text}, whitespace trimmed; or null. */
  function selectedSpan() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !article()) return null;
    var range = sel.getRangeAt(0);
    if (!article().contains(range.commonAncestorContainer) && range.commonAncestorContainer !== article()) return null;
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    var text = range.toString();
    var lead = text.length - text.replace(/^\s+/, "").length;
    var trail = text.length - text.replace(/\s+$/, "").length;
    if (lead + trail >= text.length) return null;
    // Whitespace is never astral: one UTF-16 unit is one code point here.
    return { start: start + lead, end: end - trail, text: text.slice(lead, text.length - trail) };
  }

  /* A new statement's kind from its selection: in quote marks, a direct quote of the words
   * inside them (the marks and a comma before the closing one are left out of the span);
   * quote marks inside, mixed; none, reported speech. */
  function inferKind(span) {
    var text = span.text;
    var first = text.charAt(0), last = text.charAt(text.length - 1);
    if (text.length > 2 && OPENING.indexOf(first) !== -1 && CLOSING.indexOf(last) !== -1) {
      var inner = text.slice(1, -1), cut = 1;
      if (/[,;:]$/.test(inner)) { inner = inner.slice(0, -1); cut = 2; }
      var lead = inner.length - inner.replace(/^\s+/, "").length;
      var trail = inner.length - inner.replace(/\s+$/, "").length;
      return {
        kind: "direct", why: "in quote marks: a direct quote",
        span: { start: span.start + 1 + lead, end: span.end - cut - trail, text: inner.trim() }
      };
    }
    if (QUOTES.test(text)) return { kind: "mixed", why: "quote marks inside: mixed", span: span };
    return { kind: "indirect", why: "no quote marks: reported speech", span: span };
  }

  function fillNew(form, span) {
    var guess = inferKind(span);
    fill(form, guess.span);
    var select = form.querySelector("[data-kind]");
    if (select) select.value = guess.kind;
    var why = form.querySelector("[data-kind-why]");
    if (why) why.textContent = "Guessed: " + guess.why + ".";
  }

  function mark(which, span) {
    var form = document.getElementById("new-statement");
    form.querySelector('[data-mark-start="' + which + '"]').value = span.start;
    form.querySelector('[data-mark-end="' + which + '"]').value = span.end;
    form.querySelector('[data-mark-preview="' + which + '"]').textContent = "“" + span.text + "”";
    var button = form.querySelector('[data-mark="' + which + '"]');
    button.textContent = which === "cue" ? "Mark the cue again" : "Mark the speaker's name again";
  }

  function fill(form, span) {
    form.querySelector("[data-span=start]").value = span.start;
    form.querySelector("[data-span=end]").value = span.end;
    var preview = form.querySelector("[data-selection-preview]");
    if (preview) preview.textContent = span.text;
  }

  function onSelection() {
    var span = selectedSpan();
    if (!span) return;
    if (armed) {
      var fix = document.querySelector("#panel [data-span-form]");
      if (fix) {
        fill(fix, span);
        fix.closest("details").open = true;
        armed = false;
        fix.querySelector("button[type=submit]").focus();
        return;
      }
    }
    var form = document.getElementById("new-statement");
    if (!form) return;
    if (marking && !form.hidden) {
      mark(marking, span);
      marking = null;
      return;
    }
    fillNew(form, span);
    form.hidden = false;
  }

  function openPanel(id, focus) {
    var seg = document.getElementById("s-" + id);
    var url = article().dataset.panelUrl.replace("123456789", id);
    current = String(id);
    markOpen();
    if (focus && seg) seg.focus();
    return window.htmx.ajax("GET", url, { target: "#panel", swap: "innerHTML" });
  }

  function markOpen() {
    if (!article()) return;
    article().querySelectorAll(".is-open").forEach(function (el) { el.classList.remove("is-open"); });
    if (current === null) return;
    article().querySelectorAll("[data-statements]").forEach(function (el) {
      if (el.dataset.statements.split(" ").indexOf(current) !== -1) el.classList.add("is-open");
    });
  }

  /* j / k: the anchors of suggestions (or of every statement, when none is left). */
  function step(direction) {
    var anchors = Array.prototype.slice.call(article().querySelectorAll("[id^='s-'].state-suggested"));
    if (!anchors.length) anchors = Array.prototype.slice.call(article().querySelectorAll("[id^='s-']"));
    if (!anchors.length) return;
    var at = anchors.findIndex(function (a) { return a.id === "s-" + current; });
    var next = at === -1 ? (direction > 0 ? 0 : anchors.length - 1) : at + direction;
    next = Math.max(0, Math.min(anchors.length - 1, next));
    openPanel(anchors[next].id.slice(2), true);
  }

  function press(key) {
    var button = document.querySelector('#panel [data-key="' + key + '"]');
    if (button) button.click();
  }

  /* Show the new-statement form, filled from the selection if there is one; focus it. */
  function newStatement() {
    var form = document.getElementById("new-statement");
    if (!form) return;
    var span = selectedSpan();
    if (span) fillNew(form, span);
    form.hidden = false;
    if (span) { form.querySelector("select").focus(); return; }
    form.querySelector("[data-offsets]").open = true; // no selection: type the offsets
    form.querySelector("[data-span=start]").focus();
  }

  function focusIn(selector) {
    var field = document.querySelector(selector);
    if (!field) return;
    var details = field.closest("details");
    if (details) details.open = true;
    field.focus();
  }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!article()) return;
    var help = document.getElementById("help");
    var opened = document.querySelector("#panel [data-panel-statement]");
    if (opened) current = opened.dataset.panelStatement;
    markOpen();

    document.addEventListener("mouseup", function (event) {
      if (article().contains(event.target)) window.setTimeout(onSelection, 0);
    });
    document.addEventListener("keyup", function (event) {
      if (event.shiftKey && article().contains(document.activeElement || document.body)) onSelection();
    });
    document.addEventListener("click", function (event) {
      var opener = event.target.closest("[data-help-open]");
      if (opener) { help.showModal(); return; }
      if (event.target.closest("[data-new-open]")) { newStatement(); return; }
      var cancel = event.target.closest("[data-new-cancel]");
      if (cancel) { cancel.closest("form").hidden = true; return; }
      var marker = event.target.closest("[data-mark]");
      if (marker) {
        marking = marker.dataset.mark;
        marker.textContent = "Now select it in the text…";
        return;
      }
      var pick = event.target.closest("[data-speaker-pick], [data-speaker-new]");
      if (pick) {
        document.getElementById("new-speaker").value = pick.dataset.name;
        document.getElementById("new-speaker-id").value = pick.dataset.speakerPick || "";
        document.getElementById("new-speaker-new").value = pick.hasAttribute("data-speaker-new") ? "1" : "";
        document.getElementById("new-speaker-chosen").textContent = pick.hasAttribute("data-speaker-new")
          ? "A new speaker will be created." : "Chosen.";
        document.getElementById("new-speaker-options").innerHTML = "";
        return;
      }
      var claim = event.target.closest("[data-claim-pick]");
      if (claim) {
        document.getElementById("new-claim").value = claim.dataset.claimPick;
        document.getElementById("new-claim-q").value = claim.dataset.name;
        document.getElementById("new-claim-chosen").textContent = "Will be linked to this claim.";
        document.getElementById("new-claim-options").innerHTML = "";
        return;
      }
      var reselect = event.target.closest("[data-reselect]");
      if (reselect) {
        armed = true;
        reselect.textContent = "Now select the words in the text…";
        return;
      }
      var seg = event.target.closest("#reader-text [data-statement]");
      var sel = window.getSelection();
      if (seg && (!sel || sel.isCollapsed)) openPanel(seg.dataset.statement, false);
      var index = event.target.closest(".statement-index a[data-statement]");
      if (index) { event.preventDefault(); openPanel(index.dataset.statement, true); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (help.open) return; // the dialog handles Esc itself
      var target = event.target;
      if ((event.key === "Enter" || event.key === " ") && target.matches && target.matches("#reader-text [id^='s-']")) {
        event.preventDefault();
        openPanel(target.id.slice(2), true);
        return;
      }
      if (typing(target)) return;
      switch (event.key) {
        case "j": step(1); break;
        case "k": step(-1); break;
        case "a": press("a"); break;
        case "r": press("r"); break;
        case "n": newStatement(); break;
        case "s": focusIn("#panel-speaker"); break;
        case "c": focusIn("#panel-claim-q"); break;
        case "?": help.showModal(); break;
        default: return;
      }
      event.preventDefault();
    });
    // Typing a speaker again forgets the one chosen; typing a claim again, the claim.
    document.addEventListener("input", function (event) {
      if (event.target.id === "new-speaker") {
        document.getElementById("new-speaker-id").value = "";
        document.getElementById("new-speaker-new").value = "";
        document.getElementById("new-speaker-chosen").textContent = "";
      } else if (event.target.id === "new-claim-q") {
        document.getElementById("new-claim").value = "";
        document.getElementById("new-claim-chosen").textContent = "";
      }
    });
    document.body.addEventListener("htmx:afterSettle", function (event) {
      var body = document.querySelector("#panel [data-panel-statement]");
      if (body) current = body.dataset.panelStatement;
      markOpen();
      // After a decision the text is redrawn: keep the keyboard where it was.
      if (event.detail && event.detail.target && event.detail.target.id === "panel" && current !== null) {
        var seg = document.getElementById("s-" + current);
        if (seg && (document.activeElement === document.body || !document.body.contains(document.activeElement))) seg.focus();
      }
    });
  });
})();
