// static/js/learn/plots.js: charts that wait for Plotly keep only their latest data, show a
// placeholder meanwhile, draw once Plotly arrives, and say so when it cannot load.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CONFIG, layout, makeDraw } from "../../static/js/learn/plots.js";

// Just enough of an element for plots.js: a placeholder child, classList, dataset.
class FakeEl {
  constructor(withPlaceholder = true) {
    this.children = [];
    this.dataset = {};
    this.classes = new Set(["plot"]);
    this.classList = { contains: (c) => this.classes.has(c) };
    this.ownerDocument = { createElement: () => new FakeChild() };
    if (withPlaceholder) this.prepend(Object.assign(new FakeChild(), { className: "plot-wait", textContent: "Loading the chart…" }));
  }
  prepend(child) {
    child.parent = this;
    this.children.unshift(child);
  }
  querySelector(sel) {
    assert.equal(sel, ":scope > .plot-wait");
    return this.children.find((c) => c.className === "plot-wait") || null;
  }
  get wait() {
    return this.querySelector(":scope > .plot-wait");
  }
}
class FakeChild {
  remove() {
    this.parent.children = this.parent.children.filter((c) => c !== this);
  }
}

function fakePlotly() {
  const calls = [];
  return {
    calls,
    react(el, traces, lay, config) {
      calls.push({ el, traces, lay, config });
      el.classes.add("js-plotly-plot");
      return Promise.resolve(el);
    },
  };
}

// A Plotly source the test controls: arrive() or fail() the pending load.
function source() {
  let Plotly = null;
  const s = { loads: 0, now: () => Plotly };
  s.load = () => {
    s.loads += 1;
    return new Promise((resolve, reject) => {
      s.arrive = (P) => {
        Plotly = P;
        resolve(P);
      };
      s.fail = () => reject(new Error("Plotly could not be loaded"));
    });
  };
  return s;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test("before Plotly: the placeholder stays, only the latest data is drawn when it arrives", async () => {
  const src = source();
  const draw = makeDraw(src);
  const a = new FakeEl();
  const b = new FakeEl();
  const done = draw(a, ["a1"], { t: 1 });
  draw(a, ["a2"], { t: 2 });
  draw(b, ["b1"], { t: 1 });
  await tick();
  assert.equal(src.loads, 1); // one download for every chart
  assert.equal(a.dataset.chart, "waiting");
  assert.equal(a.wait.textContent, "Loading the chart…");
  const P = fakePlotly();
  src.arrive(P);
  await done;
  assert.deepEqual(P.calls.map((c) => [c.el === a ? "a" : "b", c.traces[0]]), [["a", "a2"], ["b", "b1"]]);
  assert.equal(P.calls[0].config, CONFIG);
  assert.equal(a.wait, null); // placeholder removed
  assert.equal(a.dataset.chart, "drawn");
  assert.equal(b.dataset.chart, "drawn");
  // once Plotly is here a redraw is immediate
  draw(a, ["a3"], {});
  assert.equal(P.calls.at(-1).traces[0], "a3");
  assert.equal(src.loads, 1);
});

test("Plotly is only asked for once the page's first content is ready", async () => {
  const src = source();
  let release;
  const ready = () => new Promise((r) => { release = r; });
  const draw = makeDraw({ ...src, ready });
  draw(new FakeEl(), [], {});
  await tick();
  assert.equal(src.loads, 0);
  release();
  await tick();
  assert.equal(src.loads, 1);
});

test("data that comes while Plotly draws the first batch is drawn too", async () => {
  const src = source();
  const draw = makeDraw(src);
  const a = new FakeEl();
  draw(a, ["a1"], {});
  await tick();
  const P = fakePlotly();
  const react = P.react;
  let inner = null;
  let once = true;
  P.react = (...args) => {
    const out = react(...args);
    if (once) {
      once = false;
      inner = draw(a, ["a2"], {}); // an input event during the first draw
    }
    return out;
  };
  src.arrive(P);
  await inner;
  await tick();
  assert.deepEqual(P.calls.map((c) => c.traces[0]), ["a1", "a2"]);
});

test("a chart without a placeholder in its markup gets one", async () => {
  const src = source();
  const draw = makeDraw(src);
  const a = new FakeEl(false);
  draw(a, [], {});
  assert.equal(a.wait.textContent, "Loading the chart…");
});

test("when Plotly cannot load the panel says so, and the next draw tries again", async () => {
  const src = source();
  const draw = makeDraw(src);
  const a = new FakeEl();
  const first = draw(a, ["a1"], {});
  await tick();
  src.fail();
  await first; // never rejects: the lesson goes on without its chart
  assert.equal(a.dataset.chart, "failed");
  assert.match(a.wait.textContent, /could not load/);
  const second = draw(a, ["a2"], {});
  assert.equal(a.dataset.chart, "waiting");
  assert.equal(a.wait.textContent, "Loading the chart…");
  await tick();
  assert.equal(src.loads, 2);
  const P = fakePlotly();
  src.arrive(P);
  await second;
  assert.deepEqual(P.calls.map((c) => c.traces[0]), ["a2"]);
  assert.equal(a.dataset.chart, "drawn");
});

test("layout: projector defaults, merged axes", () => {
  const lay = layout({ xaxis: { range: [-3, 3] }, showlegend: true });
  assert.equal(lay.font.size, 17);
  assert.equal(lay.showlegend, true);
  assert.deepEqual(lay.xaxis.range, [-3, 3]);
  assert.equal(lay.xaxis.zeroline, true);
  assert.equal(lay.yaxis.gridcolor, "#e3e7ed");
});
