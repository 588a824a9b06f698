// The page controls outside the diagram: toolbar (transport, hyper-parameters), data panel
// (dataset tiles, sliders), plot options, probe inputs, hidden controls, toast. Each control
// calls one handler; `sync(state)` writes the state back into the controls.

import { LEARNING_RATES, REG_RATES } from "./state.js";
import { drawThumb } from "./data.js";
import { syncDataControls, wireDataControls } from "./data-controls.js";

const $ = (id) => document.getElementById(id);

function fillSelect(sel, values, fmt = String) {
  sel.textContent = "";
  for (const v of values) {
    const o = document.createElement("option");
    o.value = String(v);
    o.textContent = fmt(v);
    sel.append(o);
  }
}

export function formatEpoch(n) {
  const s = String(n).padStart(6, "0");
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

let toastTimer = 0;
export function toast(message, kind = "") {
  const t = $("toast");
  t.textContent = message;
  t.className = `toast show ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (t.className = "toast"), kind === "error" ? 4500 : 2200);
}

export class Controls {
  constructor(h) {
    this.h = h; // handlers
    fillSelect($("lr"), LEARNING_RATES);
    fillSelect($("reg-rate"), REG_RATES);

    $("btn-play").addEventListener("click", () => h.onPlay());
    $("btn-step").addEventListener("click", () => h.onStep());
    $("btn-reset").addEventListener("click", () => h.onReset());
    $("btn-reinit").addEventListener("click", () => h.onReinit());
    $("lr").addEventListener("change", (e) => h.onTrain({ lr: parseFloat(e.target.value) }));
    $("optimizer").addEventListener("change", (e) => h.onTrain({ optimizer: e.target.value }));
    $("reg").addEventListener("change", (e) => h.onTrain({ reg: e.target.value }));
    $("reg-rate").addEventListener("change", (e) => h.onTrain({ regRate: parseFloat(e.target.value) }));
    $("speed").addEventListener("change", (e) => h.onTrain({ epochsPerFrame: parseInt(e.target.value, 10) }));
    $("problem").addEventListener("change", (e) => h.onProblem(e.target.value));

    const slider = (id, outId, key, fmt, live) => {
      const input = $(id);
      input.addEventListener("input", () => {
        $(outId).textContent = fmt(+input.value);
        if (live) live(+input.value);
      });
      input.addEventListener("change", () => h.onData({ [key]: key === "trainFraction" ? +input.value / 100 : +input.value }));
    };
    slider("ratio", "ratio-out", "trainFraction", (v) => `${v} %`);
    slider("noise", "noise-out", "noise", (v) => String(v));
    slider("npoints", "npoints-out", "n", (v) => String(v));
    const batch = $("batch");
    batch.addEventListener("input", () => {
      $("batch-out").textContent = batch.value;
      h.onTrain({ batchSize: +batch.value });
    });
    $("btn-regenerate").addEventListener("click", () => h.onRegenerate());
    $("data-seed").addEventListener("change", (e) => {
      const v = parseInt(e.target.value, 10);
      if (Number.isInteger(v) && v >= 0) h.onData({ seed: v });
    });

    $("show-test").addEventListener("change", (e) => h.onView({ showTest: e.target.checked }));
    $("discretize").addEventListener("change", (e) => h.onView({ discretize: e.target.checked }));
    $("log-loss").addEventListener("change", (e) => h.onView({ logLoss: e.target.checked }));
    document.querySelectorAll("[data-click-mode]").forEach((b) =>
      b.addEventListener("click", () => h.onView({ clickMode: b.dataset.clickMode })),
    );
    document.querySelectorAll("button[data-view]").forEach((b) =>
      b.addEventListener("click", () => h.onView({ view3d: b.dataset.view === "3d" })),
    );
    document.querySelectorAll("[data-edge-mode]").forEach((b) =>
      b.addEventListener("click", () => h.onView({ edgeMode: b.dataset.edgeMode })),
    );
    document.querySelectorAll("[data-axis]").forEach((b) =>
      b.addEventListener("click", () => h.onView({ axis: +b.dataset.axis })),
    );
    wireDataControls(h); // probe fields, "Clear points", "Retry"

    $("layer-add").addEventListener("click", () => h.onLayers(+1));
    $("layer-remove").addEventListener("click", () => h.onLayers(-1));

    $("csv-load").addEventListener("click", () => h.onCsv($("csv-text").value));
    $("csv-file").addEventListener("change", async (e) => {
      const f = e.target.files && e.target.files[0];
      if (!f) return;
      const text = await f.text();
      $("csv-text").value = text.length > 20000 ? text.slice(0, 20000) + "\n…" : text;
      h.onCsv(text);
      e.target.value = "";
    });

    $("btn-share").addEventListener("click", () => h.onShare());
    $("export-json").addEventListener("click", () => {
      $("file-menu").open = false;
      h.onExportJson();
    });
    $("export-numpy").addEventListener("click", () => {
      $("file-menu").open = false;
      h.onExportNumpy();
    });
    $("import-json").addEventListener("change", async (e) => {
      const f = e.target.files && e.target.files[0];
      $("file-menu").open = false;
      if (f) h.onImportJson(await f.text());
      e.target.value = "";
    });

    // the teacher's menu (class link, QR code, preview): teacher.js

    // close menus when clicking elsewhere
    document.addEventListener("click", (e) => {
      document.querySelectorAll("details.menu[open]").forEach((d) => {
        if (!d.contains(e.target)) d.open = false;
      });
    });

    // keyboard shortcuts (not while typing)
    document.addEventListener("keydown", (e) => {
      const t = e.target;
      if (e.key === "Escape") {
        document.querySelectorAll("details.menu[open]").forEach((d) => (d.open = false));
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (t.closest && t.closest("input, textarea, select, button, [role=button], summary, a")) return;
      if (e.key === " ") {
        e.preventDefault();
        h.onPlay();
      } else if (e.key === "s" || e.key === "S") h.onStep();
      else if (e.key === "r" || e.key === "R") h.onReset();
    });
  }

  // dataset tiles: [{name, task, classes, description}]
  buildDatasets(list, onPick) {
    const root = $("datasets");
    root.textContent = "";
    this.tiles = new Map();
    const add = (name, title, desc, task) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "ds-tile";
      b.setAttribute("role", "radio");
      b.setAttribute("aria-checked", "false");
      b.setAttribute("data-testid", "dataset");
      b.dataset.name = name;
      b.dataset.task = task;
      b.title = desc || title;
      const c = document.createElement("canvas");
      c.width = 56;
      c.height = 56;
      const span = document.createElement("span");
      span.textContent = title;
      b.append(c, span);
      b.addEventListener("click", () => onPick(name));
      root.append(b);
      this.tiles.set(name, { el: b, canvas: c, task });
    };
    const pretty = { multi_gauss: "multi-gauss", spiral3: "spiral ×3", blobs3: "blobs ×3", blobs4: "blobs ×4", blobs5: "blobs ×5" };
    for (const d of list) {
      const kind = d.task === "regression" ? "regression" : d.classes > 2 ? "multiclass" : "classification";
      add(d.name, pretty[d.name] || d.name, d.description, kind);
    }
    add("custom", "your data", "Points you click on the plot or load from CSV", "custom");
  }

  drawThumb(name, data, task) {
    const t = this.tiles && this.tiles.get(name);
    if (t) drawThumb(t.canvas, data, task);
  }

  // Show only the tiles of the current problem type (plus "your data").
  sync(state, { problem }) {
    $("lr").value = String(state.train.lr);
    if ($("lr").value !== String(state.train.lr)) {
      fillSelect($("lr"), [...new Set([...LEARNING_RATES, state.train.lr])].sort((a, b) => a - b));
      $("lr").value = String(state.train.lr);
    }
    $("optimizer").value = state.train.optimizer;
    $("reg").value = state.train.reg;
    $("reg-rate").value = String(state.train.regRate);
    $("reg-rate").disabled = state.train.reg === "none";
    $("speed").value = String(state.train.epochsPerFrame);
    $("problem").value = problem;
    $("batch").value = String(state.train.batchSize);
    $("batch-out").textContent = String(state.train.batchSize);
    const d = state.data;
    $("ratio").value = String(Math.round(d.trainFraction * 100));
    $("ratio-out").textContent = `${Math.round(d.trainFraction * 100)} %`;
    $("noise").value = String(d.noise);
    $("noise-out").textContent = String(d.noise);
    $("npoints").value = String(d.n);
    $("npoints-out").textContent = String(d.n);
    if (document.activeElement !== $("data-seed")) $("data-seed").value = String(d.seed);
    const custom = !!d.custom;
    for (const id of ["noise", "npoints", "btn-regenerate", "data-seed"]) $(id).disabled = custom;
    if (this.tiles) {
      for (const [name, t] of this.tiles) {
        const on = custom ? name === "custom" : name === d.name;
        t.el.setAttribute("aria-checked", String(on));
        t.el.hidden = !(t.task === problem || t.task === "custom");
      }
    }
    $("show-test").checked = state.view.showTest;
    $("discretize").checked = state.view.discretize;
    $("log-loss").checked = !!state.view.logLoss;
    document.querySelectorAll("[data-click-mode]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.clickMode === state.view.clickMode)));
    document.querySelectorAll("[data-edge-mode]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.edgeMode === state.view.edgeMode)));
    document.querySelectorAll("[data-axis]").forEach((b) => b.setAttribute("aria-pressed", String(+b.dataset.axis === state.view.axis)));
    const v3 = !!state.view.view3d;
    document.querySelectorAll("button[data-view]").forEach((b) => b.setAttribute("aria-pressed", String((b.dataset.view === "3d") === v3)));
    $("playground").dataset.view = v3 ? "3d" : "2d";
    $("surface").hidden = v3;
    $("surface3d").hidden = !v3;
    $("axis-name").textContent = state.view.axis ? "x₂" : "x₁";
    const legend = {
      weight: ["negative weight", "positive weight", "thicker = larger |w|"],
      contribution: ["w·a < 0 at the probe", "w·a > 0 at the probe", "thicker = larger |w·a|"],
      gradient: ["training will lower w", "training will raise w", "thicker = steeper −∂L/∂w"],
    }[state.view.edgeMode] || [];
    ["lg-neg", "lg-pos", "lg-thick"].forEach((id, i) => ($(id).textContent = legend[i] || ""));
    syncDataControls(state);
    $("layer-count").textContent = String(state.arch.hidden.length);
    $("add-class").hidden = state.view.clickMode !== "add" || state.task.kind === "regression";
    this.syncHidden(state.hide);
  }

  syncHidden(hide) {
    const set = new Set(hide || []);
    document.querySelectorAll("[data-control]").forEach((el) => {
      el.hidden = set.has(el.dataset.control);
    });
    document.querySelectorAll("#hide-options input").forEach((i) => {
      if (!i.dataset.touched) i.checked = set.has(i.value);
    });
  }

  setEpoch(n) {
    const e = $("epoch");
    e.textContent = formatEpoch(n);
    e.dataset.epoch = String(n);
  }

  setPlaying(on) {
    const b = $("btn-play");
    b.setAttribute("aria-pressed", String(on));
    b.setAttribute("aria-label", on ? "Pause" : "Train");
    b.title = on ? "Pause (Space)" : "Train (Space)";
  }
}
