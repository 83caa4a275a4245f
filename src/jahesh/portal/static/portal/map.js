// Draws the page's projects on a Leaflet map from the inline JSON (#map-data). Markers are
// vector circles, not image icons, so they show even when no tile can be loaded.
(function () {
  "use strict";
  var holder = document.getElementById("map");
  var source = document.getElementById("map-data");
  if (!holder || !source || typeof L === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var map = L.map(holder, { scrollWheelZoom: false }).setView(data.center, 12);
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  }
  function popup(feature) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = feature.properties.url;
    link.textContent = feature.properties.title;
    box.appendChild(link);
    if (feature.properties.label) {
      var label = document.createElement("div");
      label.textContent = feature.properties.label;
      box.appendChild(label);
    }
    return box;
  }
  var layer = L.geoJSON(data.features, {
    style: function () { return { color: "#0a5a47", weight: 4, fillOpacity: 0.25 }; },
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, {
        radius: 8, color: "#ffffff", weight: 2, fillColor: "#0a5a47", fillOpacity: 0.95,
        className: "project-marker"
      });
    },
    onEachFeature: function (feature, item) {
      item.bindPopup(popup(feature));
      // Leaflet puts a string tooltip in as HTML; a text node keeps a title's markup inert.
      item.bindTooltip(document.createTextNode(feature.properties.title));
    }
  }).addTo(map);
  var bounds = layer.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 }); }
  holder.setAttribute("data-markers", String(layer.getLayers().length));
})();
