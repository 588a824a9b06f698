// The store: one state object, replaced (never mutated) by set(); views subscribe to the keys
// they draw and are called at most once per animation frame with the new state, only when one
// of their keys changed. No DOM, no API (tested with node --test).

export function createStore(initial, schedule = defaultSchedule) {
  let state = initial;
  const subs = [];
  let changed = new Set();
  let scheduled = false;
  let waiters = [];

  function flush() {
    scheduled = false;
    const keys = changed;
    changed = new Set();
    for (const s of subs) {
      if (s.keys === null || [...s.keys].some((k) => keys.has(k))) {
        try {
          const t0 = globalThis.__storeTimes ? performance.now() : 0;
          s.fn(state, keys);
          if (globalThis.__storeTimes) {
            const k = [...(s.keys || ["*"])].join(",");
            globalThis.__storeTimes[k] = (globalThis.__storeTimes[k] || 0) + performance.now() - t0;
          }
        } catch (e) {
          console.error(e);
        }
      }
    }
    if (!scheduled) {
      const w = waiters;
      waiters = [];
      w.forEach((r) => r());
    }
  }

  return {
    get: () => state,
    // Merge a patch over the state; subscribers of its keys repaint in the next frame.
    set(patch) {
      let any = false;
      for (const k of Object.keys(patch)) {
        if (state[k] !== patch[k]) {
          changed.add(k);
          any = true;
        }
      }
      if (!any) return;
      state = { ...state, ...patch };
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    // keys: the state keys fn draws (null: every change). Returns an unsubscribe function.
    subscribe(keys, fn) {
      const s = { keys: keys ? new Set(keys) : null, fn };
      subs.push(s);
      return () => subs.splice(subs.indexOf(s), 1);
    },
    // Call every subscriber once now (the first paint).
    paintAll() {
      changed = new Set(Object.keys(state));
      flush();
    },
    // Resolves once the views have drawn every change made so far.
    whenFlushed() {
      return scheduled ? new Promise((r) => waiters.push(r)) : Promise.resolve();
    },
    flush,
  };
}

function defaultSchedule(fn) {
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(fn);
  else queueMicrotask(fn);
}
