// Plotly off the critical path: pages paint without it, and each chart joins when it arrives.
// Plotly.js is a 4.8 MB UMD file served by the app (from the installed plotly package); it is
// loaded with a classic <script> tag (CSP: script-src 'self'), once, after the first paint.

let loading = null;

function src() {
  const base = (document.querySelector('meta[name="api-base"]') || { content: "" }).content.replace(/\/$/, "");
  const v = (document.querySelector('meta[name="asset-version"]') || { content: "" }).content;
  return `${base}/vendor/plotly/plotly.min.js${v ? `?v=${encodeURIComponent(v)}` : ""}`;
}

// A promise of window.Plotly. The first call starts the download (after the next paint, so a
// page that calls it at start-up still paints first).
export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const start = () => {
        const s = document.createElement("script");
        s.src = src();
        s.async = true;
        s.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("Plotly did not load")));
        s.onerror = () => {
          loading = null;
          reject(new Error("Plotly could not be loaded"));
        };
        document.head.append(s);
      };
      requestAnimationFrame(() => setTimeout(start, 0));
    });
  }
  return loading;
}

// Plotly if it has arrived, else null (a view then keeps its data and draws when it comes).
export const plotlyNow = () => window.Plotly || null;
