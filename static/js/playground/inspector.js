// The selection panel: the weight editor (number + slider for the selected edge or bias) and
// the neuron inspector (its live arithmetic z = Σ wᵢ·aᵢ + b, then f(z), with the numbers the
// API returned, and its activation curve with the current z marked).

import { $ } from "../lib/dom.js";
import { fixed as fmt, decimals, neuronSum } from "../lib/format.js";
import { ActivationCurve } from "./activation-curve.js";
import { neuronName } from "./diagram-build.js";
import { paramOf, validSelection } from "./model.js";
import { FEATURE_LABELS } from "./state.js";
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

export function selectionValue(net, sel) {
  return validSelection(net, sel) ? paramOf(net, sel) : null;
}

function sourceName(net, l, i) {
  if (l === 0) {
    const f = net.features ? net.features[i] : null;
    return f ? FEATURE_LABELS[f] || f : `x${i + 1}`;
  }
  return neuronName(l - 1, i, net.layers.length, net.layers[net.layers.length - 1].biases.length);
}

export class Inspector {
  constructor({ onValue }) {
    this.onValue = onValue;
    this.number = $("we-number");
    this.slider = $("we-slider");
    this.curve = new ActivationCurve($("insp-plot"));
    this.number.addEventListener("input", () => {
      const v = parseFloat(this.number.value);
      const ok = Number.isFinite(v);
      this.number.setAttribute("aria-invalid", String(!ok));
      if (ok) {
        this._syncSlider(v);
        this.onValue(v, "number");
      }
    });
    // Escape (or Enter) in the field: back to the edge or neuron on the diagram
    this.number.addEventListener("keydown", (e) => {
      if ((e.key === "Escape" || e.key === "Enter") && this.onBack) {
        e.preventDefault();
        this.onBack();
      }
    });
    this.slider.addEventListener("input", () => {
      const v = parseFloat(this.slider.value);
      this.number.value = String(v);
      this.number.setAttribute("aria-invalid", "false");
      this.onValue(v, "slider");
    });
    $("we-negate").addEventListener("click", () => {
      const v = -parseFloat(this.number.value || "0") || 0;
      this.setValue(v);
      this.onValue(v, "button");
    });
    $("we-zero").addEventListener("click", () => {
      this.setValue(0);
      this.onValue(0, "button");
    });
  }

  _syncSlider(v) {
    const r = Math.max(5, Math.ceil(Math.abs(v)));
    if (+this.slider.max !== r) {
      this.slider.min = String(-r);
      this.slider.max = String(r);
    }
    this.slider.value = String(v);
  }

  setValue(v) {
    if (document.activeElement !== this.number) this.number.value = String(+v.toFixed(4));
    this.number.setAttribute("aria-invalid", "false");
    this._syncSlider(v);
  }

  focusEditor() {
    this.number.focus();
    this.number.select();
  }

  // The editor part: what is selected and its value.
  renderEditor(net, sel) {
    const v = selectionValue(net, sel);
    const nL = net.layers.length;
    const outUnits = net.layers[nL - 1].biases.length;
    const target = neuronName(sel.layer, sel.index, nL, outUnits);
    if (sel.kind === "edge") {
      $("we-kind").textContent = "Weight";
      $("we-name").textContent = `${sourceName(net, sel.layer, sel.from)} → ${target}`;
    } else {
      $("we-kind").textContent = "Bias";
      $("we-name").textContent = target;
    }
    $("weight-editor").dataset.kind = sel.kind;
    if (v !== null && v !== undefined) this.setValue(v);
  }

  // The arithmetic. trace: the frame's probe (row 0), with `neuron` the API's arithmetic of the
  // selected neuron (inputs, terms, z, output); curve: the activation's curve, when loaded.
  renderInspector(net, sel, trace, curve) {
    const l = sel.layer;
    const j = sel.index;
    const nL = net.layers.length;
    const layer = net.layers[l];
    const name = neuronName(l, j, nL, layer.biases.length);
    $("insp-name").textContent = name;
    $("insp-act").textContent = layer.activation;
    const zEl = $("insp-z");
    const aEl = $("insp-a");
    if (!trace || !trace.layers || !trace.layers[l]) {
      zEl.textContent = "";
      aEl.textContent = "";
      this.zHtml = this.aHtml = "";
      return;
    }
    const neuron = trace.neuron && trace.neuron.layer === l && trace.neuron.index === j ? trace.neuron : null;
    const inputs = l === 0 ? trace.features || trace.point : trace.layers[l - 1].a[0];
    const w = layer.weights[j];
    const b = layer.biases[j];
    const z = trace.layers[l].z[0][j];
    const a = trace.layers[l].a[0][j];
    const maxTerms = 8;
    const P = 3; // every number of the arithmetic with 3 decimals (lib/format.js neuronSum)
    const sum = neuronSum(w, inputs, b, z, { places: P, terms: neuron && neuron.terms });
    const parts = [];
    const vals = [];
    w.forEach((wi, i) => {
      if (i >= maxTerms && i < w.length - 1) return;
      const cls = wi >= 0 ? "pos" : "neg";
      const sel2 = sel.kind === "edge" && sel.from === i ? " hl" : "";
      const f = sum.factors[i];
      const wTxt = f.w.startsWith("−") ? `(${f.w})` : f.w;
      const t = sum.terms[i];
      const op = parts.length ? ` ${t.op} ` : t.op === "−" ? "−" : "";
      parts.push(`${parts.length ? " + " : ""}<span class="term${sel2}" title="${esc(sourceName(net, l, i))}"><span class="${cls}">${wTxt}</span>·${f.x}</span>`);
      vals.push(`${op}<span class="term${sel2}">${t.text}</span>`);
    });
    if (w.length > maxTerms + 1) {
      parts.splice(maxTerms, 0, ` + <span class="muted">… ${w.length - maxTerms - 1} more …</span>`);
      vals.splice(maxTerms, 0, ` + <span class="muted">…</span>`);
    }
    const bcls = b >= 0 ? "pos" : "neg";
    const bsel = sel.kind === "neuron" ? " hl" : "";
    const bias = ` ${sum.bias.op} <span class="term${bsel}"><span class="${bcls}">${sum.bias.text}</span></span>`;
    let html = `<span class="lhs">z</span> = ${parts.join("")}${bias}`;
    html += `<br><span class="lhs"></span> <span class="rel" data-testid="inspector-products-rel">${sum.productsRel}</span> ${vals.join("")}${bias}`;
    html += ` <span class="rel" data-testid="inspector-sum-rel">${sum.sumRel}</span> <b class="res" data-testid="inspector-z-value" data-value="${z}">${sum.z}</b>`;
    if (this.zHtml !== html) zEl.innerHTML = this.zHtml = html;
    const fz =
      layer.activation === "softmax"
        ? `softmax(z)<sub>${j}</sub> = e<sup>z${j}</sup> / Σ<sub>k</sub> e<sup>zk</sup>`
        : `${esc(layer.activation)}(${sum.z})`;
    const aHtml = `<span class="lhs">a</span> = ${fz} = <b class="res" data-testid="inspector-a-value" data-value="${a}">${decimals(a, P)}</b>`;
    if (this.aHtml !== aHtml) aEl.innerHTML = this.aHtml = aHtml;
    const note = $("insp-note");
    const probe = trace.point;
    note.textContent = probe ? `At the probe (x₁, x₂) = (${fmt(probe[0], 2)}, ${fmt(probe[1], 2)}). Click the plot to move it.` : "";
    if (layer.activation === "softmax") this.curve.draw("softmax", trace.layers[l].a[0], j);
    else if (curve) this.curve.draw("curve", curve, z, a, layer.activation, { fast: true });
  }
}
