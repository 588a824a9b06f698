// Compute: the only module that talks to the API. It reads the store to build requests and
// writes the answers into the store; the views draw from there.
//  - evaluate(): one /api/evaluate per edit (coalesced: while one is in flight, later edits
//    replace each other and only the newest waits).
//  - training: a pipeline of /api/train calls; the next leaves as soon as an answer arrives, so
//    the server works on frame n+1 while the browser paints frame n.
//  - hover pictures, new networks, datasets, the catalogue, the numpy export.
//  - when the server cannot be reached: a plain message, retries with a growing wait (and one
//    at once with reconnect()), the page kept as it is; the message goes once it answers.

import { get, post } from "../api.js";
import { Channel } from "./channel.js";
import { domainFor } from "./data.js";
import { decodeFrame, decodeSurface, evaluateRequestOf, hoverSurfaceRequest, trainRequestOf } from "./requests.js";

const MAX_HISTORY = 4000;
const RETRY_SECONDS = [2, 4, 8, 16, 30]; // the waits between automatic retries, then 30 s each

// The request never reached the server (fetch's TypeError) or a proxy says it is not there.
export const unreachable = (e) => e instanceof TypeError || (!!e && [502, 503, 504].includes(e.status));
export const unreachableText = (wait) =>
  `The server cannot be reached (check the network connection). Your work here is kept; trying again in ${wait} s.`;
// With no points of your own the API has no data for a frame: it is asked with one stand-in
// point, and the metrics it gives for that point are dropped.
const noOwnPoints = (s) => !!s.data.custom && !s.data.custom.train.points.length;
const STAND_IN = { train: { points: [[0, 0]], labels: [0] } };

async function listDatasets() {
  const res = await get("/api/datasets");
  return res.datasets;
}

const cache = new Map();
async function fetchDataset({ name, n, noise, seed, trainFraction }) {
  const q = new URLSearchParams({ n, noise, seed, train_fraction: trainFraction });
  const key = `${name}?${q}`;
  if (!cache.has(key)) {
    cache.set(key, get(`/api/datasets/${encodeURIComponent(name)}?${q}`));
    if (cache.size > 40) cache.delete(cache.keys().next().value);
  }
  try {
    return await cache.get(key);
  } catch (e) {
    cache.delete(key);
    throw e;
  }
}

export function createCompute(store, { onError }) {
  // the plane shown: [-6, 6] unless the data reach further (own data are known at once; a named
  // dataset's points may still be on their way: if they change the plane, the frame is asked again)
  let lastDom = "-6,6";
  const dom = () => {
    const s = store.get();
    const d = domainFor(s.data.custom || s.points);
    lastDom = String(d);
    return d;
  };
  const link = { attempt: 0, timer: 0 };
  function reportError(e, where) {
    if (e && e.name === "AbortError") return;
    if (!unreachable(e)) {
      onError(e, where);
      return;
    }
    const wait = RETRY_SECONDS[Math.min(link.attempt, RETRY_SECONDS.length - 1)];
    link.attempt++;
    clearTimeout(link.timer);
    link.timer = setTimeout(reconnect, wait * 1000);
    store.set({ running: false, status: { kind: "offline", text: unreachableText(wait) } });
  }
  const error = (where) => (e) => reportError(e, where);
  const answered = () => {
    link.attempt = 0;
    clearTimeout(link.timer);
  };
  // Ask the server whether it is back; if so, fetch what is missing and repaint.
  async function reconnect() {
    clearTimeout(link.timer);
    store.set({ status: { kind: "offline", text: "Trying to reach the server…" } });
    try {
      await get("/healthz");
      const s = store.get();
      if (!s.points && !s.data.custom) store.set({ points: await fetchDataset(s.data) });
    } catch (e) {
      reportError(e, "Reconnect");
      return;
    }
    answered();
    store.set({ status: null });
    evaluate();
  }

  // ---------------------------------------------------------------- one frame per edit
  const evaluateCh = new Channel(
    (req) => post("/api/evaluate", req.body).then((res) => ({ res, standIn: req.standIn })),
    ({ res, standIn }) => {
      if (store.get().running) return; // the training frames own the page
      answered();
      const frame = decodeFrame(res);
      store.set({ frame: standIn ? { ...frame, metrics: null, confusion: null } : frame, status: null });
    },
    error("Evaluate"),
  );
  store.subscribe(["points"], (s) => {
    if (s.points && String(domainFor(s.points)) !== lastDom && !s.running) evaluate();
  });
  function evaluate() {
    const s = store.get();
    if (!s.network) return;
    const body = evaluateRequestOf(s, dom());
    const standIn = noOwnPoints(s);
    evaluateCh.send({ body: standIn ? { ...body, data: STAND_IN } : body, standIn });
  }

  // ---------------------------------------------------------------- the hovered neuron, full size
  const hoverKey = (h) => (h.kind === "feature" ? `f${h.index}` : `${h.layer}:${h.index}`);
  const hoverCh = new Channel(
    (req) => post("/api/surface", req.body).then((res) => ({ res, key: req.key })),
    ({ res, key }) => {
      const h = store.get().hover;
      if (h && hoverKey(h) === key) store.set({ hoverGrid: { key, grid: decodeSurface(res).outputs[0] } });
    },
    () => {},
  );
  function hover() {
    const s = store.get();
    const h = s.hover;
    if (!h || !s.network || s.running) return;
    const body = hoverSurfaceRequest(s.network, h, dom());
    if (body) hoverCh.send({ key: hoverKey(h), body });
  }

  // ---------------------------------------------------------------- training pipeline
  const run = { gen: 0, inFlight: false, stats: { frames: 0, responses: 0, epochs: 0, started: 0 } };
  // painted training frames (the store calls this at most once per animation frame)
  store.subscribe(["frame"], (s) => {
    if (s.running) run.stats.frames++;
  });

  async function send(epochs, single) {
    const gen = run.gen;
    run.inFlight = true;
    let res;
    try {
      res = await post("/api/train", trainRequestOf(store.get(), dom(), epochs));
    } catch (e) {
      if (gen !== run.gen) return;
      run.inFlight = false;
      store.set({ running: false });
      error("Training")(e);
      return;
    }
    if (gen !== run.gen) return;
    run.inFlight = false;
    answered();
    const s = store.get();
    const stop = res.status === "diverged" || res.status === "budget_exceeded";
    const history = res.history && res.history.length ? s.history.concat(res.history) : s.history;
    store.set({
      network: { ...res.network, features: res.network.features || s.features.slice() },
      optimizerState: res.optimizer_state, epoch: res.epoch,
      history: history.length > MAX_HISTORY ? history.filter((_, i) => i % 2 === 0 || i === history.length - 1) : history,
      frame: decodeFrame(res), hoverGrid: null,
      ...(stop ? { running: false, status: { kind: "error", text: res.message } } : {}),
    });
    run.stats.responses++;
    run.stats.epochs += res.history ? res.history.length : 0;
    if (store.get().running && !single) send(store.get().train.epochsPerFrame, false);
  }

  const nothingToLearn = () => {
    if (!noOwnPoints(store.get())) return false;
    store.set({ running: false, status: { kind: "info", text: "No points to learn from: choose “Add” above the plot and click it, or load a CSV." } });
    return true;
  };
  const training = {
    play() {
      if (nothingToLearn()) return;
      const s = store.get();
      if (s.running || !s.network || !s.points) return;
      store.set({ running: true, status: null });
      run.stats = { frames: 0, responses: 0, epochs: 0, started: performance.now(), startEpoch: s.epoch };
      if (!run.inFlight) send(s.train.epochsPerFrame, false);
    },
    pause() {
      if (store.get().running) store.set({ running: false });
    },
    step() {
      if (nothingToLearn()) return;
      const s = store.get();
      if (s.running || run.inFlight || !s.network || !s.points) return;
      send(1, true);
    },
    // Forget what is in flight (an edit, a reset, a new network): its answer is dropped.
    invalidate() {
      run.gen++;
      run.inFlight = false;
    },
    get inFlight() {
      return run.inFlight;
    },
    stats: () => run.stats,
  };

  // Everything in flight dropped (the network's shape changed).
  function invalidate() {
    evaluateCh.invalidate();
    hoverCh.invalidate();
    training.invalidate();
  }

  return {
    evaluate, hover, training, invalidate, reportError, reconnect,
    newNetwork: (spec) => post("/api/networks", spec),
    dataset: (spec) => fetchDataset(spec),
    validate: (net) => post("/api/forward", { network: net, inputs: [[0, 0]], trace: false }),
    exportNumpy: (net) => post("/api/export/numpy", { network: net }),
    challenge: (id) => get(`/api/challenges/${encodeURIComponent(id)}`),
    checkChallenge: (id, body) => post(`/api/challenges/${encodeURIComponent(id)}/check`, body),
    async catalog() {
      const [datasets, acts, presets] = await Promise.all([
        listDatasets().catch(() => []),
        get("/api/activations").then((r) => r.activations.map((a) => a.name)).catch(() => null),
        get("/api/presets").then((r) => r.presets || []).catch(() => []),
      ]);
      return { datasets, activations: acts, presets };
    },
    activationCurve: (name) => get(`/api/activations/${encodeURIComponent(name)}?start=-5&stop=5&num=201`),
    pending: () => !(evaluateCh.idle && hoverCh.idle),
    // Resolves when no request is in flight or waiting.
    async whenIdle() {
      for (let i = 0; i < 50; i++) {
        await Promise.all([evaluateCh.whenIdle(), hoverCh.whenIdle()]);
        if (!run.inFlight && evaluateCh.idle && hoverCh.idle) return;
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}
