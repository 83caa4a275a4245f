// Jahesh: the city map. Draws every project of the inline JSON (#city-map-data) as a vector
// circle coloured by status, and gathers points closer than CLUSTER_PX on screen into one
// numbered circle, recomputed at every zoom; a click on a cluster zooms into it. Without a tile
// server the points still show, on a plain background. The list beside the map holds the same
// projects for anyone who cannot use the map.
(function () {
  "use strict";
  var holder = document.getElementById("city-map");
  var source = document.getElementById("city-map-data");
  if (!holder || !source || typeof L === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var CLUSTER_PX = 36;
  var COLOURS = {
    identification: "#7a5c00", preparation: "#b35c00", implementation: "#1b5fa8",
    completion: "#0a6b47", maintenance: "#4b5a6b", completed: "#0a6b47", cancelled: "#8a1c1c"
  };
  var DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  function fa(n) { return String(n).replace(/[0-9]/g, function (d) { return DIGITS[+d]; }); }

  var map = L.map(holder, { scrollWheelZoom: false }).setView(data.center, 12);
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  }
  var layer = L.layerGroup().addTo(map);

  function popup(point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.title;
    box.appendChild(link);
    var label = document.createElement("div");
    label.textContent = point.label;
    box.appendChild(label);
    return box;
  }

  function draw() {
    layer.clearLayers();
    var cells = {};
    var order = [];
    data.points.forEach(function (point) {
      var at = map.project([point.lat, point.lng], map.getZoom());
      var key = Math.floor(at.x / CLUSTER_PX) + ":" + Math.floor(at.y / CLUSTER_PX);
      if (!cells[key]) { cells[key] = []; order.push(key); }
      cells[key].push(point);
    });
    var markers = 0;
    var clusters = 0;
    order.forEach(function (key) {
      var group = cells[key];
      if (group.length === 1) {
        var p = group[0];
        var marker = L.circleMarker([p.lat, p.lng], {
          radius: 8, color: "#ffffff", weight: 2, fillColor: COLOURS[p.status] || "#0a5a47",
          fillOpacity: 0.95, className: "project-marker"
        });
        marker.bindPopup(popup(p));
        // A text node keeps markup in a title inert (Leaflet reads strings as HTML).
        marker.bindTooltip(document.createTextNode(p.title));
        layer.addLayer(marker);
        markers += 1;
        return;
      }
      var lat = 0;
      var lng = 0;
      group.forEach(function (q) { lat += q.lat; lng += q.lng; });
      var icon = L.divIcon({
        className: "map-cluster",
        html: "<span>" + fa(group.length) + "</span>",
        iconSize: [36, 36]
      });
      var cluster = L.marker([lat / group.length, lng / group.length], {
        icon: icon, keyboard: true, title: fa(group.length) + " پروژه؛ برای بزرگ‌نمایی بزنید"
      });
      cluster.on("click", function () {
        map.fitBounds(L.latLngBounds(group.map(function (q) { return [q.lat, q.lng]; })),
          { padding: [32, 32], maxZoom: map.getZoom() + 3 });
      });
      layer.addLayer(cluster);
      clusters += 1;
    });
    holder.setAttribute("data-markers", String(markers));
    holder.setAttribute("data-clusters", String(clusters));
  }

  if (data.points.length) {
    map.fitBounds(L.latLngBounds(data.points.map(function (q) { return [q.lat, q.lng]; })),
      { padding: [24, 24], maxZoom: 15 });
  }
  map.on("zoomend", draw);
  draw();
})();
