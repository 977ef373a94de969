/*
 * Catalogue filter: facets with live counts, a text filter, and the state in the URL.
 * It reads the dataset the build writes beside the catalogue index (not the search index) and keeps the
 * matching product cards in the page, in the catalogue's order. A large catalogue's index holds the first cards
 * of each level only (with a link to the level's pages, which is how it works without JavaScript); the dataset
 * carries the others' cards. Each level shows its first matching cards, as many as the index does
 * (data-group-size), and a button shows the rest until the next change: a change touches a few hundred cards at
 * most, not the whole catalogue. A card the index left out is made, as text, when it is first shown.
 */
(function () {
  "use strict";

  var form = document.getElementById("os2-filter");
  if (!form) {
    return;
  }
  if (!window.fetch || !window.URLSearchParams) {
    document.documentElement.classList.remove("os2-js");
    return;
  }

  // Without the dataset the filter cannot work: the browse links that stand in for it without JavaScript return.
  function giveUp() {
    document.documentElement.classList.remove("os2-js");
  }

  fetch(form.getAttribute("data-dataset"))
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.statusText);
      }
      return response.json();
    })
    .then(start)
    .catch(giveUp);

  function element(name, className, text) {
    var el = document.createElement(name);
    if (className) {
      el.className = className;
    }
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  // The same card as the page's own (os2catalogue's _macros.j2, card), built from text only: the product's name,
  // description and level, the labels the dataset gives once, and the rest of the card.
  function buildCard(product, data) {
    var card = product.card;
    var stage = data.lifecycle[card.lifecycle];
    var item = element("li", "os2-card" + (stage.retired ? " os2-card--left" : ""));
    item.setAttribute("data-slug", product.slug);
    var title = element("h3", "os2-card__title");
    var link = element("a", null, product.name);
    link.setAttribute("href", card.url);
    title.appendChild(link);
    item.appendChild(title);
    item.appendChild(element("p", "os2-card__text", product.description));
    var meta = element("p", "os2-card__meta");
    meta.appendChild(element("span", "os2-level os2-level--" + product.group, data.levels[product.group]));
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(element("span", "os2-lifecycle os2-lifecycle--" + card.lifecycle, stage.label));
    if (card.basis) {
      meta.appendChild(element("br"));
      meta.appendChild(element("span", "os2-muted", card.basis));
    }
    item.appendChild(meta);
    if (card.stale) {
      item.appendChild(element("p", "os2-stale", card.stale));
    }
    return item;
  }

  function start(data) {
    if (data.version !== 3) {
      giveUp();
      return;
    }
    var params = data.facets.map(function (facet) { return facet.param; });
    var products = data.products;
    // The counter keys each product adds to, computed once rather than on every change.
    products.forEach(function (product) {
      // What the text filter searches, cased as the reader's words are.
      product.text = (product.name + " " + product.description).toLocaleLowerCase("da");
      product.keys = params.map(function (param) {
        return product[param].map(function (value) { return param + "\u0000" + value; });
      });
    });
    var limit = parseInt(form.getAttribute("data-group-size"), 10) || Infinity;
    // Each level's list holds its products in the catalogue's order: the index's own cards first, then the
    // ones it left out (in their order). A card that is filtered out leaves its list rather than being
    // hidden: hiding most of a thousand cards at once made the browser rebuild their layout.
    var bySlug = {};
    products.forEach(function (product) { bySlug[product.slug] = product; });
    // Each level's group: its box and heading, the counts that name it, and its list of cards.
    var byLevel = {};
    var groups = Array.prototype.map.call(document.querySelectorAll(".os2-group[data-group]"), function (box) {
      var level = box.getAttribute("data-group");
      return (byLevel[level] = {
        level: level, box: box, heading: document.getElementById(level),
        counters: Array.prototype.slice.call(document.querySelectorAll(".os2-group-count[data-group='" + level + "']")),
        list: box.querySelector(".os2-cards"), more: box.querySelector(".os2-group__more"),
        items: [], expanded: false,
        // The cards the list holds now (a card the dataset does not know goes at the first change).
        shown: Array.prototype.slice.call(box.querySelectorAll(".os2-cards > .os2-card"))
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".os2-card[data-slug]"), function (card) {
      var product = bySlug[card.getAttribute("data-slug")];
      if (product && byLevel[product.group]) {
        product.element = card;
        byLevel[product.group].items.push(product);
      }
    });
    products.filter(function (product) { return product.card && byLevel[product.group]; })
      .sort(function (a, b) { return a.card.order - b.card.order; })
      .forEach(function (product) { byLevel[product.group].items.push(product); });
    groups.forEach(function (entry) {
      if (entry.more) {
        // The index's note and link to the level's pages become the count of what is left and a button.
        entry.levelLabel = entry.more.getAttribute("data-level");
        entry.more.textContent = "";
        entry.moreText = entry.more.appendChild(document.createTextNode(""));
        entry.button = entry.more.appendChild(element("button", "md-button"));
        entry.button.type = "button";
        entry.button.addEventListener("click", function () {
          var first = entry.shown.length;
          entry.expanded = true;
          show(entry, current);
          // The button is gone: the reader goes on at the first card it brought.
          var next = entry.shown[first] && entry.shown[first].querySelector("a");
          if (next) {
            next.focus();
          }
        });
      }
    });
    var counters = {};
    Array.prototype.forEach.call(form.querySelectorAll(".os2-filter__count"), function (el) {
      counters[el.getAttribute("data-facet") + "\u0000" + el.getAttribute("data-value")] = el;
    });
    var text = form.querySelector("input[name=q]");
    var status = document.getElementById("os2-filter-status");

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

    var shownCounts = {};
    // The products the filter lets through now, by slug.
    var current = {};

    function setText(el, value) {
      if (el.textContent !== value) {
        el.textContent = value;
      }
    }

    // Within a facet the chosen values are alternatives (or); across facets all must hold (and).
    // A value's count is the number of products it would show, given every other facet's choices.
    // The page is only touched where something changes: with a thousand cards that is what keeps a
    // change within one frame.
    function apply(state) {
      text.value = state.q;
      Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
        var checked = state.selected[box.name].indexOf(box.value) !== -1;
        if (box.checked !== checked) {
          box.checked = checked;
        }
      });
      var needle = state.q.toLocaleLowerCase("da");
      var selected = params.map(function (param) { return state.selected[param]; });
      var counts = {};
      var perLevel = {};
      var shown = 0;
      var ok = new Array(params.length);
      var visible = {};
      for (var i = 0; i < products.length; i++) {
        var product = products[i];
        if (needle && product.text.indexOf(needle) === -1) {
          continue;
        }
        var failing = 0;
        for (var f = 0; f < params.length; f++) {
          ok[f] = passes(product, params[f], selected[f]);
          if (!ok[f]) {
            failing += 1;
          }
        }
        for (f = 0; f < params.length; f++) {
          if (failing === 0 || (failing === 1 && !ok[f])) {
            var keys = product.keys[f];
            for (var v = 0; v < keys.length; v++) {
              counts[keys[v]] = (counts[keys[v]] || 0) + 1;
            }
          }
        }
        if (failing === 0) {
          visible[product.slug] = true;
          shown += 1;
          perLevel[product.group] = (perLevel[product.group] || 0) + 1;
        }
      }
      current = visible;
      for (var counterKey in counters) {
        var value = "(" + (counts[counterKey] || 0) + ")";
        if (shownCounts[counterKey] !== value) {
          counters[counterKey].textContent = value;
          shownCounts[counterKey] = value;
        }
      }
      var filtering = !!needle || selected.some(function (values) { return values.length; });
      groups.forEach(function (group) {
        // A level the reader opened in full closes again with any change: a change stays small.
        group.expanded = false;
        show(group, visible);
        var count = perLevel[group.level] || 0;
        group.counters.forEach(function (el) { setText(el, String(count)); });
        var hideGroup = filtering && count === 0;
        if (group.box.hidden !== hideGroup) {
          group.box.hidden = hideGroup;
        }
        if (group.heading && group.heading.hidden !== hideGroup) {
          group.heading.hidden = hideGroup;
        }
      });
      setText(status, filtering
        ? "Viser " + shown + " af " + products.length + " produkter."
        : "Viser alle " + products.length + " produkter.");
    }

    // The list holds exactly its first visible cards (all, once the reader asks, until the next change), in
    // order; it is only touched when that changes.
    function show(entry, visible) {
      var matching = entry.items.filter(function (product) { return visible[product.slug]; });
      var wanted = (entry.expanded ? matching : matching.slice(0, limit)).map(function (product) {
        if (!product.element) {
          product.element = buildCard(product, data);
        }
        return product.element;
      });
      if (entry.more) {
        var left = matching.length - wanted.length;
        entry.more.hidden = left === 0;
        if (left) {
          setText(entry.moreText, "Her står de første " + wanted.length + " af " + matching.length + ". ");
          setText(entry.button, "Vis alle " + matching.length + " produkter på " + entry.levelLabel);
        }
      }
      var same = wanted.length === entry.shown.length && wanted.every(function (card, n) {
        return card === entry.shown[n];
      });
      if (same) {
        return;
      }
      var fragment = document.createDocumentFragment();
      wanted.forEach(function (card) { fragment.appendChild(card); });
      while (entry.list.firstChild) {
        entry.list.removeChild(entry.list.firstChild);
      }
      entry.list.appendChild(fragment);
      entry.shown = wanted;
    }

    // The results change at once; the address follows right after, outside the frame that shows them
    // (a history update is a round trip to the browser process).
    function remember(state, replace) {
      var url = urlFor(state);
      window.setTimeout(function () {
        if (replace) {
          window.history.replaceState(null, "", url);
        } else {
          window.history.pushState(null, "", url);
        }
      }, 0);
    }

    form.addEventListener("change", function (event) {
      if (event.target === text) {
        return;
      }
      var state = stateFromForm();
      apply(state);
      remember(state, false);
    });
    text.addEventListener("input", function () {
      var state = stateFromForm();
      apply(state);
      remember(state, true);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      var state = { q: "", selected: {} };
      params.forEach(function (param) { state.selected[param] = []; });
      apply(state);
      remember(state, false);
    });
    window.addEventListener("popstate", function () { apply(stateFromUrl()); });

    // A facet with a choice in the address opens, so the reader sees what is filtered on.
    function reveal() {
      Array.prototype.forEach.call(form.querySelectorAll("details"), function (facet) {
        if (!facet.open && facet.querySelector("input:checked")) {
          facet.open = true;
        }
      });
    }
    window.addEventListener("popstate", reveal);

    apply(stateFromUrl());
    reveal();
    form.setAttribute("data-ready", "");
  }
}());
