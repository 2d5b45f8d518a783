/* Chợ OCOP: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  var wide = window.matchMedia("(min-width: 62em)");

  // Main menu: a disclosure button on small screens; without JS the menu is simply shown.
  function initNav() {
    var toggle = document.querySelector(".site-nav__toggle");
    var nav = document.querySelector(".site-nav");
    if (!toggle || !nav) return;  // the collapsed state is CSS's (.js, set in <head>): nothing shifts
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("is-open", !open);
    });
  }

  // Drop-down menus built on <details>: close on Escape and on a click elsewhere.
  function initDropdowns() {
    var dropdowns = document.querySelectorAll("details.nav-dropdown");
    if (!dropdowns.length) return;
    document.addEventListener("click", function (event) {
      dropdowns.forEach(function (details) {
        if (details.open && !details.contains(event.target)) details.open = false;
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      dropdowns.forEach(function (details) {
        if (details.open) {
          details.open = false;
          details.querySelector("summary").focus();
        }
      });
    });
  }

  // The filter panel is a closed <details> on phones and always open on wide screens.
  function initFilters() {
    var panels = document.querySelectorAll("details[data-filters]");
    if (!panels.length) return;
    function sync() {
      panels.forEach(function (details) {
        details.classList.add("is-enhanced");
        if (wide.matches) details.open = true;
      });
    }
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
    // Below 62em the open panel is a drawer (CSS): its × button, a tap on the shade and Escape close it.
    panels.forEach(function (details) {
      var summary = details.querySelector("summary");
      function close() {
        if (wide.matches || !details.open) return;
        details.open = false;
        summary.focus();
      }
      details.addEventListener("click", function (event) {
        if (event.target === details || event.target.closest("[data-filters-close]")) close();
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape") close();
      });
    });
  }

  // "Near me": the browser's location fills the hidden `near` input and the filters are applied.
  function initNearMe() {
    if (!navigator.geolocation) return;
    document.querySelectorAll("[data-near-me]").forEach(function (box) {
      var button = box.querySelector("[data-near-button]");
      var input = box.querySelector("[data-near-input]");
      var status = box.querySelector("[data-near-status]");
      if (!button || !input || !input.form) return;
      box.hidden = false;
      button.hidden = false;
      button.addEventListener("click", function () {
        button.disabled = true;
        status.textContent = box.getAttribute("data-msg-locating");
        navigator.geolocation.getCurrentPosition(
          function (position) {
            input.value = position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4);
            if (input.form.requestSubmit) input.form.requestSubmit();
            else input.form.submit();
          },
          function () {
            button.disabled = false;
            status.textContent = box.getAttribute("data-msg-failed");
          },
          { timeout: 15000, maximumAge: 600000 }
        );
      });
    });
  }

  // Filter forms leave empty price and place fields out of the URL.
  function initCleanQueries() {
    document.querySelectorAll(".filters__form").forEach(function (form) {
      form.addEventListener("formdata", function (event) {
        var data = event.formData;
        ["price_min", "price_max", "near"].forEach(function (name) {
          if (!data.get(name)) data.delete(name);
        });
        if (!data.get("near")) data.delete("radius_km");
      });
    });
  }

  // Oscar's "cancel" and "print" links, which Oscar wires with inline onclick handlers that the
  // Content-Security-Policy refuses: our copies of those templates say data-action instead.
  function initActions() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest("[data-action=back], [data-action=print]");
      if (!link) return;
      event.preventDefault();
      if (link.dataset.action === "back") window.history.back();
      else window.print();
    });
  }

  // Share controls (templates/components/share.html): the phone's own share sheet and a copy-link
  // button, shown only where the browser has them; the Zalo and Facebook links work without this.
  function initShare() {
    var phone = window.matchMedia("(pointer: coarse)").matches;
    document.querySelectorAll("[data-share]").forEach(function (box) {
      var data = { title: box.getAttribute("data-share-title"), url: box.getAttribute("data-share-url") };
      var status = box.querySelector("[data-share-status]");
      var native = box.querySelector("[data-action=share-native]");
      var copy = box.querySelector("[data-action=share-copy]");
      if (native && phone && navigator.share && (!navigator.canShare || navigator.canShare(data))) {
        native.hidden = false;
        native.addEventListener("click", function () {
          navigator.share(data).catch(function () {
            /* closed without sharing: nothing to say */
          });
        });
      }
      if (copy && navigator.clipboard && window.isSecureContext) {
        copy.hidden = false;
        copy.addEventListener("click", function () {
          navigator.clipboard.writeText(data.url).then(
            function () {
              status.textContent = box.getAttribute("data-msg-copied");
            },
            function () {
              status.textContent = box.getAttribute("data-msg-copy-failed");
            }
          );
        });
      }
    });
  }

  function init() {
    initActions();
    initShare();
    initNav();
    initDropdowns();
    initFilters();
    initNearMe();
    initCleanQueries();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
