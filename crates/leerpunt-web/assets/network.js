// Leerpunt: draws the neighbourhood on /netwerk with Cytoscape.js and grows it on a click. Without
// this script (or without Cytoscape) the page's lists show the same neighbourhood.
(function () {
  "use strict";
  var box = document.getElementById("lp-graph");
  if (!box || !window.cytoscape || !window.fetch) {
    return;
  }
  var canvas = box.querySelector(".lp-graph__canvas");
  var status = box.querySelector(".lp-graph__status");
  var source = new URL(box.getAttribute("data-src"), window.location.href);
  var english = document.documentElement.lang === "en";
  var colours = {
    organisation: "#154273",
    practice: "#2171b5",
    theme: "#b35806",
    community: "#1b7837",
    person: "#762a83"
  };
  box.hidden = false;

  var cy = window.cytoscape({
    container: canvas,
    elements: [],
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      { selector: "node", style: {
        "background-color": function (n) { return colours[n.data("kind")] || "#555"; },
        "label": "data(label)", "font-size": 9, "color": "#1b1b1b",
        "text-wrap": "ellipsis", "text-max-width": 110, "text-valign": "bottom", "text-margin-y": 3,
        "width": function (n) { return n.data("depth") === 0 ? 22 : 14; },
        "height": function (n) { return n.data("depth") === 0 ? 22 : 14; }
      } },
      { selector: "node[?more]", style: { "border-width": 2, "border-color": "#f9e11e" } },
      { selector: "edge", style: { "width": 1, "line-color": "#9aa8b6", "curve-style": "haystack" } },
      { selector: "edge[kind = 'similar_to']", style: { "line-style": "dashed" } }
    ]
  });

  function say(text) {
    status.textContent = text;
  }

  function add(data) {
    var added = 0;
    data.nodes.forEach(function (n) {
      var existing = cy.getElementById(n.key);
      if (existing.nonempty()) {
        existing.data("more", n.hidden > 0 && existing.data("depth") !== 0);
        return;
      }
      added += 1;
      cy.add({ group: "nodes", data: {
        id: n.key, kind: n.kind, url: n.url, depth: n.depth,
        label: (english && n.label_en) ? n.label_en : n.label, more: n.hidden > 0
      } });
    });
    data.edges.forEach(function (e) {
      var id = e.source + "|" + e.kind + "|" + e.target;
      if (cy.getElementById(id).empty()) {
        cy.add({ group: "edges", data: { id: id, source: e.source, target: e.target, kind: e.kind } });
      }
    });
    return added;
  }

  function load(url) {
    return fetch(url.toString(), { headers: { Accept: "application/json" } })
      .then(function (res) { if (!res.ok) { throw new Error(res.status); } return res.json(); });
  }

  function layout() {
    cy.layout({ name: "cose", animate: false, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 60; } }).run();
  }

  function expand(key) {
    var url = new URL(source.toString());
    url.searchParams.set("center", key);
    url.searchParams.set("depth", "1");
    var node = cy.getElementById(key);
    var name = node.nonempty() ? node.data("label") : key;
    return load(url).then(function (data) {
      var added = add(data);
      node.data("more", false);
      layout();
      say(box.getAttribute("data-expand-label") + ": " + name + " (+" + added + ")");
      box.setAttribute("data-expanded", key);
      return added;
    }).catch(function () { say("–"); });
  }

  cy.on("tap", "node", function (evt) {
    expand(evt.target.id());
  });
  cy.on("dbltap", "node", function (evt) {
    var url = evt.target.data("url");
    if (url) { window.location.href = url; }
  });

  load(source).then(function (data) {
    add(data);
    layout();
    box.setAttribute("data-ready", String(cy.nodes().length));
  }).catch(function () { box.hidden = true; });

  window.leerpuntNetwork = { cy: cy, expand: expand };
})();
