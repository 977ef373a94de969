/*
 * Comparison: a reader picks two to four products and sees them side by side. The choice lives in the address
 * (?p=os2mo&p=os2kitos), so it can be shared and survives a reload. The cells come as text from the data the build
 * writes (os2catalogue.pages.compare_data) and are written as text, never as markup. Without JavaScript the page
 * shows the full table of every product instead (classes set in the page head).
 */
(function () {
  "use strict";

  var box = document.getElementById("os2-compare");
  if (!box) {
    return;
  }
  if (!window.fetch || !window.URLSearchParams || !window.history || !window.history.replaceState) {
    document.documentElement.classList.remove("os2-js");
    return;
  }

  var form = box.querySelector(".os2-compare__pick");
  var input = box.querySelector("#os2-compare-add");
  var names = box.querySelector("#os2-compare-names");
  var chosenList = box.querySelector(".os2-compare__chosen");
  var status = box.querySelector(".os2-compare__status");
  var result = box.querySelector(".os2-compare__result");
  var data = null;
  var chosen = [];

  function element(name, text) {
    var el = document.createElement(name);
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  function say(text) {
    status.textContent = text;
  }

  // A name as the reader typed it, or a slug, to the product's slug; null when it is neither.
  function find(text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) {
      return null;
    }
    if (Object.prototype.hasOwnProperty.call(data.products, wanted)) {
      return wanted;
    }
    var slugs = Object.keys(data.products);
    for (var i = 0; i < slugs.length; i += 1) {
      if (data.products[slugs[i]].name.toLowerCase() === wanted) {
        return slugs[i];
      }
    }
    return null;
  }

  function writeAddress() {
    var params = new URLSearchParams(window.location.search);
    params.delete("p");
    chosen.forEach(function (slug) {
      params.append("p", slug);
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function renderChosen() {
    chosenList.textContent = "";
    chosen.forEach(function (slug) {
      var item = element("li", data.products[slug].name + " ");
      var remove = element("button", "Fjern");
      remove.type = "button";
      remove.setAttribute("aria-label", "Fjern " + data.products[slug].name);
      remove.addEventListener("click", function () {
        chosen = chosen.filter(function (other) {
          return other !== slug;
        });
        update();
        input.focus();
      });
      item.appendChild(remove);
      chosenList.appendChild(item);
    });
  }

  function renderTable() {
    result.textContent = "";
    if (!chosen.length) {
      return;
    }
    // A box that scrolls sideways on a phone must be reachable by keyboard and say what it holds.
    var scroll = element("div");
    scroll.className = "os2-table-scroll";
    scroll.tabIndex = 0;
    scroll.setAttribute("role", "region");
    scroll.setAttribute("aria-label", "Sammenligning, tabel");
    var table = element("table");
    table.className = "os2-compare-side";
    table.appendChild(element("caption", "Sammenligning af " + chosen.map(function (slug) {
      return data.products[slug].name;
    }).join(", ")));
    var head = element("thead");
    var headRow = element("tr");
    var corner = element("th", "Oplysning");
    corner.scope = "col";
    headRow.appendChild(corner);
    chosen.forEach(function (slug) {
      var cell = element("th");
      cell.scope = "col";
      var link = element("a", data.products[slug].name);
      link.href = data.products[slug].url;
      cell.appendChild(link);
      headRow.appendChild(cell);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = element("tbody");
    data.columns.forEach(function (column) {
      var row = element("tr");
      var label = element("th", column[1]);
      label.scope = "row";
      row.appendChild(label);
      chosen.forEach(function (slug) {
        row.appendChild(element("td", data.products[slug].cells[column[0]]));
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    scroll.appendChild(table);
    result.appendChild(scroll);
  }

  function update() {
    writeAddress();
    renderChosen();
    renderTable();
    if (chosen.length === 0) {
      say("Vælg to til " + data.limit + " produkter. Valget står i adressen, så du kan dele den.");
    } else if (chosen.length === 1) {
      say("Vælg mindst ét produkt mere at sammenligne " + data.products[chosen[0]].name + " med.");
    } else {
      say(chosen.length + " produkter side om side. Del adressen for at vise andre det samme.");
    }
  }

  function start(loaded) {
    data = loaded;
    Object.keys(data.products).forEach(function (slug) {
      var option = element("option");
      option.value = data.products[slug].name;
      names.appendChild(option);
    });
    new URLSearchParams(window.location.search).getAll("p").forEach(function (wanted) {
      var slug = find(wanted);
      if (slug && chosen.indexOf(slug) < 0 && chosen.length < data.limit) {
        chosen.push(slug);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var slug = find(input.value);
      if (!slug) {
        say("Kataloget kender ikke »" + input.value.trim() + "«. Vælg et navn på listen.");
        return;
      }
      if (chosen.indexOf(slug) >= 0) {
        say(data.products[slug].name + " er allerede valgt.");
        return;
      }
      if (chosen.length >= data.limit) {
        say("Du kan sammenligne højst " + data.limit + " produkter. Fjern et, før du tilføjer et nyt.");
        return;
      }
      chosen.push(slug);
      input.value = "";
      update();
    });
    update();
  }

  fetch(box.getAttribute("data-dataset"))
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.statusText);
      }
      return response.json();
    })
    .then(start)
    .catch(function () {
      document.documentElement.classList.remove("os2-js");
    });
})();
