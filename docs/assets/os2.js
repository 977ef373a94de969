/*
 * Material wraps wide tables in a scrolling box. A box that scrolls must be reachable by keyboard
 * (WCAG 2.1.1), so every such box gets a tab stop and a name.
 */
(function () {
  "use strict";

  function label(wrap) {
    var caption = wrap.querySelector("caption");
    return caption ? caption.textContent.trim() : "Tabel";
  }

  function fix(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])"), function (wrap) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label(wrap));
    });
  }

  fix(document);
  new MutationObserver(function () { fix(document); })
    .observe(document.body, { childList: true, subtree: true });
}());
