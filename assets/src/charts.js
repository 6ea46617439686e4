// Draws the charts described by JSON in <script type="application/json">
// blocks, and wires the "Show on the chart" checkboxes (keyboard-friendly
// toggles for the series; plotly's own legend is mouse-only).
document.querySelectorAll("[data-chart]").forEach(function (el) {
  var spec = JSON.parse(document.getElementById(el.getAttribute("data-chart")).textContent);
  spec.layout.autosize = true;
  delete spec.layout.width;
  // No mode bar: its buttons would sit inside the chart's role="img", and one
  // of them offers to upload the chart's data to Plotly's cloud.
  window.Plotly.newPlot(el, spec.data, spec.layout, {
    displayModeBar: false,
    showSendToCloud: false,
    responsive: true,
  });
});

document.querySelectorAll("[data-chart-toggles]").forEach(function (fieldset) {
  var plot = document.getElementById(fieldset.getAttribute("data-chart-toggles"));
  fieldset.hidden = false;
  fieldset.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox") return;
    window.Plotly.restyle(plot, { visible: box.checked ? true : "legendonly" }, [Number(box.value)]);
  });
});
