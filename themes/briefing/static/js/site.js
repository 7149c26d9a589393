// Citation cards on briefings, the table of contents, "Cite this" and the topic filter on the facts page.
// Reading never needs this script: markers are links to the notes at the end.
(function () {
  "use strict";

  var MARGIN = 8;

  function initCitations() {
    var markers = document.querySelectorAll("a.cite-ref");
    if (!markers.length) return;
    var open = null;
    var hoverTimer = null;

    function close(returnFocus) {
      if (!open) return;
      var current = open;
      open = null;
      var hadFocus = current.card.contains(document.activeElement);
      current.card.remove();
      current.marker.setAttribute("aria-expanded", "false");
      current.marker.removeAttribute("aria-controls"); // it would name a card that is gone
      if (returnFocus || hadFocus) current.marker.focus();
    }

    function build(marker, note) {
      // The card sits right after its marker, so that Tab goes from the marker into
      // the card and from the card's last link on to the text after the marker.
      var card = document.createElement("span");
      card.className = "cite-card";
      card.id = "card-" + note.id;
      card.setAttribute("role", "group");
      card.setAttribute("aria-label", "Source for note " + note.id.replace("note-", ""));
      Array.prototype.forEach.call(note.children, function (child) {
        var copy = child.cloneNode(true);
        copy.removeAttribute("id");
        Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
        card.appendChild(copy);
      });
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cite-card-close";
      button.setAttribute("aria-label", "Close note " + note.id.replace("note-", ""));
      button.textContent = "\u00d7";
      button.addEventListener("click", function (event) {
        event.stopPropagation();
        close(true);
      });
      card.appendChild(button);
      card.addEventListener("mouseenter", function () { clearTimeout(hoverTimer); });
      card.addEventListener("mouseleave", scheduleClose);
      return card;
    }

    function show(marker, pinned) {
      if (open && open.marker === marker) {
        open.pinned = open.pinned || pinned;
        return;
      }
      close(false);
      var note = document.getElementById(marker.hash.slice(1));
      if (!note) return;
      var card = build(marker, note);
      marker.parentNode.insertBefore(card, marker.nextSibling);
      marker.setAttribute("aria-expanded", "true");
      marker.setAttribute("aria-controls", card.id);
      open = { marker: marker, card: card, pinned: pinned };
      place();
    }

    // Below the marker when it fits in the window, else above it (flipped), else
    // wherever there is more room; always inside the window's width.
    function place() {
      if (!open) return;
      var card = open.card;
      var marker = open.marker;
      var viewWidth = document.documentElement.clientWidth;
      var viewHeight = window.innerHeight;
      card.style.left = "0px";
      card.style.top = "0px";
      card.style.maxHeight = viewHeight - 2 * MARGIN + "px";
      var rect = marker.getBoundingClientRect();
      var origin = card.getBoundingClientRect();
      var width = card.offsetWidth;
      var height = card.offsetHeight;
      var left = Math.max(MARGIN, Math.min(rect.left, viewWidth - width - MARGIN));
      var below = viewHeight - rect.bottom - MARGIN;
      var above = rect.top - MARGIN;
      var top;
      card.classList.remove("cite-card-above");
      if (height + 4 <= below || below >= above) {
        top = Math.min(rect.bottom + 4, viewHeight - height - MARGIN);
      } else {
        top = Math.max(MARGIN, rect.top - height - 4);
        card.classList.add("cite-card-above");
      }
      card.style.left = left - origin.left + "px";
      card.style.top = Math.max(MARGIN, top) - origin.top + "px";
    }

    function scheduleClose() {
      clearTimeout(hoverTimer);
      hoverTimer = setTimeout(function () {
        if (open && !open.pinned && !open.card.contains(document.activeElement)) close(false);
      }, 300);
    }

    Array.prototype.forEach.call(markers, function (marker) {
      marker.setAttribute("aria-expanded", "false");
      marker.addEventListener("click", function (event) {
        event.preventDefault();
        clearTimeout(hoverTimer);
        // A click (mouse, touch, Enter) keeps a card shown by hovering; a second one closes it.
        if (open && open.marker === marker && open.pinned) close(true);
        else show(marker, true);
      });
      marker.addEventListener("mouseenter", function () {
        clearTimeout(hoverTimer);
        hoverTimer = setTimeout(function () { show(marker, false); }, 150);
      });
      marker.addEventListener("mouseleave", scheduleClose);
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && open) {
        var inside = open.card.contains(document.activeElement) || document.activeElement === open.marker;
        close(inside);
      }
    });
    document.addEventListener("focusin", function (event) {
      if (open && event.target !== open.marker && !open.card.contains(event.target)) close(false);
    });
    document.addEventListener("click", function (event) {
      if (open && !open.card.contains(event.target) && event.target !== open.marker) close(false);
    });
    window.addEventListener("resize", place);
  }

  // A link to a section collapsed in <details> (the appendices, the history) opens it,
  // also when the address already ends in that fragment (no hashchange then).
  function initDisclosures() {
    function reveal(id) {
      var target = id && document.getElementById(id);
      for (var el = target; el; el = el.parentElement) {
        if (el.tagName === "DETAILS") el.open = true;
      }
    }
    window.addEventListener("hashchange", function () { reveal(decodeURIComponent(location.hash.slice(1))); });
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#']");
      if (link && !link.classList.contains("cite-ref")) reveal(decodeURIComponent(link.hash.slice(1)));
    });
    reveal(decodeURIComponent(location.hash.slice(1)));
    var toc = document.querySelector("details.toc");
    if (toc && window.matchMedia("(min-width: 64rem)").matches) toc.open = true;
  }

  // The contents mark the section being read (the last heading scrolled past the top third).
  function initContents() {
    var links = document.querySelectorAll("nav.toc a[href^='#']");
    if (!links.length) return;
    var entries = [];
    Array.prototype.forEach.call(links, function (link) {
      var heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (heading) entries.push({ link: link, heading: heading });
    });
    var pending = false;
    function update() {
      pending = false;
      var line = window.innerHeight / 3;
      var current = null;
      entries.forEach(function (entry) {
        if (entry.heading.getBoundingClientRect().top <= line) current = entry;
      });
      entries.forEach(function (entry) {
        if (entry === current) entry.link.setAttribute("aria-current", "location");
        else entry.link.removeAttribute("aria-current");
      });
    }
    window.addEventListener("scroll", function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(update);
      }
    }, { passive: true });
    update();
  }

  function initCiteThis() {
    var today = new Date();
    var iso = today.toISOString().slice(0, 10);
    var months = ["January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"];
    var long = today.getUTCDate() + " " + months[today.getUTCMonth()] + " " + today.getUTCFullYear();
    Array.prototype.forEach.call(document.querySelectorAll("[data-accessed]"), function (el) {
      el.textContent = el.getAttribute("data-accessed") === "iso" ? iso : long;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (block) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      var label = block.getAttribute("data-copy");
      button.setAttribute("aria-label", "Copy the " + label + " citation");
      var status = document.createElement("span");
      status.className = "copy-status";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        var text = block.querySelector(".citation-text").textContent.trim();
        var done = function () { status.textContent = "Copied."; };
        var failed = function () {
          var range = document.createRange();
          range.selectNodeContents(block.querySelector(".citation-text"));
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          status.textContent = "Selected: press Ctrl+C (or \u2318C) to copy.";
        };
        if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, failed);
        else failed();
      });
      block.appendChild(button);
      block.appendChild(status);
    });
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
    initDisclosures();
    initContents();
    initCiteThis();
    initTopicFilter();
  });
})();
