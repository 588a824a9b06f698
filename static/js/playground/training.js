// The training loop: one frame = one /api/train round trip (N epochs + the surface + history).
// The next request leaves as soon as a response is in (before painting), so the server works
// while the browser paints; painting happens once per animation frame, newest response only.

import { post } from "../api.js";

export class Trainer {
  constructor({ request, apply, paint, onStop, onError }) {
    this.request = request; // (epochs) => train request body from the current state
    this.apply = apply; // (response) => void: update the state (cheap)
    this.paint = paint; // (response) => void: repaint the page
    this.onStop = onStop; // (reason) => void
    this.onError = onError;
    this.running = false;
    this.inFlight = false;
    this.gen = 0;
    this.latest = null;
    this.rafPending = false;
    this.stats = { frames: 0, epochs: 0, responses: 0, started: 0 };
  }

  play(epochsPerFrame) {
    if (this.running) return;
    this.running = true;
    this.epochsPerFrame = epochsPerFrame;
    this.stats = { frames: 0, epochs: 0, responses: 0, started: performance.now() };
    if (!this.inFlight) this._next();
  }

  pause(reason = "paused") {
    if (!this.running) return;
    this.running = false;
    this.onStop(reason);
  }

  // One epoch, then stop.
  step() {
    if (this.running || this.inFlight) return;
    this._send(1, true);
  }

  // Forget what is in flight (reset, new architecture): its answer will be dropped.
  invalidate() {
    this.gen++;
    this.inFlight = false;
    this.latest = null;
  }

  setEpochsPerFrame(n) {
    this.epochsPerFrame = n;
  }

  whenIdle() {
    return new Promise((resolve) => {
      const check = () => (!this.inFlight && !this.rafPending ? resolve() : setTimeout(check, 5));
      check();
    });
  }

  _next() {
    if (!this.running) return;
    this._send(this.epochsPerFrame, false);
  }

  async _send(epochs, single) {
    const gen = this.gen;
    this.inFlight = true;
    let res;
    try {
      res = await post("/api/train", this.request(epochs));
    } catch (e) {
      if (gen !== this.gen) return;
      this.inFlight = false;
      this.running = false;
      this.onError(e);
      this.onStop("error");
      return;
    }
    if (gen !== this.gen) return;
    this.inFlight = false;
    this.apply(res);
    this.stats.responses++;
    if (res.status === "diverged" || res.status === "budget_exceeded") {
      const was = this.running;
      this.running = false;
      this._schedulePaint(res);
      if (was || single) this.onStop(res.status, res.message);
      return;
    }
    if (this.running) this._next();
    this._schedulePaint(res);
  }

  _schedulePaint(res) {
    if (this.latest) this.latest.epochsSkipped = (this.latest.epochsSkipped || 0) + 1;
    this.latest = res;
    if (this.rafPending) return;
    this.rafPending = true;
    requestAnimationFrame(() => {
      this.rafPending = false;
      const r = this.latest;
      this.latest = null;
      if (!r) return;
      this.stats.frames++;
      this.stats.lastEpoch = r.epoch;
      try {
        this.paint(r);
      } catch (e) {
        console.error(e);
      }
    });
  }
}
