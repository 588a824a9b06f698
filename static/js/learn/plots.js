// Plotly defaults for the lessons: large type and thick lines that read on a projector.
// Plotly is loaded by a classic <script> tag (window.Plotly).

export const COLORS = ["#1565c0", "#e07000", "#009e73", "#c0448f", "#6b4f00", "#5534d0", "#b3261e", "#00838f",
  "#7a7a00", "#444c56"];

export function layout(extra = {}) {
  return {
    margin: { l: 64, r: 20, t: 48, b: 56 },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    font: { family: "system-ui, Segoe UI, Arial, sans-serif", size: 17, color: "#14181f" },
    showlegend: false,
    ...extra,
    xaxis: { zeroline: true, zerolinecolor: "#8a94a3", zerolinewidth: 2, gridcolor: "#e3e7ed",
      ticks: "outside", ...(extra.xaxis || {}) },
    yaxis: { zeroline: true, zerolinecolor: "#8a94a3", zerolinewidth: 2, gridcolor: "#e3e7ed",
      ticks: "outside", ...(extra.yaxis || {}) },
  };
}

export const CONFIG = { displayModeBar: false, responsive: true };

export function draw(el, traces, lay) {
  return window.Plotly.react(el, traces, lay, CONFIG);
}
