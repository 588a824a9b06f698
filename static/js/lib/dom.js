// DOM helpers shared by every page.

export const $ = (id) => document.getElementById(id);

const SVGNS = "http://www.w3.org/2000/svg";

function apply(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.setAttribute("class", v);
    else if (k === "text") node.textContent = v;
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v === true ? "" : v);
  }
  return node;
}

// An HTML element: el("button", {class: "btn", "data-testid": "x", text: "Go"}, child, ...).
export function el(tag, attrs = {}, ...children) {
  const node = apply(document.createElement(tag), attrs);
  for (const c of children) node.append(c);
  return node;
}

// An SVG element: svg("circle", {cx: 1, cy: 2, r: 3}), optional text content.
export function svg(tag, attrs = {}, text) {
  const node = apply(document.createElementNS(SVGNS, tag), attrs);
  if (text !== undefined) node.textContent = text;
  return node;
}

// Set a text only when it changed (no layout work for an unchanged value).
export function setText(node, text) {
  if (node && node.textContent !== text) node.textContent = text;
}

// Set an attribute only when it changed.
export function setAttr(node, name, value) {
  const v = String(value);
  if (node && node.getAttribute(name) !== v) node.setAttribute(name, v);
}

// Resolves just after the browser has painted the current DOM (the frame after a rAF callback).
export function nextPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

// Save a blob as a file (an export): a temporary link, clicked, then let go.
export function downloadBlob(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}
