// The playground page: creates the store, compute (the only module that talks to the API), the
// actions and the views, restores the saved state, and paints. Data flows one way:
// actions -> model (pure) -> store -> views; compute writes the API's answers into the store.
// Plotly is not needed for the first paint: the charts join when it has loaded.

import { ApiError, BASE } from "../api.js";
import { $, downloadBlob, nextPaint } from "../lib/dom.js";
import { loadPlotly } from "../lib/plotly.js";
import { connectAccess } from "./access.js";
import { createActions } from "./actions.js";
import { createChallengeActions } from "./challenge-actions.js";
import { inPlayground } from "./challenge-model.js";
import { ChallengePanel } from "./challenge.js";
import { ResponseCurve, LossChart } from "./charts.js";
import { connectColourKey } from "./colour-key.js";
import { createCompute } from "./compute.js";
import { Controls, toast } from "./controls.js";
import { Diagram } from "./diagram.js";
import { Inspector } from "./inspector.js";
import { buildPresetMenu, classPicker, drawable } from "./menus.js";
import * as M from "./model.js";
import { keepPrevious, presetChooser, showRestoreNotice, startFresh } from "./restore.js";
import { cloneNet, decodeState, fromSaved, layerSizes, parseHash, save, shareUrl } from "./state.js";
import { createStore } from "./store.js";
import { SurfaceView } from "./surface.js";
import { connectTour } from "./tour.js";
import { TeacherMenu } from "./teacher.js";
import { connectViews, outAct, surfaceMode } from "./views.js";

const ACTIVATIONS = ["relu", "leaky_relu", "elu", "gelu", "softplus", "swish", "sigmoid", "tanh", "linear", "softmax"];

const store = createStore({
  ...fromSaved(null),
  catalog: { datasets: [], activations: ACTIVATIONS, presets: [] },
  points: null, frame: null, history: [], optimizerState: null, running: false, status: null,
  hover: null, hoverGrid: null, curves: {},
});

function showError(e, where) {
  const msg = e instanceof ApiError ? e.message : String(e && e.message ? e.message : e);
  store.set({ status: { kind: "error", text: `${where}: ${msg}` }, running: false });
}

const compute = createCompute(store, { onError: showError });

// ------------------------------------------------------------------ what actions may ask of the page
const ui = {
  error: (e, where) => compute.reportError(e, where), // "cannot reach the server" and retries, or showError
  toast,
  focusEditor: () => views.inspector.focusEditor(),
  setEditorValue: (v) => views.inspector.setValue(v),
  csvError(text) {
    const err = $("csv-error");
    err.textContent = text || "";
    err.hidden = !text;
  },
  async share(hide) {
    await flushSave();
    const url = await shareUrl(store.get(), hide || undefined);
    $("btn-share").dataset.url = url;
    try {
      await navigator.clipboard.writeText(url);
      toast(hide ? "Class link copied: it hides the chosen controls" : "Link copied: it opens this exact network");
    } catch {
      window.prompt("Copy this link:", url);
    }
  },
  startFresh: () => startFresh(store.get(), stopSaving),
  download: downloadBlob,
};
const actions = createActions(store, compute, ui);
const h = { ...actions.handlers, toast };
const challenges = createChallengeActions(store, compute, ui, actions.handlers);
Object.assign(h, challenges.handlers);
h.onPresetChosen = presetChooser(h, store.get, stopSaving); // the replaced work stays one "Restore" away

// ------------------------------------------------------------------ views
const views = {
  controls: new Controls(h),
  diagram: new Diagram($("diagram"), h),
  inspector: new Inspector(h),
  surface: new SurfaceView($("surface"), { onClick: (x, y, e) => h.onPlotClick(x, y, e) }),
  loss: new LossChart($("loss-chart")),
  response: new ResponseCurve($("response")),
  classPick: classPicker(h),
  needCurve(name) {
    if (this.asked.has(name)) return;
    this.asked.add(name);
    compute.activationCurve(name).then(
      (c) => store.set({ curves: { ...store.get().curves, [name]: c } }),
      () => this.asked.delete(name),
    );
  },
  asked: new Set(),
  async paint3d(s) {
    const now = performance.now();
    clearTimeout(this.t3d);
    if (s.running && now - (this.last3d || 0) < 250) {
      this.t3d = setTimeout(() => this.paint3d(store.get()), 260);
      return;
    }
    this.last3d = now;
    if (!this.s3d) {
      const { Surface3D } = await import("./surface3d.js");
      this.s3d = this.s3d || new Surface3D($("surface3d"));
    }
    const surf = s.frame.surface;
    this.s3d.draw({ grids: surf.outputs, xs: surf.x, ys: surf.y, mode: surfaceMode(s.task), data: s.points, task: s.task, activation: outAct(s.network) });
  },
};
views.inspector.onBack = () => {
  const sel = store.get().view.selected;
  if (!sel) return;
  const el = sel.kind === "edge" ? views.diagram.edgeElement(sel.layer, sel.index, sel.from) : views.diagram.neuronElement(sel.layer, sel.index);
  if (el) el.focus();
};
connectViews(store, views);
connectColourKey(store);
views.challenge = new ChallengePanel($("challenge-panel"), h);
store.subscribe(["challenge"], (s) => views.challenge.render(s.challenge));
connectAccess(store, views);

// ------------------------------------------------------------------ saving (hash + localStorage)
const DOC = ["arch", "features", "network", "start", "data", "task", "train", "epoch", "view", "hide"];
let saveTimer = 0;
let saving = Promise.resolve();
let leaving = false; // the page is about to open another state: save nothing more
store.subscribe(DOC, (s) => {
  clearTimeout(saveTimer);
  if (leaving) return;
  saveTimer = setTimeout(() => {
    saving = saving.then(() => save(store.get())).catch((e) => console.warn("save failed", e));
  }, s.running ? 1000 : 120);
});
async function flushSave() {
  clearTimeout(saveTimer);
  await saving;
  if (!leaving) await save(store.get());
}
async function stopSaving() {
  compute.training.pause();
  await flushSave();
  leaving = true;
}

// ------------------------------------------------------------------ start-up
async function restore() {
  const hash = parseHash();
  hash.challenge = await challenges.find(location.hash); // a challenge link, or this tab's challenge on a reload
  // a link (a state, a preset, fresh) that replaces saved work keeps that work one "Restore" away;
  // a class link has its own slot; hidden controls come from the link only
  const { plan, saved: slot } = await keepPrevious(hash);
  let saved = null;
  try {
    if (plan.load === "link") saved = await decodeState(hash.s);
    else if (plan.load === "saved" && slot) saved = await decodeState(slot);
  } catch {
    if (plan.load === "link") toast("This link is damaged: starting fresh", "error");
  }
  const doc = fromSaved(saved);
  doc.hide = hash.hide || [];
  doc.classLink = hash.classLink;
  if (hash.challenge && inPlayground(hash.challenge.def)) doc.hide = hash.challenge.def.hide;
  store.set(doc);
  return hash;
}

async function main() {
  const root = $("playground");
  // the catalogue comes with the page (the answers of /api/datasets, /api/activations, /api/presets)
  const boot = document.getElementById("boot");
  const [hash, catalog] = await Promise.all([restore(), boot ? JSON.parse(boot.textContent) : compute.catalog()]);
  const datasets = catalog.datasets.filter((d) => (d.inputs || 2) === 2);
  const presets = drawable(catalog.presets);
  store.set({ catalog: { datasets, activations: catalog.activations || ACTIVATIONS, presets } });
  views.controls.buildDatasets(datasets, (name) => h.onDataset(name));
  buildPresetMenu(presets, h);
  views.teacher = new TeacherMenu({ getState: store.get, qrUrl: (text) => `${BASE}/api/qr?text=${encodeURIComponent(text)}`, toast });

  let s = store.get();
  if (!s.data.custom) {
    const t = M.taskOfDataset(datasets, s.data.name);
    if (t) store.set({ task: t });
  }
  if (hash.preset) {
    const p = presets.find((x) => x.name === hash.preset);
    if (p) {
      await h.onPreset(p);
      if (hash.hide) store.set({ hide: hash.hide });
    } else toast(`Unknown preset "${hash.preset}"`, "error");
  }
  if (hash.challenge) await challenges.begin(hash.challenge);
  s = store.get();
  const pointsLoaded = actions.loadPoints();
  if (!s.network || layerSizes(s.network).length !== s.arch.hidden.length + 1) {
    if (s.network) store.set(M.archOf(s, s.network));
    else {
      store.set({ arch: { ...s.arch, output: M.defaultOutput(s.task) } });
      try {
        store.set({ network: await compute.newNetwork(M.networkSpec(store.get())) });
      } catch (e) {
        showError(e, "Could not create the network");
        root.dataset.loading = "false";
        return;
      }
    }
  } else store.set(M.archOf(s, s.network));
  s = store.get();
  store.set({
    start: s.start || cloneNet(s.network),
    view: { ...s.view, selected: M.fixSelection(s.network, s.view.selected) },
  });
  compute.evaluate(); // the frame and the points travel side by side
  await pointsLoaded;
  store.paintAll();
  root.dataset.loading = "false";
  // Plotly (4.8 MB) only once the first complete frame is on screen: the curves join then.
  // For benchmarks: when that frame was on screen, and when the charts joined it.
  await facade.whenPainted();
  facade.firstPaint = performance.now();
  facade.tour = connectTour(); // a first visit: the tour opens by itself once the page is drawn
  showRestoreNotice(store.get, stopSaving);
  loadPlotly().then(nextPaint).then(() => (facade.chartsJoined = performance.now()), (e) => {
    document.querySelectorAll(".chart-wait").forEach((el) => (el.textContent = "The chart could not be loaded."));
    console.warn(e);
  });

  // thumbnails for the dataset tiles, when the page is idle after the first paint
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 200));
  facade.thumbnails = new Promise((done) => idle(async () => {
    for (const d of datasets) {
      try {
        views.controls.drawThumb(d.name, await compute.dataset({ name: d.name, n: 160, noise: 0, seed: 0, trainFraction: 1 }), d.task);
      } catch {
        /* a missing thumbnail is not an error worth a message */
      }
    }
    done();
  }));
  // a link pasted into the address bar while the page is open (our own saves use replaceState,
  // which fires no hashchange): start again from it
  window.addEventListener("hashchange", () => location.reload());
}

// ------------------------------------------------------------------ the test facade
// Tests and benchmarks drive the page through this, never through its internals.
let busy = 0;
let idleWaiters = [];
const tracked = {};
for (const [name, fn] of Object.entries(h)) {
  tracked[name] = (...args) => {
    const r = fn(...args);
    if (!r || typeof r.then !== "function") return r;
    busy++;
    return r.finally(() => {
      busy--;
      if (!busy) idleWaiters.splice(0).forEach((w) => w());
    });
  };
}
Object.assign(h, tracked);
const notBusy = () => (busy ? new Promise((r) => idleWaiters.push(r)) : Promise.resolve());

const facade = {
  get state() {
    return store.get();
  },
  get presets() {
    return store.get().catalog.presets;
  },
  handlers: h,
  // Resolves when every action and request is done and the frame showing the result has been
  // rendered: the views draw inside an animation frame; a task posted then runs after it.
  async whenPainted() {
    for (let i = 0; i < 6; i++) {
      await notBusy();
      await compute.whenIdle();
      await store.whenFlushed();
      await new Promise((r) => setTimeout(r, 0));
      if (!busy && !compute.training.inFlight && !compute.pending()) break;
    }
  },
  trainingStats: () => compute.training.stats(),
  flushSave,
  firstPaint: null,
  tour: null, // the first-visit tour (tour.js), once the page is drawn
  thumbnails: null, // a promise: the dataset tiles' pictures are drawn
  chartsJoined: null,
};
window.__playground = facade;

main().catch((e) => {
  console.error(e);
  showError(e, "Start-up");
});
