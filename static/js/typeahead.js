/* Chợ OCOP: suggestions under the header search box.
 *
 * The input is an ARIA 1.2 combobox with a listbox popup (role=combobox, aria-expanded,
 * aria-controls, aria-activedescendant). Up/Down move through the options, Enter opens the
 * highlighted one (or searches when none is), Escape closes the list; a click opens an option.
 * Suggestions come from /api/search/suggest/ (data-typeahead); kind labels from data-kind-*.
 * Without this file the box is a plain search form.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var MIN_LENGTH = 2;

  function Typeahead(input) {
    this.input = input;
    this.url = input.getAttribute("data-typeahead");
    this.listbox = document.getElementById(input.getAttribute("aria-controls"));
    this.status = input.form ? input.form.querySelector("[data-typeahead-status]") : null;
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.cache = {};
    this.bind();
  }

  Typeahead.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () {
      self.schedule();
    });
    this.input.addEventListener("keydown", function (event) {
      self.onKey(event);
    });
    this.input.addEventListener("blur", function () {
      self.close();
    });
    // Keep the focus in the input while an option is clicked.
    this.listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) self.go(Number(option.getAttribute("data-index")));
    });
    this.listbox.addEventListener("mousemove", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) self.highlight(Number(option.getAttribute("data-index")), false);
    });
    window.addEventListener("pageshow", function () {
      self.close();
    });
  };

  Typeahead.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var text = this.input.value.trim();
    if (text.length < MIN_LENGTH) {
      this.render(text, []);
      return;
    }
    this.timer = window.setTimeout(function () {
      self.fetch(text);
    }, DEBOUNCE_MS);
  };

  Typeahead.prototype.fetch = function (text) {
    var self = this;
    if (this.cache.hasOwnProperty(text)) {
      this.render(text, this.cache[text]);
      return;
    }
    if (this.request) this.request.abort();
    var request = typeof AbortController === "function" ? new AbortController() : null;
    this.request = request;
    fetch(this.url + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
      signal: request ? request.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        self.cache[text] = data.suggestions || [];
        self.render(text, self.cache[text]);
      })
      .catch(function () {
        /* No suggestions on a network error or an aborted request: the form still searches. */
      });
  };

  Typeahead.prototype.render = function (text, suggestions) {
    // A late answer for text that is no longer in the box is dropped.
    if (text !== this.input.value.trim()) return;
    var self = this;
    this.items = suggestions;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.listbox.textContent = "";
    suggestions.forEach(function (suggestion, index) {
      var option = document.createElement("li");
      option.id = self.listbox.id + "-" + index;
      option.className = "typeahead__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      option.setAttribute("data-kind", suggestion.kind);
      var label = document.createElement("span");
      label.className = "typeahead__text";
      label.textContent = suggestion.text;
      var kind = document.createElement("span");
      kind.className = "typeahead__kind";
      kind.textContent = self.input.getAttribute("data-kind-" + suggestion.kind) || suggestion.kind;
      option.appendChild(label);
      option.appendChild(kind);
      self.listbox.appendChild(option);
    });
    if (suggestions.length && document.activeElement === this.input) {
      this.open();
      this.announce(this.input.getAttribute("data-msg-results") || "");
    } else {
      this.close();
    }
  };

  Typeahead.prototype.open = function () {
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Typeahead.prototype.close = function () {
    // A closed list stays closed: the answer still due for the last keystroke is dropped.
    window.clearTimeout(this.timer);
    if (this.request) this.request.abort();
    this.request = null;
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.highlight(-1, false);
  };

  Typeahead.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Typeahead.prototype.highlight = function (index, scroll) {
    var options = this.listbox.querySelectorAll("[role=option]");
    this.active = index;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    if (index >= 0 && options[index]) {
      this.input.setAttribute("aria-activedescendant", options[index].id);
      if (scroll) options[index].scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Typeahead.prototype.onKey = function (event) {
    var count = this.items.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) return;
      event.preventDefault();
      if (!this.isOpen()) {
        this.open();
        if (event.altKey) return;
      }
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = this.active < 0 && step < 0 ? count - 1 : (this.active + step + count) % count;
      this.highlight(next, true);
    } else if (event.key === "Enter") {
      if (this.isOpen() && this.active >= 0) {
        event.preventDefault();
        this.go(this.active);
      }
    } else if (event.key === "Escape") {
      if (this.isOpen()) {
        event.preventDefault();
        this.close();
      } else if (this.input.value) {
        event.preventDefault();
        this.input.value = "";
        this.items = [];
      }
    } else if (event.key === "Tab") {
      this.close();
    }
  };

  Typeahead.prototype.go = function (index) {
    var suggestion = this.items[index];
    if (!suggestion) return;
    this.close();
    window.location.assign(suggestion.url);
  };

  Typeahead.prototype.announce = function (message) {
    if (!this.status) return;
    // Re-set the text so screen readers announce it again.
    this.status.textContent = "";
    var status = this.status;
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  };

  function init() {
    if (!window.fetch) return;
    document.querySelectorAll("input[data-typeahead]").forEach(function (input) {
      if (document.getElementById(input.getAttribute("aria-controls"))) new Typeahead(input);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
