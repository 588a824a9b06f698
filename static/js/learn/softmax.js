// Lesson 2: the softmax widget. Logits as sliders; the server computes the probabilities
// (POST /api/softmax); they are drawn as bars that always sum to 1. Classes are numbered from 0
// in the playground's class colours (lib/palette.js), as the API and the playground count them.

import { post } from "../api.js";
import { el } from "../lib/dom.js";
import { fmt } from "../lib/format.js";
import { live, showError } from "./common.js";
import { CLASS_COLORS } from "../lib/palette.js";

const lab = document.querySelector("[data-testid=softmax-lab]");
const tbody = lab.querySelector("[data-testid=softmax-logits] tbody");
const bars = document.querySelector("[data-testid=softmax-bars]");
const sumOut = document.querySelector("[data-testid=softmax-sum]");
const START = [2, 1, 0.5];
const MAX_CLASSES = CLASS_COLORS.length; // 5, as many as the playground's softmax

const logits = () => [...tbody.querySelectorAll("input")].map((i) => Number(i.value));

const update = live(
  lab,
  async () => {
    const z = logits();
    return { z, res: await post("/api/softmax", { logits: z }) };
  },
  ({ res }) => {
    const p = res.probabilities;
    bars.replaceChildren(...p.map((v, k) => {
      const fill = el("div", { class: "bar-fill" });
      fill.style.width = `${(v * 100).toFixed(2)}%`;
      fill.style.background = CLASS_COLORS[k % CLASS_COLORS.length];
      return el("div", { class: "bar-row", "data-testid": `softmax-bar-${k}`, "data-value": String(v) },
        el("span", { class: "bar-name", text: `class ${k}` }),
        el("div", { class: "bar-track", role: "img", "aria-label": `class ${k}: ${fmt(v * 100, 1)} %` }, fill),
        el("span", { class: "bar-value", text: fmt(v, 3) }));
    }));
    // The sum is only added up here, to show it: every probability came from the server.
    const total = p.reduce((a, b) => a + b, 0);
    sumOut.textContent = total.toFixed(4);
    sumOut.dataset.value = String(total);
  },
);

function addRow(value) {
  const k = tbody.children.length;
  const id = `logit-${k}`;
  const input = el("input", { type: "range", id, min: "-5", max: "5", step: "0.1", value: String(value),
    "data-testid": `logit-${k}` });
  const out = el("output", { for: id, class: "num", text: fmt(value, 2) });
  input.addEventListener("input", () => {
    out.textContent = fmt(Number(input.value), 2);
    update();
  });
  tbody.append(el("tr", {}, el("th", { scope: "row" }, el("label", { for: id, text: `class ${k} score` })),
    el("td", {}, el("span", { class: "slider-cell" }, input, out))));
}

function setCount() {
  lab.querySelector("[data-testid=softmax-add]").disabled = tbody.children.length >= MAX_CLASSES;
  lab.querySelector("[data-testid=softmax-remove]").disabled = tbody.children.length <= 2;
}

lab.querySelector("[data-testid=softmax-add]").addEventListener("click", () => {
  if (tbody.children.length < MAX_CLASSES) addRow(0);
  setCount();
  update();
});
lab.querySelector("[data-testid=softmax-remove]").addEventListener("click", () => {
  if (tbody.children.length > 2) tbody.lastElementChild.remove();
  setCount();
  update();
});
lab.querySelector("[data-testid=softmax-reset]").addEventListener("click", () => {
  tbody.replaceChildren();
  START.forEach(addRow);
  setCount();
  update();
});

START.forEach(addRow);
setCount();
update().catch(showError);
