// claimtrack review desk: keyboard shortcuts and text selection. No inline scripts
// (the CSP forbids them); everything is wired here from data- attributes.
(function () {
  "use strict";

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function toggleHelp(show) {
    var help = document.getElementById("help");
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
  }

  // --- lists (queue, article): j/k move a selection, Enter or o opens it -------------
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll(".claim-row[data-href]"));
  }

  function selectRow(index) {
    var all = rows();
    if (!all.length) return;
    index = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) {
      row.classList.toggle("selected", i === index);
      row.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    all[index].scrollIntoView({ block: "nearest" });
  }

  function selectedIndex() {
    return rows().findIndex(function (row) { return row.classList.contains("selected"); });
  }

  function moveSelection(step) {
    var current = selectedIndex();
    selectRow(current < 0 ? 0 : current + step);
  }

  function openSelected() {
    var all = rows();
    var index = selectedIndex();
    if (index >= 0) window.location.href = all[index].getAttribute("data-href");
  }

  function clickShortcut(key) {
    var element = document.querySelector('[data-shortcut="' + key + '"]');
    if (!element) return false;
    element.click();
    return true;
  }

  // --- claim page: verdict keys -------------------------------------------------------
  function chooseVerdict(number) {
    var radio = document.querySelector('#review-form input[data-key="' + number + '"]');
    if (!radio) return false;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    // Focus on the save button: Enter now submits, another number changes the choice.
    document.getElementById("review-submit").focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      toggleHelp(false);
      if (typing(event.target)) event.target.blur();
      return;
    }
    if (typing(event.target)) return;
    var onList = rows().length > 0;
    var handled = true;
    switch (event.key) {
      case "?": toggleHelp(); break;
      case "j": if (onList) { moveSelection(1); } else { handled = clickShortcut("j"); } break;
      case "k": if (onList) { moveSelection(-1); } else { handled = clickShortcut("k"); } break;
      case "o": openSelected(); break;
      case "Enter":
        if (onList && selectedIndex() >= 0) { openSelected(); } else { handled = false; }
        break;
      case "n": handled = clickShortcut("n"); break;
      case "1": case "2": case "3": case "4": handled = chooseVerdict(event.key); break;
      case "e": {
        var evidence = document.getElementById("evidence-url");
        if (evidence) { evidence.scrollIntoView({ block: "center" }); evidence.focus(); } else { handled = false; }
        break;
      }
      case "/": {
        var search = document.getElementById("queue-search");
        if (search) { search.focus(); } else { handled = false; }
        break;
      }
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  // --- text selection -> offsets into the article text ----------------------------------
  // Offsets are Python string indices (code points); JavaScript counts UTF-16 units,
  // so lengths are measured with the string iterator, which walks code points.
  function codePoints(text) { return Array.from(text).length; }

  function offsetWithin(container, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  function readSelection(container) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
    var raw = range.toString();
    var start = offsetWithin(container, range.startContainer, range.startOffset);
    // Drop the whitespace a double-click or a drag picks up at either end.
    var leading = raw.length - raw.replace(/^\s+/, "").length;
    var text = raw.trim();
    if (!text) return null;
    start += codePoints(raw.slice(0, leading));
    return { start: start, end: start + codePoints(text), text: text };
  }

  function fillSelectionForms(chosen) {
    document.querySelectorAll(".selection-form").forEach(function (form) {
      form.elements.start.value = chosen.start;
      form.elements.end.value = chosen.end;
      form.elements.selected_text.value = chosen.text;
      var status = form.querySelector(".selection-status");
      if (status) {
        var shown = chosen.text.length > 80 ? chosen.text.slice(0, 77) + "…" : chosen.text;
        status.textContent = "Selected (" + chosen.start + "–" + chosen.end + "): “" + shown + "”";
        status.classList.remove("muted");
      }
    });
  }

  function watchArticle() {
    var container = document.getElementById("article-text");
    if (!container) return;
    var update = function () {
      var chosen = readSelection(container);
      if (chosen) fillSelectionForms(chosen);
    };
    container.addEventListener("mouseup", update);
    container.addEventListener("keyup", update);
    document.addEventListener("selectionchange", function () {
      window.clearTimeout(watchArticle.timer);
      watchArticle.timer = window.setTimeout(update, 150);
    });
    var mark = document.getElementById("claim-mark");
    if (mark) mark.scrollIntoView({ block: "center" });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('[data-action="help"]').forEach(function (button) {
      button.addEventListener("click", function () { toggleHelp(); });
    });
    var help = document.getElementById("help");
    if (help) help.addEventListener("click", function (event) { if (event.target === help) toggleHelp(false); });
    rows().forEach(function (row, index) {
      row.addEventListener("click", function (event) {
        if (event.target.closest("a")) return;
        selectRow(index);
      });
      row.addEventListener("dblclick", function () { window.location.href = row.getAttribute("data-href"); });
    });
    watchArticle();
  });
})();
