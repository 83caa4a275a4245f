// Draws the member cities on a Leaflet map from the inline JSON (#hosting-map-data): a circle per
// city, larger the more often it hosted, grey when it never did. The same facts are in the table.
(function () {
  "use strict";
  var holder = document.getElementById("hosting-map");
  var source = document.getElementById("hosting-map-data");
  if (!holder || !source || typeof L === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var map = L.map(holder, { scrollWheelZoom: false }).setView([32.5, 53.5], 5);
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 12, attribution: data.attribution }).addTo(map);
  }
  var markers = [];
  data.cities.forEach(function (city) {
    var marker = L.circleMarker([city.lat, city.lon], {
      radius: 6 + 4 * city.times, color: "#ffffff", weight: 2,
      fillColor: city.times ? "#3b2a4a" : "#9a9aa6", fillOpacity: 0.9
    }).addTo(map);
    // A text node keeps a city's name inert (Leaflet reads strings as HTML).
    marker.bindTooltip(document.createTextNode(city.name + " — " + city.label));
    markers.push(marker);
  });
  if (markers.length) {
    map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [24, 24] });
  }
  holder.setAttribute("data-markers", String(markers.length));
})();
