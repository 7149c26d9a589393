// Source pages: a quote split where it crosses another quote has several pieces; when a link
// targets the quote (#q-<fact>-<n>, the id of its first piece), highlight every piece, not
// only the first. Without this script the first piece alone is highlighted.
(function () {
  "use strict";

  function mark() {
    Array.prototype.forEach.call(document.querySelectorAll("mark.q-target"), function (piece) {
      piece.classList.remove("q-target");
    });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id.indexOf("q-") !== 0) return;
    Array.prototype.forEach.call(document.querySelectorAll("mark.q"), function (piece) {
      if (piece.getAttribute("data-q") === id) piece.classList.add("q-target");
    });
  }

  mark();
  window.addEventListener("hashchange", mark);
})();
