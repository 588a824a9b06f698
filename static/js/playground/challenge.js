// The challenge panel: goal, parts, hints one at a time, the Check button and the engine's
// verdict with its numbers; progress through a sequence. Draws from the store's `challenge`
// alone and calls the handlers it was given (never the API).

import { $, el } from "../lib/dom.js";
import { describePart, inPlayground, measuredRows } from "./challenge-model.js";

const LESSONS = { neuron: "The neuron", activations: "Activations", weights: "Weights", network: "Networks", training: "Training" };
const TUMOUR_INPUTS = ["cell size", "cell shape", "clump thickness"];

export class ChallengePanel {
  constructor(root, h) {
    this.root = root;
    this.h = h;
    this.id = null;
  }

  render(c) {
    if (!c) {
      this.root.hidden = true;
      this.root.replaceChildren();
      this.id = null;
      return;
    }
    this.root.hidden = false;
    if (this.id !== c.def.id) this.build(c);
    this.update(c);
  }

  build(c) {
    const d = c.def;
    const h = this.h;
    this.id = d.id;
    const btn = (text, attrs, fn) => {
      const b = el("button", { type: "button", class: "btn", ...attrs, text });
      b.addEventListener("click", fn);
      return b;
    };
    const close = btn("×", { class: "btn btn-icon ch-close", "aria-label": "Leave the challenge", "data-testid": "challenge-close" }, () => h.onChallengeClose());
    const fold = btn("Fold", { class: "btn btn-sm ch-fold", "aria-expanded": "true", "aria-controls": "ch-body", "data-testid": "challenge-fold" }, () => {
      const open = this.root.classList.toggle("folded") === false;
      fold.setAttribute("aria-expanded", String(open));
      fold.textContent = open ? "Fold" : "Unfold";
    });
    const head = el("div", { class: "ch-head" },
      el("p", { class: "ch-kicker", text: `Challenge ${d.order} · ${LESSONS[d.lesson] || d.lesson}` }),
      el("h2", { class: "ch-title", id: "ch-title", text: d.title }), fold, close);
    const goal = el("p", { class: "ch-goal", "data-testid": "challenge-goal", text: d.goal });
    const body = el("div", { class: "ch-body", id: "ch-body" }, goal);
    this.seqBox = el("ol", { class: "ch-seq", "aria-label": "Challenges in this sequence" });
    if (c.seq) body.prepend(this.seqBox);
    if (!inPlayground(d)) body.append(this.form(c));
    if (d.parts) {
      this.part1 = el("p", { class: "ch-part1", "data-testid": "challenge-part1", "aria-live": "polite" });
      body.append(el("ol", { class: "ch-parts" },
        el("li", {}, el("span", { text: `${d.parts[0]} ` }),
          btn("Use this as part 1", { "data-testid": "challenge-record" }, () => h.onChallengeRecord()), this.part1),
        el("li", {}, el("span", { text: `${d.parts[1]} Then press Check.` }))));
    }
    if (d.question) {
      const input = el("input", { type: "number", id: "ch-answer", step: "any", "data-testid": "challenge-answer", class: "ch-answer" });
      input.addEventListener("input", () => h.onChallengeAnswer(input.value));
      body.append(el("p", { class: "ch-question" }, el("label", { for: "ch-answer", text: `${d.question} ` }), input));
    }
    this.hintList = el("ol", { class: "ch-hints", "data-testid": "challenge-hints" });
    this.hintBtn = btn("Show a hint", { "data-testid": "challenge-hint" }, () => h.onChallengeHint());
    body.append(el("div", { class: "ch-hint-box" }, this.hintBtn, this.hintList));
    this.checkBtn = btn("Check", { class: "btn btn-primary", "data-testid": "challenge-check" }, () => h.onChallengeCheck());
    this.restartBtn = btn("Start over", { "data-testid": "challenge-restart" }, () => h.onChallengeRestart());
    this.nextBtn = btn("Next challenge →", { class: "btn btn-primary", "data-testid": "challenge-next", hidden: true }, () => h.onChallengeGo(this.next));
    this.tick = el("span", { class: "ch-tick", "data-testid": "challenge-passed", hidden: true, text: "✓ Passed" });
    this.verdict = el("div", { class: "ch-verdict", "data-testid": "challenge-verdict", role: "status", "aria-live": "polite" });
    body.append(el("div", { class: "ch-actions" }, this.checkBtn, this.restartBtn, this.nextBtn, this.tick), this.verdict);
    this.root.setAttribute("aria-labelledby", "ch-title");
    this.root.replaceChildren(head, body);
  }

  // The tumour neuron's three weights and bias (a neuron the plane cannot draw).
  form(c) {
    const box = el("div", { class: "ch-form", "data-testid": "challenge-form" });
    const layer = c.form.layers[0];
    const field = (label, i, v) => {
      const id = `ch-w${i}`;
      const input = el("input", { type: "number", id, step: "0.1", value: String(v), "data-testid": `challenge-form-${i < 0 ? "bias" : i}` });
      input.addEventListener("change", () => this.h.onChallengeForm(i, parseFloat(input.value)));
      return el("label", { for: id, class: "ch-field" }, el("span", { text: label }), input);
    };
    layer.weights[0].forEach((w, i) => box.append(field(`w${i + 1} (${TUMOUR_INPUTS[i] || `input ${i + 1}`})`, i, w)));
    box.append(field("bias b", -1, layer.biases[0]));
    return box;
  }

  update(c) {
    const d = c.def;
    if (c.form) {
      const layer = c.form.layers[0];
      layer.weights[0].forEach((w, i) => this.sync(`ch-w${i}`, w));
      this.sync("ch-w-1", layer.biases[0]);
    }
    if (c.seq) {
      this.seqBox.replaceChildren(...c.seq.map((id, i) => el("li", {
        class: `${id === d.id ? "now" : ""} ${c.progress && c.progress[i] ? "done" : ""}`.trim(),
        "aria-current": id === d.id ? "step" : false, text: c.progress && c.progress[i] ? "✓" : String(i + 1), title: id,
      })));
    }
    if (this.part1) {
      const r = c.recorded;
      this.part1.textContent = r && !r.ok ? r.message : c.part1 ? `✓ Part 1 kept: ${describePart(d, c.part1)}. ${r ? r.message : ""}` : "";
      this.part1.className = `ch-part1 ${r && !r.ok ? "bad" : c.part1 ? "good" : ""}`;
    }
    this.hintList.replaceChildren(...d.hints.slice(0, c.hints).map((t) => el("li", { text: t })));
    const left = d.hints.length - c.hints;
    this.hintBtn.hidden = left <= 0;
    this.hintBtn.textContent = c.hints ? `Another hint (${left} left)` : `Show a hint (${d.hints.length})`;
    this.checkBtn.disabled = !!c.checking;
    this.checkBtn.textContent = c.checking ? "Checking…" : "Check";
    this.tick.hidden = !c.passed;
    this.next = c.next;
    this.nextBtn.hidden = !(c.next && c.passed);
    const v = c.verdict;
    if (c.error) {
      this.verdict.className = "ch-verdict bad";
      this.verdict.replaceChildren(el("p", { text: `The check failed: ${c.error}` }));
    } else if (!v) {
      this.verdict.className = "ch-verdict";
      this.verdict.replaceChildren();
    } else {
      this.verdict.className = `ch-verdict ${v.passed ? "good" : "bad"}`;
      this.verdict.dataset.passed = String(v.passed);
      const rows = measuredRows(v.measured).map(([k, val]) => el("div", {}, el("dt", { text: k }), el("dd", { class: "num", text: val })));
      this.verdict.replaceChildren(
        el("p", { class: "ch-verdict-head" }, el("strong", { text: v.passed ? "✓ Passed. " : "Not yet. " }), el("span", { text: v.message })),
        el("dl", { class: "ch-measured", "data-testid": "challenge-measured" }, ...rows),
      );
    }
  }

  sync(id, v) {
    const input = $(id);
    if (input && document.activeElement !== input && parseFloat(input.value) !== v) input.value = String(v);
  }
}
