/* The review queue and an item's review page.
 *
 * Queue: j / k move between items, a accepts (reviewers) or proposes (annotators), r rejects,
 * o opens the item's page — the reader's keys. After a decision the row confirms it and the
 * next item becomes current.
 * Item page: selecting words of the sentence fills the correction form's start and end, in
 * Unicode code points as the server counts them (each piece is a <… data-start="N">).
 */
(function () {
  "use strict";

  function codePoints(s) { return Array.from(s).length; }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // --- the queue

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue .review-item:not([data-decided])"));
  }

  function current() { return document.querySelector("#queue .review-item.is-current"); }

  function setCurrent(row) {
    document.querySelectorAll("#queue .review-item.is-current").forEach(function (el) { el.classList.remove("is-current"); });
    if (!row) return;
    row.classList.add("is-current");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function step(direction) {
    var all = rows();
    if (!all.length) return;
    var at = all.indexOf(current());
    var next = at === -1 ? 0 : Math.max(0, Math.min(all.length - 1, at + direction));
    setCurrent(all[next]);
  }

  function press(key) {
    var row = current() || rows()[0];
    var button = row && row.querySelector('[data-key="' + key + '"]');
    if (button) button.click();
  }

  // --- the item page: a selection becomes the span

  function offsetOf(container, offset) {
    var node = container.nodeType === Node.TEXT_NODE ? container.parentElement : container;
    var piece = node && node.closest("[data-start]");
    if (piece && container.nodeType === Node.TEXT_NODE) {
      return Number(piece.dataset.start) + codePoints(container.data.slice(0, offset));
    }
    var box = document.querySelector("[data-select-span]");
    var pieces = box.querySelectorAll("[data-start]");
    var point = document.createRange();
    point.setStart(container, offset);
    for (var i = 0; i < pieces.length; i++) {
      if (point.comparePoint(pieces[i], 0) >= 0) return Number(pieces[i].dataset.start);
    }
    var last = pieces[pieces.length - 1];
    return Number(last.dataset.start) + codePoints(last.textContent);
  }

  function onSelection() {
    var box = document.querySelector("[data-select-span]");
    var form = document.querySelector("form[data-span-form]");
    var sel = window.getSelection();
    if (!box || !form || !sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    if (!box.contains(range.commonAncestorContainer)) return;
    var start = form.querySelector("input[name=start]"), end = form.querySelector("input[name=end]");
    if (!start || !end) return;
    var text = range.toString();
    var lead = text.length - text.replace(/^\s+/, "").length;
    var trail = text.length - text.replace(/\s+$/, "").length;
    if (lead + trail >= text.length) return;
    start.value = offsetOf(range.startContainer, range.startOffset) + lead;
    end.value = offsetOf(range.endContainer, range.endOffset) - trail;
    var preview = form.querySelector("[data-selection-preview]");
    if (preview) preview.textContent = "New span: “" + text.trim() + "”";
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-select-span]")) {
      document.addEventListener("mouseup", function () { window.setTimeout(onSelection, 0); });
      document.addEventListener("keyup", function (event) { if (event.shiftKey) onSelection(); });
    }
    if (!document.getElementById("queue")) return;
    if (rows().length) rows()[0].classList.add("is-current"); // the keys act on it; j moves on
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      switch (event.key) {
        case "j": step(1); break;
        case "k": step(-1); break;
        case "a": press("a"); break;
        case "r": press("r"); break;
        case "o": {
          var row = current();
          var link = row && row.querySelector("[data-open]");
          if (link) link.click();
          break;
        }
        default: return;
      }
      event.preventDefault();
    });
    document.addEventListener("click", function (event) {
      var row = event.target.closest && event.target.closest("#queue .review-item:not([data-decided])");
      if (row && !row.classList.contains("is-current")) {
        document.querySelectorAll("#queue .review-item.is-current").forEach(function (el) { el.classList.remove("is-current"); });
        row.classList.add("is-current");
      }
    });
    // After a decision the row confirms it; the next waiting item becomes current.
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var target = event.detail && event.detail.target;
      var row = target && target.id && document.getElementById(target.id);
      if (!row || !row.hasAttribute("data-decided")) return;
      var next = row.nextElementSibling;
      while (next && next.hasAttribute("data-decided")) next = next.nextElementSibling;
      if (next && next.classList.contains("review-item")) {
        setCurrent(next);
        var status = row.querySelector("[role=status]");
        if (status) status.textContent = status.textContent.trim() + " Next item selected.";
      }
    });
  });
})();
