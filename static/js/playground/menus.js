// Small views built from the catalogue and the task: the presets menu and the class picker of
// "Add points". They call handlers; they never call the API.

import { $, el } from "../lib/dom.js";
import { CLASS_COLORS } from "../lib/palette.js";

// Presets the playground can draw: networks over 2-D points.
export const drawable = (presets) =>
  presets.filter((p) => {
    const n = p.network;
    return n && Array.isArray(n.layers) && (n.features || (n.layers[0].weights[0] || []).length === 2);
  });

export function buildPresetMenu(presets, h) {
  const list = $("preset-list");
  list.textContent = "";
  const fresh = el("button", { type: "button", "data-testid": "preset-fresh" });
  fresh.innerHTML = "<b>Start fresh</b><small>the default network on xor (asks first)</small>";
  fresh.addEventListener("click", () => {
    $("preset-menu").open = false;
    h.onStartFresh();
  });
  list.append(fresh, el("hr"));
  if (!presets.length) {
    list.append(el("p", { class: "menu-empty", text: "No presets on this server." }));
    return;
  }
  for (const p of presets) {
    const b = el("button", { type: "button", "data-testid": "preset", "data-name": p.name },
      el("b", { text: p.title || p.name }), el("small", { text: p.description || "" }));
    b.addEventListener("click", async () => {
      $("preset-menu").open = false;
      await h.onPresetChosen(p);
      h.toast(`Preset: ${p.title || p.name}`);
    });
    list.append(b);
  }
}

// The class buttons of "Add points" (and "+" for one more class, up to 5).
export function classPicker(h) {
  return (s) => {
    const pick = $("class-pick");
    const k = Math.max(2, s.task.classes);
    if (pick.dataset.k !== String(k)) {
      pick.dataset.k = String(k);
      pick.textContent = "";
      for (let c = 0; c < k; c++) {
        const b = el("button", { type: "button", class: "class-btn", "data-cls": c, "data-testid": `add-class-${c}`, text: String(c) });
        b.style.background = CLASS_COLORS[c];
        b.addEventListener("click", () => h.onPickClass(c));
        pick.append(b);
      }
      if (k < 5) {
        const title = "Another class (your data becomes multi-class, with softmax outputs)";
        const more = el("button", { type: "button", class: "class-btn class-more", "data-testid": "add-class-more", title, "aria-label": title, text: "+" });
        more.addEventListener("click", () => h.onMoreClasses());
        pick.append(more);
      }
    }
    pick.querySelectorAll(".class-btn").forEach((b) => b.setAttribute("aria-pressed", String(+b.dataset.cls === s.view.addClass)));
  };
}
