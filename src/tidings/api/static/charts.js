// Draws every chart on the page from the JSON spec the server embedded beside it.
// Pages stay readable without this script: each chart also has a table.
(function () {
  "use strict";
  if (typeof Plotly === "undefined") {
    return;
  }
  var config = { displaylogo: false, responsive: true };
  document.querySelectorAll(".chart[data-spec]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-spec"));
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    Plotly.newPlot(element, spec.data, spec.layout, config);
  });
})();
