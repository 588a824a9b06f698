// A small SVG of one neuron: inputs → weighted edges → Σ → activation → output.
// Edge thickness follows |w|, colour its sign (blue positive, orange negative).

import { svg as node } from "../lib/dom.js";
import { fmt } from "../lib/format.js";
import { edgeWidth } from "../lib/palette.js";

// Edge thickness for |w|: few edges, so a weight's size shows strongly.
const EDGE = { min: 1, per: 6, max: 14 };

// labels: input names; inputs/weights: numbers; bias; activation name; z and output from the API.
export function drawNeuron(svg, { labels, inputs, weights, bias, activation, z, output }) {
  svg.replaceChildren();
  const ys = [60, 150, 240];
  const sum = { x: 430, y: 150 };
  const act = { x: 555, y: 150 };
  const out = { x: 660, y: 150 };
  const inX = 215;
  inputs.forEach((x, i) => {
    const y = ys[i];
    const w = weights[i];
    const path = node("line", { x1: inX + 30, y1: y, x2: sum.x - 34, y2: sum.y, class: `edge ${w < 0 ? "neg" : "pos"}`,
      "stroke-width": edgeWidth(w, EDGE), "data-testid": `edge-${i}` });
    svg.append(path);
    const mx = inX + 30 + (sum.x - 64 - inX) * 0.45;
    const my = y + (sum.y - y) * 0.45;
    svg.append(node("text", { x: mx, y: my - 10, class: "edge-label", "text-anchor": "middle" }, `w=${fmt(w, 2)}`));
    svg.append(node("circle", { cx: inX, cy: y, r: 30, class: "unit input" }));
    svg.append(node("text", { x: inX, y: y + 7, class: "unit-value", "text-anchor": "middle" }, fmt(x, 2)));
    svg.append(node("text", { x: inX - 40, y: y + 6, class: "unit-label", "text-anchor": "end" }, labels[i]));
  });
  // bias
  svg.append(node("line", { x1: sum.x, y1: 40, x2: sum.x, y2: sum.y - 36, class: `edge ${bias < 0 ? "neg" : "pos"}`,
    "stroke-width": edgeWidth(bias, EDGE) }));
  svg.append(node("text", { x: sum.x, y: 30, class: "edge-label", "text-anchor": "middle" }, `b=${fmt(bias, 2)}`));
  // sum node
  svg.append(node("circle", { cx: sum.x, cy: sum.y, r: 36, class: "unit sum" }));
  svg.append(node("text", { x: sum.x, y: sum.y + 10, class: "unit-symbol", "text-anchor": "middle" }, "Σ"));
  svg.append(node("text", { x: sum.x, y: sum.y + 66, class: "unit-caption", "text-anchor": "middle" },
    `z = ${fmt(z, 2)}`));
  // activation
  svg.append(node("line", { x1: sum.x + 36, y1: sum.y, x2: act.x - 46, y2: act.y, class: "edge plain" }));
  svg.append(node("rect", { x: act.x - 46, y: act.y - 30, width: 92, height: 60, rx: 10, class: "unit act" }));
  svg.append(node("text", { x: act.x, y: act.y + 8, class: "unit-fn", "text-anchor": "middle" }, activation));
  // output
  svg.append(node("line", { x1: act.x + 46, y1: act.y, x2: out.x - 30, y2: out.y, class: "edge plain" }));
  svg.append(node("circle", { cx: out.x, cy: out.y, r: 30, class: "unit output" }));
  svg.append(node("text", { x: out.x, y: out.y + 7, class: "unit-value", "text-anchor": "middle" }, fmt(output, 2)));
  svg.append(node("text", { x: out.x, y: out.y + 62, class: "unit-caption", "text-anchor": "middle" }, "output"));
}
