// The first-visit tour: four callouts pointing at the page's real parts (▶, the diagram, the
// decision surface, the data), with Back / Next / Done. Shown once: closing it (Done, ×, Esc)
// sets a localStorage flag; the "?" button in the toolbar opens it again. A non-modal dialog:
// focus moves into it and returns where it was. On a narrow screen it is a bottom sheet under
// the highlighted part instead of a pointing callout.

import { $, el } from "../lib/dom.js";

export const TOUR_SEEN_KEY = "np.tourSeen";
const NARROW = 600; // px: below this the callout is a bottom sheet
const GAP = 14; // between the target and the callout
const MARGIN = 10; // from the viewport's edges

const base = () => (document.querySelector('meta[name="api-base"]') || {}).content || "";

// Each step: the first visible target, the sides to try (in order), a title and the body's parts.
const STEPS = [
  {
    targets: ["#btn-play", ".transport"], sides: ["below", "right", "above"],
    title: "Press ▶ to train",
    body: () => [
      p(problem() === "regression" ? "The network learns to predict each point's value" : "The network learns to tell the classes of points apart",
        "; the loss falls and the plot changes as it learns. ",
        "Press ▶ again to pause, or step one epoch at a time."),
      p("New to neural networks? ", el("a", { href: `${base()}/learn/neuron`, "data-testid": "tour-lesson-link", text: "Start with lesson 1: the neuron" }), "."),
    ],
  },
  {
    targets: ["#diagram"], sides: ["right", "left", "below", "above"],
    title: "The network",
    body: () => [
      p("Each circle is a neuron: its picture is its output over the whole plane, its number the output at the probe."),
      p("Click an edge to edit its weight, a neuron to see its arithmetic. On the left, the seven input features: click one to switch it on or off (dimmed = off)."),
    ],
  },
  {
    targets: ["#surface:not([hidden])", ".surface-wrap"], sides: ["left", "right", "below", "above"],
    title: "The decision surface",
    body: () => [
      p("The colours are the network's prediction at every point of the plane: ", {
        classification: "orange for class 0, blue for class 1, stronger where it is surer.",
        multiclass: "the colour of the class it predicts, lighter where it is less sure.",
        regression: "orange for low values, blue for high ones.",
      }[problem()] || "", " The dots are the data."),
      p("The ring is the probe: click the plot to move it. The numbers in the neurons and the inspector's arithmetic are for that point. The key under the plot says what each colour means."),
    ],
  },
  {
    targets: ["#datasets", ".col-data"], sides: ["right", "below", "above"],
    title: "The data",
    body: () => [
      p("Choose a dataset, add noise, change the share of training points, or paste your own."),
      p("Press ? in the toolbar to see this tour again."),
    ],
  },
];

const problem = () => ($("problem") || {}).value || "classification";

function p(...parts) {
  return el("p", {}, ...parts);
}

function visible(node) {
  if (!node || node.closest("[hidden]")) return false;
  const r = node.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}

// The part of the page on screen, in the coordinates of position: fixed (the visual viewport:
// right even when the page is wider than a phone's screen or zoomed).
function screen() {
  const v = window.visualViewport;
  if (v) return { x: v.offsetLeft, y: v.offsetTop, w: v.width, h: v.height };
  return { x: 0, y: 0, w: document.documentElement.clientWidth, h: window.innerHeight };
}

// Where the page shows below the sticky header and toolbar (they cover what scrolls under them).
function coveredTop() {
  let top = 0;
  for (const node of document.querySelectorAll(".site-header, .toolbar")) {
    const pos = getComputedStyle(node).position;
    if (pos === "sticky" || pos === "fixed") top = Math.max(top, node.getBoundingClientRect().bottom);
  }
  return top;
}

const targetOf = (step) => step.targets.map((s) => document.querySelector(s)).find(visible) || null;

export function tourSeen() {
  try {
    return localStorage.getItem(TOUR_SEEN_KEY) === "1";
  } catch {
    return true; // no storage: never pester
  }
}

function markSeen() {
  try {
    localStorage.setItem(TOUR_SEEN_KEY, "1");
  } catch {
    /* storage refused: the tour closes all the same */
  }
}

export class Tour {
  constructor() {
    this.box = null;
    this.i = 0;
    this.onKey = (e) => {
      if (e.key === "Escape" && this.box) {
        e.preventDefault();
        e.stopPropagation();
        this.close();
      }
    };
    this.onMove = () => {
      if (this.raf) return;
      this.raf = requestAnimationFrame(() => {
        this.raf = 0;
        this.place();
      });
    };
    const btn = $("btn-tour");
    if (btn) btn.addEventListener("click", () => (this.box ? this.close() : this.open()));
  }

  get isOpen() {
    return !!this.box;
  }

  // Open at the first step (from the "?" button, or on a first visit).
  open() {
    this.steps = STEPS.filter((s) => targetOf(s));
    if (!this.steps.length || this.box) return;
    this.returnTo = document.activeElement;
    this.spot = el("div", { class: "tour-spot", "aria-hidden": "true" });
    this.arrow = el("div", { class: "tour-arrow", "aria-hidden": "true" });
    this.title = el("h2", { class: "tour-title", id: "tour-title" });
    this.count = el("p", { class: "tour-count", "data-testid": "tour-count" });
    this.body = el("div", { class: "tour-body", id: "tour-body" });
    this.back = el("button", { type: "button", class: "btn btn-sm", "data-testid": "tour-back", text: "Back" });
    this.next = el("button", { type: "button", class: "btn btn-sm btn-primary", "data-testid": "tour-next", text: "Next" });
    const x = el("button", { type: "button", class: "tour-close", "data-testid": "tour-close", "aria-label": "Close the tour", text: "×" });
    this.box = el("div", {
      class: "tour", role: "dialog", "aria-modal": "false", "aria-labelledby": "tour-title",
      "aria-describedby": "tour-body", "data-testid": "tour", tabindex: "-1",
    }, this.arrow, x, this.count, this.title, this.body, el("div", { class: "tour-nav" }, this.back, this.next));
    x.addEventListener("click", () => this.close());
    this.back.addEventListener("click", () => this.go(this.i - 1));
    this.next.addEventListener("click", () => (this.i >= this.steps.length - 1 ? this.close() : this.go(this.i + 1)));
    document.body.append(this.spot, this.box);
    document.addEventListener("keydown", this.onKey, true);
    window.addEventListener("resize", this.onMove);
    window.addEventListener("scroll", this.onMove, true);
    window.visualViewport?.addEventListener("resize", this.onMove);
    window.visualViewport?.addEventListener("scroll", this.onMove);
    $("btn-tour")?.setAttribute("aria-expanded", "true");
    this.go(0);
  }

  go(i) {
    this.i = Math.max(0, Math.min(this.steps.length - 1, i));
    const step = this.steps[this.i];
    const last = this.i === this.steps.length - 1;
    this.title.textContent = step.title;
    this.count.textContent = `${this.i + 1} of ${this.steps.length}`;
    this.body.replaceChildren(...step.body());
    this.back.disabled = this.i === 0;
    this.next.textContent = last ? "Done" : "Next";
    this.box.dataset.step = String(this.i);
    this.reveal(targetOf(step));
    this.place();
    this.next.focus({ preventScroll: true });
  }

  // Scroll the target into view (under the sticky header; above the bottom sheet on a phone).
  reveal(t) {
    if (!t || t.closest(".toolbar, .site-header")) return; // sticky: always in view
    const top = coveredTop();
    const v = screen();
    const narrow = v.w < NARROW;
    const bottom = v.y + (narrow ? v.h * 0.5 : v.h);
    const r = t.getBoundingClientRect();
    if (r.top >= Math.max(top, v.y) + MARGIN && (r.bottom <= bottom - MARGIN || r.height > bottom - top)) return;
    window.scrollBy({ top: r.top - Math.max(top, v.y) - MARGIN, behavior: "instant" });
  }

  place() {
    if (!this.box) return;
    const step = this.steps[this.i];
    const t = targetOf(step);
    const v = screen();
    const narrow = v.w < NARROW;
    this.box.classList.toggle("tour-sheet", narrow);
    if (!t) {
      this.spot.hidden = true;
      return;
    }
    const r = t.getBoundingClientRect();
    // the highlight, clipped to the screen
    const x0 = v.x + MARGIN;
    const y0 = v.y + MARGIN;
    const x1 = v.x + v.w - MARGIN;
    const y1 = v.y + v.h - MARGIN;
    const s = { left: Math.max(v.x + 2, r.left - 5), top: Math.max(v.y + 2, r.top - 5, t.closest(".toolbar") ? 0 : coveredTop() + 2), right: Math.min(v.x + v.w - 2, r.right + 5), bottom: Math.min(v.y + v.h - 2, r.bottom + 5) };
    this.spot.hidden = s.right <= s.left || s.bottom <= s.top;
    Object.assign(this.spot.style, { left: `${s.left}px`, top: `${s.top}px`, width: `${s.right - s.left}px`, height: `${s.bottom - s.top}px` });
    const st = this.box.style;
    if (narrow) {
      // a bottom sheet across the screen's width, the target above it
      st.width = `${v.w}px`;
      st.left = `${v.x}px`;
      st.maxHeight = `${Math.round(v.h * 0.48)}px`;
      st.top = `${v.y}px`; // measured at the top, then moved down to the screen's bottom edge
      st.top = `${Math.round(v.y + v.h - this.box.offsetHeight)}px`;
      this.box.dataset.side = "sheet";
      this.arrow.hidden = true;
      return;
    }
    st.maxHeight = "";
    st.width = `${Math.min(340, v.w - 2 * MARGIN)}px`;
    const w = this.box.offsetWidth;
    const h = this.box.offsetHeight;
    const cx = Math.max(s.left, Math.min(s.right, (r.left + r.right) / 2));
    const cy = Math.max(s.top, Math.min(s.bottom, (r.top + r.bottom) / 2));
    const at = {
      below: [cx - w / 2, s.bottom + GAP],
      above: [cx - w / 2, s.top - GAP - h],
      right: [s.right + GAP, cy - h / 2],
      left: [s.left - GAP - w, cy - h / 2],
    };
    const fits = ([x, y]) => x >= x0 && y >= y0 && x + w <= x1 && y + h <= y1;
    const clamp = ([x, y]) => [Math.max(x0, Math.min(x1 - w, x)), Math.max(y0, Math.min(y1 - h, y))];
    // a side that fits as it is, else one that fits once slid along the target's edge
    let side = step.sides.find((k) => fits(at[k]));
    let xy = side ? at[side] : null;
    if (!side) {
      side = step.sides.find((k) => {
        const c = clamp(at[k]);
        const clear = k === "below" ? c[1] >= s.bottom : k === "above" ? c[1] + h <= s.top : k === "right" ? c[0] >= s.right : c[0] + w <= s.left;
        return clear && fits(c);
      });
      xy = side ? clamp(at[side]) : clamp([x1 - w, y1 - h]); // nowhere clear: bottom right, over it
    }
    [xy[0], xy[1]] = clamp(xy);
    st.left = `${Math.round(xy[0])}px`;
    st.top = `${Math.round(xy[1])}px`;
    this.box.dataset.side = side || "over";
    // the arrow on the side facing the target, pointing at its middle
    this.arrow.hidden = !side;
    if (side) {
      const a = this.arrow.style;
      a.left = a.top = "";
      if (side === "below" || side === "above") a.left = `${Math.max(16, Math.min(w - 30, cx - xy[0] - 7))}px`;
      else a.top = `${Math.max(16, Math.min(h - 30, cy - xy[1] - 7))}px`;
      this.arrow.dataset.side = side;
    }
  }

  close() {
    if (!this.box) return;
    markSeen();
    document.removeEventListener("keydown", this.onKey, true);
    window.removeEventListener("resize", this.onMove);
    window.removeEventListener("scroll", this.onMove, true);
    window.visualViewport?.removeEventListener("resize", this.onMove);
    window.visualViewport?.removeEventListener("scroll", this.onMove);
    this.box.remove();
    this.spot.remove();
    this.box = null;
    const btn = $("btn-tour");
    btn?.setAttribute("aria-expanded", "false");
    const back = this.returnTo && this.returnTo !== document.body && this.returnTo.isConnected ? this.returnTo : btn;
    if (back) back.focus({ preventScroll: true });
  }
}

// The page's tour: the "?" button works at once; on a first visit it opens by itself.
export function connectTour({ auto = true } = {}) {
  const tour = new Tour();
  if (auto && !tourSeen()) tour.open();
  return tour;
}
