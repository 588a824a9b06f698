// What a link opens (static/js/playground/hash.js) and that hidden controls never come from storage.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as H from "../../static/js/playground/hash.js";
import { HIDEABLE, fromSaved } from "../../static/js/playground/state.js";

const NET = { features: ["x1", "x2"], layers: [{ activation: "sigmoid", weights: [[1, 2]], biases: [0.5] }] };
const OTHER = { features: ["x1", "x2"], layers: [{ activation: "sigmoid", weights: [[1, 3]], biases: [0.5] }] };
const PRESETS = [{ name: "one", title: "One", network: NET }];

test("the hidden controls are a function of the hash: long names or short codes", () => {
  assert.deepEqual(H.hiddenControls("#preset=xor-solved&hide=presets,share,layers,learning-rate"),
    ["presets", "share", "layers", "learning-rate"]);
  assert.deepEqual(H.hiddenControls("#preset=xor-solved&hide=ps,sh,ly,lr"), ["presets", "share", "layers", "learning-rate"]);
  assert.deepEqual(H.hiddenControls("#hide=lr,bogus,learning-rate,,ds"), ["learning-rate", "dataset"]);
  assert.deepEqual(H.hiddenControls("#s=zABC&hide=none"), []);
  assert.equal(H.hiddenControls("#s=zABC"), null);
  assert.equal(H.hiddenControls(""), null);
  assert.equal(H.hiddenControls("#preset=x"), null);
});

test("every hideable control has one short code", () => {
  assert.deepEqual(Object.keys(H.HIDE_CODES).sort(), Object.keys(HIDEABLE).sort());
  const codes = Object.values(H.HIDE_CODES);
  assert.equal(new Set(codes).size, codes.length);
  for (const c of codes) assert.match(c, /^[a-z]{2}$/);
});

test("parseHash: state, preset, fresh, class link", () => {
  assert.deepEqual(H.parseHash("#preset=xor-solved&hide=ly"),
    { s: null, preset: "xor-solved", fresh: false, classLink: true, hide: ["layers"] });
  assert.deepEqual(H.parseHash("#fresh"), { s: null, preset: null, fresh: true, classLink: false, hide: null });
  assert.equal(H.parseHash("#s=zQQ&hide=lr").s, "zQQ");
});

test("links the page writes: its own hash keeps the class link's controls; a board link is short", () => {
  assert.equal(H.buildHash("zQQ", null), "#s=zQQ");
  assert.equal(H.buildHash("zQQ", []), "#s=zQQ&hide=none");
  assert.equal(H.buildHash("zQQ", ["dataset", "learning-rate"]), "#s=zQQ&hide=dataset,learning-rate");
  assert.equal(H.classLinkHash({ preset: "xor-solved" }, ["layers", "learning-rate"]), "#preset=xor-solved&hide=ly,lr");
  assert.equal(H.classLinkHash({ encoded: "zQQ" }, ["presets"]), "#s=zQQ&hide=ps");
  assert.equal(H.classLinkHash({}, []), "#fresh&hide=none");
  // what the page writes reads back the same
  const hash = H.classLinkHash({ preset: "p" }, ["share", "train"]);
  assert.deepEqual(H.hiddenControls(hash), ["share", "train"]);
});

test("a class link's work has its own slot, never the student's own", () => {
  assert.notEqual(H.slotKey(true), H.slotKey(false));
  assert.equal(H.slotKey(false), H.STORAGE_KEY);
  assert.notEqual(H.previousKey(false), H.slotKey(false));
  assert.notEqual(H.previousKey(true), H.previousKey(false));
});

test("openPlan: links replace saved work, a reload of the page's own hash does not", () => {
  assert.deepEqual(H.openPlan(H.parseHash(""), "zSAVED"), { load: "saved", replaces: false });
  assert.deepEqual(H.openPlan(H.parseHash("#s=zSAVED"), "zSAVED"), { load: "link", replaces: false });
  assert.deepEqual(H.openPlan(H.parseHash("#s=zOTHER"), "zSAVED"), { load: "link", replaces: true });
  assert.deepEqual(H.openPlan(H.parseHash("#preset=gauss"), "zSAVED"), { load: "preset", replaces: true });
  assert.deepEqual(H.openPlan(H.parseHash("#fresh"), "zSAVED"), { load: "fresh", replaces: true });
  assert.deepEqual(H.openPlan(H.parseHash("#hide=ly"), "zSAVED"), { load: "fresh", replaces: true });
  assert.deepEqual(H.openPlan(H.parseHash("#preset=gauss"), null), { load: "preset", replaces: false });
});

test("hasWork: trained, edited weights or own points", () => {
  assert.equal(H.hasWork(null), false);
  assert.equal(H.hasWork({ epoch: 0, network: NET, start: NET, data: { custom: null } }), false);
  assert.equal(H.hasWork({ epoch: 170, network: NET, start: NET, data: {} }), true);
  assert.equal(H.hasWork({ epoch: 0, network: OTHER, start: NET, data: {} }), true);
  assert.equal(H.hasWork({ epoch: 0, network: NET, start: NET, data: { custom: { train: {} } } }), true);
});

test("linkChoices: a preset's start gets the short link only, an edited preset both, anything else the exact one", () => {
  assert.deepEqual(H.linkChoices({ epoch: 0, network: NET, start: NET }, PRESETS), { preset: "one", kinds: ["short"], edited: false });
  assert.deepEqual(H.linkChoices({ epoch: 12, network: OTHER, start: NET }, PRESETS), { preset: "one", kinds: ["short", "exact"], edited: true });
  assert.deepEqual(H.linkChoices({ epoch: 0, network: OTHER, start: OTHER }, PRESETS), { preset: null, kinds: ["exact"], edited: true });
  // a preset without "features" matches the page's network with the default two
  const bare = [{ name: "b", network: { layers: NET.layers } }];
  assert.equal(H.linkChoices({ epoch: 0, network: NET, start: NET }, bare).preset, "b");
});

test("saved state never brings hidden controls back (they come from the link only)", () => {
  const s = fromSaved({ v: 1, hide: ["presets", "share", "layers"], epoch: 3 });
  assert.deepEqual(s.hide, []);
  assert.equal(s.classLink, false);
  assert.equal(s.epoch, 3);
});
