// No lost work: a link (lesson, preset link, class link) or "Start fresh" that replaces saved work
// keeps it one click away ("Restore your previous network"), and "Start fresh" asks first in a
// dialog of the page. Every move between states goes through the page's normal start-up (a reload
// with the state in the hash), so a restored network comes back exactly: weights, epoch, data,
// settings.

import { el } from "../lib/dom.js";
import { buildHash, decodeState, encodeState, hasWork, hideParam, openPlan, previousKey, readSlot, slotKey, writeSlot } from "./state.js";

let pending = null; // { summary } of the work this page load replaced

// At start-up, before the link's state is saved over the slot: keep the slot's work if the link
// replaces it. Returns the plan (what to load) and the saved text.
export async function keepPrevious(link) {
  const saved = readSlot(slotKey(link.classLink));
  const plan = openPlan(link, saved);
  if (plan.replaces) {
    let doc = null;
    try {
      doc = await decodeState(saved);
    } catch {
      /* unreadable saved work: nothing to offer back */
    }
    if (hasWork(doc)) {
      writeSlot(previousKey(link.classLink), saved);
      pending = { summary: summary(doc), by: link.fresh ? "fresh" : "link" };
    }
  }
  return { plan, saved };
}

// Before a preset from the menu replaces the network: keep the work, for the notice after it.
export async function keepCurrent(state) {
  if (!hasWork(state)) return false;
  writeSlot(previousKey(state.classLink), await encodeState(state));
  pending = { summary: summary(state), by: "preset" };
  return true;
}

// The presets menu's choice: the preset, with the work it replaced kept for the notice.
export const presetChooser = (h, getState, stopSaving) => async (p) => {
  const kept = await keepCurrent(getState());
  await h.onPreset(p);
  if (kept) showRestoreNotice(getState, stopSaving);
};

function summary(doc) {
  const data = doc.data && doc.data.custom ? "your own data" : (doc.data && doc.data.name) || "xor";
  return `${data}, epoch ${Number.isInteger(doc.epoch) ? doc.epoch : 0}`;
}

// Leave for a state: stop saving (after the last save), then open the page on that hash.
async function leaveFor(hash, stopSaving) {
  await stopSaving();
  history.replaceState(null, "", location.pathname + location.search + hash);
  location.reload();
}

export async function restorePrevious(state, stopSaving) {
  const cl = state.classLink;
  const prev = readSlot(previousKey(cl));
  if (!prev) return;
  await stopSaving();
  const current = readSlot(slotKey(cl));
  writeSlot(slotKey(cl), prev); // the hash and the slot agree: start-up sees no link replacing work
  writeSlot(previousKey(cl), current);
  await leaveFor(buildHash(prev, cl ? state.hide : null), async () => {});
}

// The notice after the first paint, when this load replaced work.
export function showRestoreNotice(getState, stopSaving) {
  if (!pending) return;
  const old = document.getElementById("restore-note");
  if (old) old.remove();
  const what = { fresh: "You started fresh", preset: "The preset replaced your network", link: "This link opened its own network" }[pending.by];
  const text = el("span", { text: `${what}; your previous network (${pending.summary}) is kept.` });
  const restore = el("button", { type: "button", class: "btn btn-primary btn-sm", "data-testid": "restore-previous", text: "Restore your previous network" });
  const close = el("button", { type: "button", class: "btn btn-icon btn-sm", "aria-label": "Dismiss", title: "Dismiss", text: "×" });
  const note = el("div", { class: "restore-note", id: "restore-note", role: "status", "data-testid": "restore-notice" }, text, restore, close);
  restore.addEventListener("click", () => restorePrevious(getState(), stopSaving));
  close.addEventListener("click", () => note.remove());
  document.querySelector(".toolbar").after(note);
  pending = null;
}

// "Start fresh": a confirmation dialog (modal, focus inside, Escape cancels), then the default
// network; the replaced work stays one "Restore" away.
export function confirmFresh(state) {
  return new Promise((resolve) => {
    const work = hasWork(state);
    const title = el("h2", { id: "fresh-title", text: "Start fresh?" });
    const body = el("p", {
      id: "fresh-desc",
      text: `The default network on xor replaces ${work ? `your network (${summary(state)})` : "this network"}${state.classLink ? "; the class link's hidden controls stay hidden" : ""}.${work ? " You can restore it afterwards." : ""}`,
    });
    const cancel = el("button", { type: "button", class: "btn", "data-testid": "fresh-cancel", text: "Cancel" });
    const ok = el("button", { type: "button", class: "btn btn-primary", "data-testid": "fresh-confirm", text: "Start fresh" });
    const dlg = el("dialog", { class: "fresh-dialog", "data-testid": "fresh-dialog", "aria-labelledby": "fresh-title", "aria-describedby": "fresh-desc" },
      title, body, el("div", { class: "fresh-actions" }, cancel, ok));
    let answer = false;
    cancel.addEventListener("click", () => dlg.close());
    ok.addEventListener("click", () => {
      answer = true;
      dlg.close();
    });
    dlg.addEventListener("close", () => {
      dlg.remove();
      resolve(answer);
    });
    document.body.append(dlg);
    dlg.showModal();
    cancel.focus();
  });
}

export async function startFresh(state, stopSaving) {
  if (!(await confirmFresh(state))) return false;
  await leaveFor(`#fresh${state.classLink ? `&${hideParam(state.hide)}` : ""}`, stopSaving);
  return true;
}
