// The controls of the data and the probe (beside controls.js): the x₁/x₂ probe fields, own
// data's "Clear points" (an undo while they are cleared) and its CSV note, the "Retry" button
// shown while the server cannot be reached. Each control calls one handler; syncDataControls
// writes the state back into them.

import { ownCount } from "./data.js";

const $ = (id) => document.getElementById(id);

// The probe the fields show (or the user has typed): a sync with it leaves the fields alone.
let probeShown = null;

export function wireDataControls(h) {
  const probeInput = () => {
    const x1 = parseFloat($("probe-x1").value);
    const x2 = parseFloat($("probe-x2").value);
    $("probe-x1").setAttribute("aria-invalid", String(!Number.isFinite(x1)));
    $("probe-x2").setAttribute("aria-invalid", String(!Number.isFinite(x2)));
    if (Number.isFinite(x1) && Number.isFinite(x2)) {
      probeShown = [x1, x2];
      h.onProbe([x1, x2]);
    }
  };
  for (const id of ["probe-x1", "probe-x2"]) {
    const f = $(id);
    f.addEventListener("input", probeInput);
    // ↑/↓ step by 0.1 from the value shown (the browser would snap -3.61 to the 0.1 grid)
    f.addEventListener("keydown", (e) => {
      if ((e.key !== "ArrowUp" && e.key !== "ArrowDown") || e.altKey || e.ctrlKey || e.metaKey) return;
      const v = parseFloat(f.value);
      if (!Number.isFinite(v)) return;
      e.preventDefault();
      f.value = String(Math.round((v + (e.key === "ArrowUp" ? 0.1 : -0.1) * (e.shiftKey ? 10 : 1)) * 1000) / 1000);
      probeInput();
    });
  }
  $("btn-clear-points").addEventListener("click", () => h.onClearPoints());
  $("btn-retry").addEventListener("click", () => h.onRetry());
}

// The x₁/x₂ fields follow the probe from any source (a click on the plot, a preset, a link),
// even while one of them has the focus, so ↑/↓ step from where the probe is. What the user is
// typing (the probe it set, or text that is not a number yet) is left alone.
function syncProbe(probe) {
  const same = (p) => p && p[0] === probe[0] && p[1] === probe[1];
  if (same(probeShown)) return;
  probeShown = probe.slice();
  probe.forEach((v, i) => {
    const f = $(`probe-x${i + 1}`);
    f.value = String(+v.toFixed(3));
    f.removeAttribute("aria-invalid");
  });
}

export function syncDataControls(state) {
  syncProbe(state.view.probe);
  const custom = !!state.data.custom;
  const n = ownCount(state.data.custom);
  const clear = $("btn-clear-points");
  clear.hidden = !custom || (!n && !state.undoClear);
  clear.textContent = n || !state.undoClear ? "Clear points" : `Undo clear (${ownCount(state.undoClear)} points)`;
  const note = $("csv-note");
  note.hidden = !(custom && state.dataNote);
  note.textContent = (custom && state.dataNote) || "";
}
