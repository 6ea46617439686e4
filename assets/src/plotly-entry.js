// A plotly.js bundle with only the chart types selfassess draws: radar
// (scatterpolar), bar and heatmap. The full bundle is about three and a half
// times the size (see bench/page_weight.py).
var Plotly = require("plotly.js/lib/core");

Plotly.register([
  require("plotly.js/lib/scatterpolar"),
  require("plotly.js/lib/bar"),
  require("plotly.js/lib/heatmap"),
]);

module.exports = Plotly;
