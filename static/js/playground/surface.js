// The decision surface: the output grid painted on a canvas (putImageData, smoothed when the
// browser scales it up), the data points on a second canvas (redrawn only when the data, the
// domain or the size change), the probe and the axes in a small SVG. No Plotly: it paints at
// once, before any chart library has loaded.

import { svg } from "../lib/dom.js";
import { CLASS_COLORS, DIVERGING, classLut } from "../lib/palette.js";
import { paintClasses, paintDecoded } from "./paint.js";

const M = { l: 30, r: 8, t: 6, b: 24 };

// A lighter diverging table for the big plot so the data points stand out on it.
export const SOFT_DIVERGING = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256 * 3; i++) lut[i] = Math.round(255 + (DIVERGING[i] - 255) * 0.6);
  return lut;
})();

export class SurfaceView {
  constructor(el, { onClick }) {
    this.el = el;
    this.heat = Object.assign(document.createElement("canvas"), { className: "sv-heat" });
    this.heat.setAttribute("data-testid", "surface-canvas");
    this.dots = Object.assign(document.createElement("canvas"), { className: "sv-points" });
    this.dots.setAttribute("data-testid", "surface-points");
    this.overlay = svg("svg", { class: "sv-overlay", "aria-hidden": "true" });
    this.probeEls = [svg("line", { class: "sv-cross" }), svg("line", { class: "sv-cross" }), svg("circle", { class: "sv-probe", r: 7 })];
    this.axes = svg("g", { class: "sv-axes" });
    this.overlay.append(this.axes, ...this.probeEls);
    el.classList.add("surface-view");
    // for screen readers: a picture, described by the text summary under it (access.js)
    Object.entries({ role: "img", "aria-label": "Decision surface", "aria-describedby": "surface-summary" }).forEach(([k, v]) => el.setAttribute(k, v));
    el.append(this.heat, this.dots, this.overlay);
    this.domain = [-6, 6];
    this.data = null;
    this.version = 0;
    this.box = null;
    this.onClick = onClick;
    this.mode = "probe";
    this._pointers(el);
    new ResizeObserver(() => this._resize()).observe(el);
  }

  // mode: "binary" | "multi" | "regression"; range: the value range for regression
  paint({ grids, mode, discretize, range, activation }) {
    if (!grids || !grids.length) return;
    if (mode === "multi") paintClasses(this.heat, grids, classLut, discretize);
    else {
      let mid;
      let half;
      if (mode === "regression") {
        mid = (range[0] + range[1]) / 2;
        half = Math.max(1e-9, (range[1] - range[0]) / 2);
      } else {
        const centred = activation === "sigmoid" || activation === "softmax";
        mid = centred ? 0.5 : 0;
        half = centred ? 0.5 : 1;
      }
      const hiLo = mode === "regression" ? [255, 0] : [230, 25];
      const map = discretize ? (v) => (v >= mid ? hiLo[0] : hiLo[1]) : (v) => ((v - mid) / half + 1) * 127.5;
      paintDecoded(this.heat, grids[0], SOFT_DIVERGING, map);
    }
    this.version++;
    this.el.dataset.version = String(this.version);
  }

  // data: {train, test}; task: {kind, classes}; colour: value -> css (regression)
  setData(data, task, showTest, colour) {
    this.data = { data, task, showTest, colour };
    this._drawPoints();
  }

  setDomain(domain) {
    if (String(domain) === String(this.domain)) return;
    this.domain = domain;
    this._resize();
  }

  setProbe(p) {
    this.probe = p;
    this._drawProbe();
  }

  _resize() {
    const w = this.el.clientWidth;
    const h = this.el.clientHeight;
    if (!w || !h) return;
    const side = Math.max(40, Math.min(w - M.l - M.r, h - M.t - M.b));
    const left = M.l + Math.max(0, (w - M.l - M.r - side) / 2);
    this.box = { left, top: M.t, side };
    for (const c of [this.heat, this.dots]) Object.assign(c.style, { left: `${left}px`, top: `${M.t}px`, width: `${side}px`, height: `${side}px` });
    this.overlay.setAttribute("viewBox", `0 0 ${w} ${h}`);
    this.overlay.setAttribute("width", w);
    this.overlay.setAttribute("height", h);
    this._drawAxes();
    this._drawPoints();
    this._drawProbe();
  }

  _px(x, y) {
    const [lo, hi] = this.domain;
    const { left, top, side } = this.box;
    return [left + ((x - lo) / (hi - lo)) * side, top + ((hi - y) / (hi - lo)) * side];
  }

  _drawAxes() {
    const [lo, hi] = this.domain;
    const { left, top, side } = this.box;
    this.axes.textContent = "";
    const step = hi - lo > 14 ? Math.ceil((hi - lo) / 12 / 2) * 2 : 2;
    for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
      const [x, y] = this._px(v, v);
      const label = String(v).replace("-", "−");
      this.axes.append(
        svg("text", { x, y: top + side + 15, "text-anchor": "middle" }, label),
        svg("text", { x: left - 5, y: y + 4, "text-anchor": "end" }, label),
      );
    }
    this.axes.append(svg("rect", { x: left, y: top, width: side, height: side, class: "sv-frame" }));
  }

  _drawPoints() {
    if (!this.box || !this.data) return;
    const { data, task, showTest, colour } = this.data;
    const dpr = window.devicePixelRatio || 1;
    const side = Math.round(this.box.side * dpr);
    const c = this.dots;
    if (c.width !== side) c.width = side;
    if (c.height !== side) c.height = side;
    const ctx = c.getContext("2d");
    ctx.clearRect(0, 0, side, side);
    let count = 0;
    if (data) {
      const [lo, hi] = this.domain;
      const k = side / (hi - lo);
      const r = 3.3 * dpr;
      const sets = [[data.train, false]];
      if (showTest && data.test && data.test.points.length) sets.push([data.test, true]);
      for (const [set, isTest] of sets) {
        if (!set) continue;
        ctx.lineWidth = (isTest ? 1.8 : 1) * dpr;
        ctx.strokeStyle = isTest ? "#14181f" : "#ffffff";
        set.points.forEach((p, i) => {
          const v = set.labels[i];
          ctx.fillStyle = task.kind === "regression" ? colour(v) : CLASS_COLORS[v % CLASS_COLORS.length];
          const x = (p[0] - lo) * k;
          const y = (hi - p[1]) * k;
          ctx.beginPath();
          if (task.kind !== "regression" && v % 2 === 1) ctx.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
          else ctx.arc(x, y, r, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
          count++;
        });
      }
    }
    c.dataset.count = String(count);
  }

  _drawProbe() {
    const [v, h, ring] = this.probeEls;
    const show = !!(this.box && this.probe);
    for (const e of this.probeEls) e.style.display = show ? "" : "none";
    if (!show) return;
    const { left, top, side } = this.box;
    const [x, y] = this._px(this.probe[0], this.probe[1]);
    const inside = x >= left && x <= left + side && y >= top && y <= top + side;
    ring.style.display = inside ? "" : "none";
    v.setAttribute("x1", x);
    v.setAttribute("x2", x);
    v.setAttribute("y1", top);
    v.setAttribute("y2", top + side);
    h.setAttribute("x1", left);
    h.setAttribute("x2", left + side);
    h.setAttribute("y1", y);
    h.setAttribute("y2", y);
    ring.setAttribute("cx", x);
    ring.setAttribute("cy", y);
  }

  // Pixel of the plot -> data coordinates, or null outside it.
  toData(clientX, clientY) {
    if (!this.box) return null;
    const rect = this.el.getBoundingClientRect();
    const { left, top, side } = this.box;
    const px = clientX - rect.left - left;
    const py = clientY - rect.top - top;
    if (px < 0 || py < 0 || px > side || py > side) return null;
    const [lo, hi] = this.domain;
    return [lo + (px / side) * (hi - lo), hi - (py / side) * (hi - lo)];
  }

  // "probe" (a press or a drag moves the probe: the page does not scroll under the finger),
  // "add" or "remove" (a tap adds or removes a point; a swipe still scrolls the page).
  setMode(mode) {
    this.mode = mode;
    this.el.dataset.mode = mode;
  }

  // Pointer events (mouse, touch and pen alike). A tap's click that follows is ignored (it
  // would act twice); a click without pointer events before it (a script's) still acts.
  _pointers(el) {
    let drag = null;
    let handled = false;
    const at = (e) => this.toData(e.clientX, e.clientY);
    el.addEventListener("pointerdown", (e) => {
      if (!e.isPrimary || e.button !== 0) return;
      const p = at(e);
      if (!p) return;
      handled = true;
      drag = { id: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
      if (this.mode === "probe") {
        if (e.pointerType !== "mouse") e.preventDefault();
        try {
          el.setPointerCapture(e.pointerId);
        } catch {
          /* capture is only a nicety */
        }
        this.onClick(p[0], p[1], e);
      }
    });
    el.addEventListener("pointermove", (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      if (Math.hypot(e.clientX - drag.x, e.clientY - drag.y) > 8) drag.moved = true;
      if (this.mode !== "probe" || !drag.moved) return;
      const p = at(e);
      if (p) this.onClick(p[0], p[1], e);
    });
    const settle = () => setTimeout(() => (handled = false), 400);
    el.addEventListener("pointerup", (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      const tap = !drag.moved;
      drag = null;
      settle();
      const p = at(e);
      if (tap && p && this.mode !== "probe") this.onClick(p[0], p[1], e);
    });
    el.addEventListener("pointercancel", () => {
      drag = null;
      settle();
    });
    el.addEventListener("click", (e) => {
      if (handled) {
        handled = false;
        return;
      }
      const p = at(e);
      if (p) this.onClick(p[0], p[1], e);
    });
  }
}
