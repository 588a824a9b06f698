// The teacher's menu (not shown in a class link): which controls the class link hides, the link
// itself (short: a preset as it starts, to write on a board; or the exact network), its QR code
// (SVG from the server's /api/qr), copy, and "Preview as a student" (the link in a new tab).

import { $, el } from "../lib/dom.js";
import { HIDEABLE, classLinkHash, encodeState, linkChoices } from "./state.js";

const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;
const QR_MAX = 2000; // the longest link /api/qr encodes

export class TeacherMenu {
  // getState: the store's state; qrUrl(text): the QR image's address; toast(text, kind)
  constructor({ getState, qrUrl, toast }) {
    Object.assign(this, { getState, qrUrl, toast, kind: null, url: "" });
    const menu = $("teacher-menu");
    if (getState().classLink) {
      menu.remove(); // a class link never shows the teacher's menu
      return;
    }
    const opts = $("hide-options");
    for (const [key, label] of Object.entries(HIDEABLE)) {
      opts.append(el("label", { class: "switch" },
        el("input", { type: "checkbox", value: key, "data-testid": `hide-${key}` }), ` ${label}`));
    }
    opts.addEventListener("change", (e) => {
      e.target.dataset.touched = "1";
      this.update();
    });
    $("class-link-kind").addEventListener("change", (e) => {
      this.kind = e.target.value;
      this.update();
    });
    menu.addEventListener("toggle", () => menu.open && this.update());
    $("copy-teacher-link").addEventListener("click", async () => {
      const url = await this.update();
      try {
        await navigator.clipboard.writeText(url);
        this.toast("Class link copied: it hides the chosen controls");
      } catch {
        window.prompt("Copy this class link:", url);
      }
    });
    $("preview-student").addEventListener("click", async () => {
      const url = await this.update();
      window.open(url, "_blank", "noopener");
    });
  }

  hidden() {
    return [...$("hide-options").querySelectorAll("input:checked")].map((i) => i.value);
  }

  // Work out the link for the current state and choices; show it big, with its QR code.
  async update() {
    const s = this.getState();
    const choice = linkChoices(s, s.catalog.presets);
    const kind = choice.kinds.includes(this.kind) ? this.kind : choice.edited ? "exact" : choice.kinds[0];
    const both = choice.kinds.length > 1;
    $("class-link-kind").hidden = !both;
    document.querySelectorAll('#class-link-kind input[name="class-link-kind"]').forEach((r) => (r.checked = r.value === kind));
    const preset = choice.preset && s.catalog.presets.find((p) => p.name === choice.preset);
    const title = preset ? preset.title || preset.name : "";
    $("class-link-short-label").textContent = `Short link: “${title}” as it starts`;
    const base = location.origin + location.pathname + location.search;
    const hash = kind === "short" ? classLinkHash({ preset: choice.preset }, this.hidden()) : classLinkHash({ encoded: await encodeState(s) }, this.hidden());
    const url = base + hash;
    this.url = url;
    const text = $("class-link-text");
    text.textContent = url;
    text.classList.toggle("long", url.length > 120);
    const hints = [];
    hints.push(kind === "short" ? `Opens the preset “${title}” as it starts, with the chosen controls hidden.`
      : "Opens this exact network (weights, epoch, data, settings), with the chosen controls hidden.");
    if (!choice.preset) hints.push("For a short link to write on the board, start from one of the Presets.");
    if (LOCAL.test(location.hostname)) hints.push(`Students cannot open ${location.hostname}: open this page at your computer's network address (such as 192.168.1.23${location.port ? `:${location.port}` : ""}) to make the link.`);
    const qr = $("class-link-qr");
    if (url.length <= QR_MAX) {
      if (qr.dataset.text !== url) {
        qr.dataset.text = url;
        qr.src = this.qrUrl(url);
      }
      qr.hidden = false;
    } else {
      qr.hidden = true;
      hints.push("Too long for a QR code: use the short link, or copy it.");
    }
    $("class-link-hint").textContent = hints.join(" ");
    return url;
  }
}
