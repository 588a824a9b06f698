// The actions: what each user intent does. An action reads the state, asks the model (pure) for
// the new parts, puts them in the store, and asks compute for what the server must work out.
// Views never call these directly but through the handlers they were given.

import { CsvError, parseCsv, splitOwn } from "./data.js";
import * as M from "./model.js";
import { FEATURES, cloneNet, outputUnits } from "./state.js";

export function createActions(store, compute, ui) {
  const S = () => store.get();
  const set = (patch) => store.set(patch);
  const view = (patch) => set({ view: { ...S().view, ...patch } });
  const pause = () => compute.training.pause();
  // own data split into train/test by the "Training data" ratio (seeded by the data seed)
  const split = (custom) => splitOwn(custom, S().data.trainFraction, S().data.seed);

  // The network changed: pause, drop what is in flight for the old one, ask for its frame.
  function networkEdited({ structure = false } = {}) {
    if (S().running) pause();
    compute.training.invalidate();
    if (structure) {
      compute.invalidate();
      set({ frame: null, hoverGrid: null });
    }
    compute.evaluate();
    if (S().hover) compute.hover();
  }

  // A fresh network of the wanted shape (weights kept where they fit, unless keep is false).
  async function rebuild({ keep = true, newSeed = false, patch = {} } = {}) {
    pause();
    set(patch);
    let s = S();
    if (newSeed) {
      set({ arch: { ...s.arch, seed: (s.arch.seed + 1) % 1000000 } });
      s = S();
    }
    let fresh;
    try {
      fresh = await compute.newNetwork(M.networkSpec(s));
    } catch (e) {
      ui.error(e, "Could not build the network");
      return;
    }
    const network = keep ? M.keepWeights(fresh, S().network) : fresh;
    set({ ...M.freshRun(network), view: { ...S().view, selected: M.fixSelection(network, S().view.selected) } });
    networkEdited({ structure: true });
  }

  async function loadPoints() {
    const d = S().data;
    try {
      set({ points: d.custom ? d.custom : await compute.dataset(d) });
    } catch (e) {
      ui.error(e, "Dataset");
      set({ points: null });
    }
  }

  // Data changed. A new task (output units) needs a new network; a dataset switch restarts
  // the run; anything else (noise, ratio, seed) keeps the weights and the epoch.
  async function dataChanged({ datasetSwitch = false, task = null } = {}) {
    pause();
    const s = S();
    if (s.data.custom && !task) task = s.task;
    await loadPoints();
    if (task && !M.sameTask(task, s.task)) {
      const outChanged = outputUnits(task) !== outputUnits(s.task) || task.kind !== s.task.kind;
      set({ task, view: { ...S().view, addClass: S().view.addClass >= Math.max(2, task.classes) ? 0 : S().view.addClass } });
      if (outChanged) {
        await rebuild({ keep: !datasetSwitch, patch: { arch: { ...S().arch, output: M.defaultOutput(task) } } });
        return;
      }
    }
    // a new dataset: the network starts fresh from its seed (the weights trained on the old
    // data mean nothing here), and Reset returns to that fresh network
    if (datasetSwitch) {
      await rebuild({ keep: false });
      return;
    }
    set({ optimizerState: null });
    networkEdited();
  }

  // Replace the network (import, preset, link): architecture, features and task follow it.
  async function useNetwork(net, { taskHint = null } = {}) {
    pause();
    const s = S();
    const out = net.layers[net.layers.length - 1].biases.length;
    const { task, dataName } = M.taskForNetwork(s, out, taskHint, s.catalog.datasets);
    const { arch, features, network } = M.archOf(s, net);
    set({ arch, features });
    if (!M.sameTask(task, s.task)) {
      set({ task, data: { ...S().data, name: dataName } });
      await loadPoints();
    }
    set({ ...M.freshRun(network), view: { ...S().view, selected: M.fixSelection(network, S().view.selected) } });
    networkEdited({ structure: true });
  }

  function setValue(sel, v) {
    const patch = M.setParam(S(), sel, v);
    if (!patch) return;
    set(patch);
    networkEdited();
  }

  const handlers = {
    onPlay() {
      if (S().running) pause();
      else compute.training.play();
    },
    onStep() {
      pause();
      compute.training.step();
    },
    onReset() {
      pause();
      compute.training.invalidate();
      const start = S().start || S().network;
      set({ ...M.freshRun(cloneNet(start)), view: { ...S().view, selected: M.fixSelection(start, S().view.selected) } });
      networkEdited({ structure: true });
      ui.toast("Back to the start weights, epoch 0");
    },
    async onReinit() {
      await rebuild({ keep: false, newSeed: true });
      ui.toast(`New start weights (seed ${S().arch.seed})`);
    },
    onTrain(patch) {
      set({ train: { ...S().train, ...patch }, ...(patch.optimizer ? { optimizerState: null } : {}) });
    },
    async onProblem(problem) {
      const ds = S().catalog.datasets;
      const d = ds.find((x) => M.problemOf(M.taskOfDataset(ds, x.name)) === problem);
      if (d) await handlers.onDataset(d.name);
    },
    async onDataset(name) {
      const s = S();
      if (name === "custom") {
        set({ data: { ...s.data, custom: split(s.data.custom || M.customFrom(s.points)) }, view: { ...s.view, clickMode: "add" } });
        await dataChanged({ datasetSwitch: true });
        return;
      }
      const info = s.catalog.datasets.find((d) => d.name === name);
      const n = info && info.default_n ? Math.min(2000, info.default_n) : s.data.n;
      set({ data: { ...s.data, custom: null, name, n } });
      await dataChanged({ datasetSwitch: true, task: M.taskOfDataset(s.catalog.datasets, name) });
    },
    async onData(patch) {
      set({ data: { ...S().data, ...patch } });
      if (S().data.custom) set({ data: { ...S().data, custom: split(S().data.custom) } });
      await dataChanged({});
    },
    async onRegenerate() {
      set({ data: { ...S().data, seed: S().data.seed + 1 } });
      await dataChanged({});
    },
    onView(patch) {
      view(patch);
      if ("axis" in patch || patch.edgeMode === "gradient") compute.evaluate();
    },
    onProbe(p) {
      view({ probe: p });
      compute.evaluate();
    },
    async onLayers(delta) {
      const arch = M.changeLayers(S().arch, delta);
      if (arch) await rebuild({ patch: { arch } });
    },
    async onLayerNeurons(l, delta) {
      const arch = M.changeNeurons(S().arch, l, delta);
      if (arch) await rebuild({ patch: { arch } });
    },
    onLayerActivation(l, act) {
      set({ ...M.setActivation(S(), l, act), optimizerState: null });
      networkEdited({ structure: true });
    },
    async onToggleFeature(f) {
      const features = M.toggleFeature(S().features, f);
      if (!features) ui.toast("The network needs at least one input", "error");
      else await rebuild({ patch: { features } });
    },
    onSelect(sel, focusEditor, viaKeyboard) {
      view({ selected: sel });
      compute.evaluate(); // the inspector's arithmetic for the newly selected neuron
      if (focusEditor && viaKeyboard && !S().hide.includes("weights")) ui.focusEditor();
    },
    onNudge(sel, delta) {
      if (S().hide.includes("weights")) return;
      const v = M.nudged(M.paramOf(S().network, sel), delta);
      setValue(sel, v);
      ui.setEditorValue(v);
    },
    onValue(v) {
      if (!S().hide.includes("weights")) setValue(S().view.selected, v);
    },
    onHover(h) {
      set({ hover: h && (h.kind === "neuron" || (h.kind === "feature" && h.index >= 0)) ? h : null, hoverGrid: null });
      compute.hover();
    },
    async onMoreClasses() {
      const s = S();
      if (s.task.kind !== "classification" || s.task.classes >= 5) return;
      const k = s.task.classes + 1;
      set({ data: { ...s.data, custom: split(s.data.custom || M.customFrom(s.points)) }, view: { ...s.view, addClass: k - 1 } });
      await dataChanged({ datasetSwitch: true, task: { kind: "classification", classes: k } });
      ui.toast(`Class ${k - 1} added: click the plot to place its points`);
    },
    async onCsv(text) {
      let parsed;
      try {
        parsed = parseCsv(text);
      } catch (e) {
        ui.csvError(e instanceof CsvError ? e.errors.join("\n") : String(e.message || e));
        return;
      }
      ui.csvError(null);
      const custom = split({ train: { points: parsed.points, labels: parsed.labels }, test: { points: [], labels: [] } });
      const note = `Loaded ${parsed.points.length} points: ${parsed.message}.`;
      set({ data: { ...S().data, custom }, undoClear: null, dataNote: note });
      await dataChanged({ datasetSwitch: true, task: parsed.task });
      ui.toast(note);
    },
    // Own data emptied; the button offers to bring them back until a point is added.
    onClearPoints() {
      const c = M.clearPoints(S().data.custom, S().undoClear, split);
      if (!c) return;
      set({ data: { ...S().data, custom: c.custom }, points: c.custom, undoClear: c.undoClear, dataNote: null });
      ui.toast(c.message);
      pause();
      compute.evaluate();
    },
    onShare: (hide) => ui.share(hide),
    onExportJson: () => ui.download(new Blob([JSON.stringify(S().network, null, 2)], { type: "application/json" }), "network.json"),
    async onExportNumpy() {
      try {
        const res = await compute.exportNumpy(S().network);
        ui.download(new Blob([res.script], { type: "text/x-python" }), res.filename || "network.py");
      } catch (e) {
        ui.toast(`Export failed: ${e.message}`, "error");
      }
    },
    async onImportJson(text) {
      let net;
      try {
        const obj = JSON.parse(text);
        net = obj && obj.layers ? obj : obj && obj.network;
        if (!net || !Array.isArray(net.layers) || !net.layers.length) throw new Error('no "layers" in this file');
        if (!net.features && net.layers[0].weights[0] && net.layers[0].weights[0].length !== 2) {
          throw new Error('the playground draws networks of 2-D points: give "features" or 2 inputs');
        }
        await compute.validate(net); // the API says whether it is a valid network
      } catch (e) {
        ui.toast(`Import failed: ${e.message}`, "error");
        return;
      }
      await useNetwork(net);
      ui.toast("Network imported");
    },
    // A click on the plot: move the probe, or add / remove a point of your own data.
    onPlotClick(x, y, e) {
      const s = S();
      const remove = s.view.clickMode === "remove";
      if (s.view.clickMode !== "add" && !remove) {
        handlers.onProbe([Math.round(x * 100) / 100, Math.round(y * 100) / 100]);
        return;
      }
      // the shown points become your own as they are split; a clicked point is a training point
      let custom = s.data.custom || M.ownFrom(s.points);
      if (remove || e.altKey || e.ctrlKey || e.metaKey) custom = M.removeNearest(custom, x, y);
      else custom = M.addPoint(custom, x, y, M.pointLabel(s.task, s.view.addClass, x, y, e.shiftKey));
      set({ data: { ...s.data, custom }, points: custom, undoClear: null });
      compute.evaluate(); // the loss and accuracy on the edited data
    },
    onRetry: () => compute.reconnect(),
    onPickClass(c) {
      view({ addClass: c });
    },
    onStartFresh: () => ui.startFresh(), // asks first; the replaced work stays one "Restore" away
    async onPreset(p) {
      const s = S();
      const { patch, taskHint } = M.presetPatch(s, p, s.catalog.datasets);
      set(patch);
      await loadPoints();
      await useNetwork(p.network, { taskHint });
    },
  };

  return { handlers, rebuild, loadPoints, useNetwork, networkEdited, FEATURES };
}
