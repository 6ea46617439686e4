// Draws the charts described by JSON in <script type="application/json"> blocks.
document.querySelectorAll("[data-chart]").forEach(function (el) {
  var spec = JSON.parse(document.getElementById(el.getAttribute("data-chart")).textContent);
  window.Plotly.newPlot(el, spec.data, spec.layout, { displaylogo: false, responsive: true });
});
