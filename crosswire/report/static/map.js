// The briefing's map. Data comes from the JSON element #map-data and is only ever set as text
// (textContent), never parsed as HTML. Without a network the tiles stay blank, but the markers,
// a grid of degree lines and the outline of the area the reports cover still show.
(function () {
  var holder = document.getElementById("map");
  var places = JSON.parse(document.getElementById("map-data").textContent);
  if (!holder || !window.L || !places.length) return;
  var map = L.map(holder, {scrollWheelZoom: false});
  if (holder.getAttribute("data-tiles") === "on") {
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18, attribution: "© OpenStreetMap contributors"
    }).addTo(map);
  }
  var bounds = L.latLngBounds(places.map(function (p) { return [p.lat, p.lon]; }));
  var box = bounds.pad(0.3);
  var s = Math.floor(box.getSouth()), n = Math.ceil(box.getNorth());
  var w = Math.floor(box.getWest()), e = Math.ceil(box.getEast());
  // Grid lines every 1, 2, 5, 10 ... degrees: at most about twelve across the area.
  var span = Math.max(n - s, e - w), step = 1;
  while (span / step > 12) step *= (String(step)[0] === "2" ? 2.5 : 2);
  var grid = {color: "#99a", weight: 0.5, interactive: false};
  s = Math.floor(s / step) * step; w = Math.floor(w / step) * step;
  for (var lat = s; lat <= n; lat += step) L.polyline([[lat, w], [lat, e]], grid).addTo(map);
  for (var lon = w; lon <= e; lon += step) L.polyline([[s, lon], [n, lon]], grid).addTo(map);
  L.rectangle(bounds.pad(0.05), {color: "#446", weight: 1, fill: false, dashArray: "4 4",
    interactive: false}).addTo(map);
  places.forEach(function (p) {
    var box = document.createElement("div");
    var h = document.createElement("strong");
    h.textContent = p.name;
    box.appendChild(h);
    var lines = [
      (p.precision || "") + (p.country ? ", " + p.country : ""),
      p.mentions + " mention(s); " + p.events + " event(s)",
      p.forms.length > 1 ? "also: " + p.forms.join(", ") : ""
    ].concat(p.figures);
    lines.forEach(function (t) {
      if (!t) return;
      var d = document.createElement("div");
      d.textContent = t;
      box.appendChild(d);
    });
    var r = 5 + Math.min(10, p.events * 2);
    L.circleMarker([p.lat, p.lon], {radius: r, color: "#a00", weight: 1, fillColor: "#e33",
      fillOpacity: 0.7}).bindPopup(box).bindTooltip(p.name).addTo(map);
  });
  map.fitBounds(bounds.pad(0.2), {maxZoom: 9});
})();
