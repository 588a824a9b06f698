// Request coalescing: at most one request in flight per kind; while one runs, later requests
// replace each other (only the newest waits), and results of an invalidated generation are dropped.

export class Channel {
  constructor(run, onResult, onError) {
    this.run = run; // async (arg) => result
    this.onResult = onResult; // (result, arg) => void
    this.onError = onError || ((e) => console.warn(e));
    this.busy = false;
    this.pending = undefined;
    this.hasPending = false;
    this.gen = 0;
    this.waiters = [];
  }

  send(arg) {
    if (this.busy) {
      this.pending = arg;
      this.hasPending = true;
      return;
    }
    this._start(arg);
  }

  // Forget whatever is in flight or waiting (e.g. the network shape changed).
  invalidate() {
    this.gen++;
    this.pending = undefined;
    this.hasPending = false;
  }

  get idle() {
    return !this.busy && !this.hasPending;
  }

  // Resolves once nothing is in flight or waiting.
  whenIdle() {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async _start(arg) {
    this.busy = true;
    const gen = this.gen;
    let result;
    let error = null;
    try {
      result = await this.run(arg);
    } catch (e) {
      error = e;
    }
    this.busy = false;
    // Start the newest waiting request before painting this result: the two overlap.
    if (this.hasPending) {
      const next = this.pending;
      this.pending = undefined;
      this.hasPending = false;
      this._start(next);
    }
    if (gen === this.gen) {
      try {
        if (error) {
          if (error.name !== "AbortError") this.onError(error, arg);
        } else {
          this.onResult(result, arg);
        }
      } catch (e) {
        console.error(e);
      }
    }
    if (this.idle) {
      const w = this.waiters;
      this.waiters = [];
      w.forEach((r) => r());
    }
  }
}
