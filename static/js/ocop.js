/* Chợ OCOP: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  var wide = window.matchMedia("(min-width: 62em)");

  // Main menu: a disclosure button on small screens; without JS the menu is simply shown.
  function initNav() {
    var toggle = document.querySelector(".site-nav__toggle");
    var nav = document.querySelector(".site-nav");
    if (!toggle || !nav) return;
    toggle.hidden = false;
    nav.classList.add("site-nav--collapsible");
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
  }

  function init() {
    initNav();
    initDropdowns();
    initFilters();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
