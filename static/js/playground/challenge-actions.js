// Challenges in the playground, the actions: find the challenge this tab is on, load its start,
// check the page's state on the server (through compute), hints, part 1, progress, next.
// The verdict is the server's: the page sends its network and settings, never a metric.

import * as CM from "./challenge-model.js";

const local = () => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
};
const session = {
  get() {
    try {
      return JSON.parse(window.sessionStorage.getItem(CM.ACTIVE_KEY) || "null");
    } catch {
      return null;
    }
  },
  set(v) {
    try {
      if (v) window.sessionStorage.setItem(CM.ACTIVE_KEY, JSON.stringify(v));
      else window.sessionStorage.removeItem(CM.ACTIVE_KEY);
    } catch {
      /* no session storage: the panel lasts until a reload */
    }
  },
};
const fake = { getItem: () => null, setItem: () => {} };

export function createChallengeActions(store, compute, ui, h) {
  const S = () => store.get();
  const C = () => S().challenge;
  const put = (patch) => store.set({ challenge: { ...C(), ...patch } });
  let progress = CM.readProgress(local() || fake);
  const keep = (p) => {
    progress = p;
    CM.writeProgress(local() || fake, p);
  };

  // The challenge of this tab: the one the hash names (a fresh start), or, on a reload of our
  // own saved state (#s=...), the one the tab was on. null for any other page.
  async function find(hash) {
    let which = CM.fromHash(hash, progress);
    const fresh = !!which;
    if (!which) {
      if (!/(^#|&)s=/.test(hash || "")) {
        session.set(null);
        return null;
      }
      which = session.get();
      if (!which || !which.id) return null;
    }
    try {
      const def = await compute.challenge(which.id);
      session.set({ id: which.id, seq: which.seq || null });
      return { def, seq: which.seq || null, fresh };
    } catch (e) {
      session.set(null);
      ui.toast(`Challenge "${which.id}": ${e.message}`, "error");
      return null;
    }
  }

  // Load the start (when fresh) and show the panel.
  async function begin({ def, seq, fresh }) {
    if (CM.inPlayground(def)) {
      if (fresh) await h.onPreset(CM.presetOf(def));
      store.set({ hide: def.hide });
    } else if (fresh) store.set({ hide: [] }); // the panel's own neuron: the plane is free to play with
    store.set({
      challenge: {
        def, seq, hints: progress.hints[def.id] || 0, verdict: null, checking: false, error: null,
        part1: progress.part1[def.id] || null, answer: "", passed: CM.isPassed(progress, def.id),
        form: CM.inPlayground(def) ? null : JSON.parse(JSON.stringify(def.start.network)),
        next: CM.nextInSeq(seq, def.id), progress: seq ? seq.map((id) => CM.isPassed(progress, id)) : null,
      },
    });
  }

  async function check(body) {
    return compute.checkChallenge(C().def.id, body);
  }

  const handlers = {
    async onChallengeCheck() {
      const c = C();
      if (!c || c.checking) return;
      put({ checking: true, error: null, verdict: null });  // the old verdict is not this network's
      try {
        const v = await check(CM.checkBody(c.def, S(), c));
        if (v.passed) keep(CM.withPassed(progress, c.def.id, v.measured));
        const seq = C().seq;
        put({ checking: false, verdict: v, recorded: null, passed: C().passed || v.passed,
              progress: seq ? seq.map((id) => CM.isPassed(progress, id)) : null });
      } catch (e) {
        put({ checking: false, error: e.message });
      }
    },
    // Two-part challenges: check the current state as part 1, and keep it when it shows the problem.
    async onChallengeRecord() {
      const c = C();
      if (!c || c.checking || !c.def.parts) return;
      put({ checking: true, error: null });
      const part = CM.partOf(c.def, S(), c.form);
      try {
        const v = await check({ ...part, before: part });
        const ok = !!(v.parts && v.parts[0] && v.parts[0].passed);
        if (ok) keep(CM.withPart1(progress, c.def.id, part));
        const first = v.message.split(/\s(?=Part 2)/)[0];
        put({ checking: false, part1: ok ? part : C().part1, verdict: null, recorded: { ok, message: first } });
      } catch (e) {
        put({ checking: false, error: e.message });
      }
    },
    onChallengeHint() {
      const c = C();
      if (!c || c.hints >= c.def.hints.length) return;
      keep(CM.withHints(progress, c.def.id, c.hints + 1));
      put({ hints: c.hints + 1 });
    },
    onChallengeAnswer(v) {
      if (C()) put({ answer: v });
    },
    // The panel's own neuron (challenges off the plane): input i's weight, or the bias (i = -1).
    onChallengeForm(i, v) {
      const c = C();
      if (!c || !c.form || !Number.isFinite(v)) return;
      const layer = { ...c.form.layers[0] };
      if (i < 0) layer.biases = [v];
      else layer.weights = [layer.weights[0].map((w, k) => (k === i ? v : w))];
      put({ form: { ...c.form, layers: [layer] }, verdict: null });
    },
    onChallengeGo(id) {
      const c = C();
      location.hash = CM.challengeHash(id, c && c.seq);
    },
    onChallengeRestart() {
      const c = C();
      if (c && !CM.inPlayground(c.def)) {
        put({ form: JSON.parse(JSON.stringify(c.def.start.network)), verdict: null });
        return;
      }
      if (c) location.hash = CM.challengeHash(c.def.id, c.seq);
    },
    onChallengeClose() {
      session.set(null);
      store.set({ challenge: null, hide: [] });
    },
  };

  return { find, begin, handlers };
}
