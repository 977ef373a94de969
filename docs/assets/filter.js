/*
 * Catalogue filter: facets with live counts, a text filter, and the state in the URL.
 * It reads the dataset the build writes beside the catalogue index (not the search index) and only
 * shows or hides the product cards already in the page, so the page works the same without it.
 */
(function () {
  "use strict";

  var form = document.getElementById("os2-filter");
  if (!form || !window.fetch || !window.URLSearchParams) {
    return;
  }

  fetch(form.getAttribute("data-dataset"))
    .then(function (response) { return response.json(); })
    .then(start)
    .catch(function () { /* Without the dataset the static page and facet pages still work. */ });

  function start(data) {
    if (data.version !== 1) {
      return;
    }
    var params = data.facets.map(function (facet) { return facet.param; });
    var products = data.products;
    var cards = {};
    Array.prototype.forEach.call(document.querySelectorAll(".os2-card[data-slug]"), function (card) {
      (cards[card.getAttribute("data-slug")] = cards[card.getAttribute("data-slug")] || []).push(card);
    });
    var counters = {};
    Array.prototype.forEach.call(form.querySelectorAll(".os2-filter__count"), function (el) {
      counters[el.getAttribute("data-facet") + "\u0000" + el.getAttribute("data-value")] = el;
    });
    var text = form.querySelector("input[name=q]");
    var status = document.getElementById("os2-filter-status");
    var levels = Array.prototype.map.call(document.querySelectorAll(".os2-group[data-group]"), function (group) {
      return group.getAttribute("data-group");
    });

    function stateFromUrl() {
      var query = new URLSearchParams(window.location.search);
      var state = { q: query.get("q") || "", selected: {} };
      params.forEach(function (param) { state.selected[param] = query.getAll(param); });
      return state;
    }

    function stateFromForm() {
      var state = { q: text.value.trim(), selected: {} };
      params.forEach(function (param) {
        state.selected[param] = Array.prototype.map.call(
          form.querySelectorAll("input[name='" + param + "']:checked"), function (box) { return box.value; });
      });
      return state;
    }

    function urlFor(state) {
      var query = new URLSearchParams();
      if (state.q) {
        query.append("q", state.q);
      }
      params.forEach(function (param) {
        state.selected[param].forEach(function (value) { query.append(param, value); });
      });
      var search = query.toString();
      return window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    }

    function passes(product, param, selected) {
      if (!selected.length) {
        return true;
      }
      var values = product[param];
      for (var i = 0; i < values.length; i++) {
        if (selected.indexOf(values[i]) !== -1) {
          return true;
        }
      }
      return false;
    }

    // Within a facet the chosen values are alternatives (or); across facets all must hold (and).
    // A value's count is the number of products it would show, given every other facet's choices.
    function apply(state) {
      text.value = state.q;
      Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
        box.checked = state.selected[box.name].indexOf(box.value) !== -1;
      });
      var needle = state.q.toLocaleLowerCase("da");
      var counts = {};
      var perLevel = {};
      var shown = 0;
      products.forEach(function (product) {
        var textOk = !needle || product.text.indexOf(needle) !== -1;
        var ok = params.map(function (param) { return passes(product, param, state.selected[param]); });
        var failing = ok.filter(function (x) { return !x; }).length;
        params.forEach(function (param, index) {
          if (textOk && (failing === 0 || (failing === 1 && !ok[index]))) {
            product[param].forEach(function (value) {
              var key = param + "\u0000" + value;
              counts[key] = (counts[key] || 0) + 1;
            });
          }
        });
        var visible = textOk && failing === 0;
        (cards[product.slug] || []).forEach(function (card) { card.hidden = !visible; });
        if (visible) {
          shown += 1;
          perLevel[product.niveau[0]] = (perLevel[product.niveau[0]] || 0) + 1;
        }
      });
      Object.keys(counters).forEach(function (key) {
        counters[key].textContent = "(" + (counts[key] || 0) + ")";
      });
      var filtering = !!needle || params.some(function (param) { return state.selected[param].length; });
      levels.forEach(function (level) {
        var count = perLevel[level] || 0;
        Array.prototype.forEach.call(document.querySelectorAll(".os2-group-count[data-group='" + level + "']"),
          function (el) { el.textContent = String(count); });
        var hide = filtering && count === 0;
        var group = document.querySelector(".os2-group[data-group='" + level + "']");
        var heading = document.getElementById(level);
        group.hidden = hide;
        if (heading) {
          heading.hidden = hide;
        }
      });
      status.textContent = filtering
        ? "Viser " + shown + " af " + products.length + " produkter."
        : "Viser alle " + products.length + " produkter.";
    }

    form.addEventListener("change", function (event) {
      if (event.target === text) {
        return;
      }
      var state = stateFromForm();
      window.history.pushState(null, "", urlFor(state));
      apply(state);
    });
    text.addEventListener("input", function () {
      var state = stateFromForm();
      window.history.replaceState(null, "", urlFor(state));
      apply(state);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      var state = { q: "", selected: {} };
      params.forEach(function (param) { state.selected[param] = []; });
      window.history.pushState(null, "", urlFor(state));
      apply(state);
    });
    window.addEventListener("popstate", function () { apply(stateFromUrl()); });

    form.hidden = false;
    apply(stateFromUrl());
  }
}());
