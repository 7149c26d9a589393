// Citation cards on briefings and the topic filter on the facts page.
// Reading never needs this script: markers are links to the notes at the end.
(function () {
  "use strict";

  function initCitations() {
    var markers = document.querySelectorAll("a.cite-ref");
    if (!markers.length) return;
    var open = null;
    var hoverTimer = null;
    var returningFocus = false;

    function close(returnFocus) {
      if (!open) return;
      var marker = open.marker;
      open.card.remove();
      marker.setAttribute("aria-expanded", "false");
      open = null;
      if (returnFocus) {
        // Focus goes back to the marker without reopening the card it just closed.
        returningFocus = true;
        marker.focus();
        returningFocus = false;
      }
    }

    function show(marker) {
      if (open && open.marker === marker) return;
      close(false);
      var note = document.getElementById(marker.hash.slice(1));
      if (!note) return;
      var card = document.createElement("span");
      card.className = "cite-card";
      card.id = "card-" + note.id;
      card.setAttribute("role", "group");
      card.setAttribute("aria-label", "Source for note " + note.id.replace("note-", ""));
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cite-card-close";
      button.setAttribute("aria-label", "Close");
      button.textContent = "\u00d7";
      button.addEventListener("click", function () { close(true); });
      card.appendChild(button);
      Array.prototype.forEach.call(note.children, function (child) {
        var copy = child.cloneNode(true);
        copy.removeAttribute("id");
        Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
        card.appendChild(copy);
      });
      marker.parentNode.insertBefore(card, marker.nextSibling);
      place(card, marker);
      marker.setAttribute("aria-expanded", "true");
      marker.setAttribute("aria-controls", card.id);
      card.addEventListener("mouseenter", function () { clearTimeout(hoverTimer); });
      card.addEventListener("mouseleave", scheduleClose);
      open = { marker: marker, card: card };
    }

    function place(card, marker) {
      var rect = marker.getBoundingClientRect();
      var width = card.offsetWidth;
      var left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
      card.style.left = left + "px";
      card.style.top = rect.bottom + window.scrollY + 6 + "px";
      document.body.appendChild(card);
      card.style.position = "absolute";
    }

    function scheduleClose() {
      clearTimeout(hoverTimer);
      hoverTimer = setTimeout(function () {
        if (open && !open.card.contains(document.activeElement)) close(false);
      }, 300);
    }

    Array.prototype.forEach.call(markers, function (marker) {
      marker.setAttribute("aria-expanded", "false");
      marker.addEventListener("click", function (event) {
        event.preventDefault();
        // Focus (from Tab or the mouse press) has usually opened the card already; a click keeps it open.
        show(marker);
      });
      marker.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown" && open && open.marker === marker) {
          event.preventDefault();
          var link = open.card.querySelector("a");
          if (link) link.focus();
        }
      });
      marker.addEventListener("mouseenter", function () {
        clearTimeout(hoverTimer);
        hoverTimer = setTimeout(function () { show(marker); }, 150);
      });
      marker.addEventListener("mouseleave", scheduleClose);
      marker.addEventListener("focus", function () { if (!returningFocus) show(marker); });
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && open) close(true);
    });
    document.addEventListener("focusin", function (event) {
      if (open && event.target !== open.marker && !open.card.contains(event.target)) close(false);
    });
    document.addEventListener("click", function (event) {
      if (open && !open.card.contains(event.target) && event.target !== open.marker) close(false);
    });
    // Tab from the marker goes into the open card, then on to the text.
    document.addEventListener("keydown", function (event) {
      if (!open || event.key !== "Tab") return;
      var links = open.card.querySelectorAll("a, button");
      if (!links.length) return;
      if (!event.shiftKey && document.activeElement === open.marker) {
        event.preventDefault();
        links[0].focus();
      } else if (!event.shiftKey && document.activeElement === links[links.length - 1]) {
        event.preventDefault();
        var marker = open.marker;
        close(false);
        focusNext(marker);
      } else if (event.shiftKey && document.activeElement === links[0]) {
        event.preventDefault();
        open.marker.focus();
      }
    });

    function focusNext(marker) {
      var all = Array.prototype.slice.call(document.querySelectorAll("a[href], button, input, [tabindex]:not([tabindex='-1'])"));
      var index = all.indexOf(marker);
      if (index >= 0 && index + 1 < all.length) all[index + 1].focus();
    }
  }

  function initTopicFilter() {
    var nav = document.querySelector(".topic-filter");
    if (!nav) return;
    var sections = document.querySelectorAll(".topic-section");
    var links = nav.querySelectorAll("a[data-topic]");
    Array.prototype.forEach.call(links, function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.dataset.topic = link.dataset.topic;
      button.setAttribute("aria-pressed", "false");
      button.innerHTML = link.innerHTML;
      link.replaceWith(button);
    });
    var buttons = nav.querySelectorAll("button[data-topic]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var pressed = button.getAttribute("aria-pressed") === "true";
        Array.prototype.forEach.call(buttons, function (b) { b.setAttribute("aria-pressed", "false"); });
        if (!pressed) button.setAttribute("aria-pressed", "true");
        Array.prototype.forEach.call(sections, function (section) {
          section.hidden = !pressed ? section.id !== "topic-" + button.dataset.topic : false;
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initCitations();
    initTopicFilter();
  });
})();
