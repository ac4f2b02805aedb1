/**
 * The result of a simulation: trajectory, activation values (the Filippov selection), event log,
 * statistics and a status. Numerical trouble is a status here; bad input is an error thrown before
 * any work.
 */

/** Every way a run can end. Only `success` means the final time was reached. */
export type Status =
  | "success"
  | "max-steps"
  | "max-wall-time"
  | "max-events"
  | "zeno"
  | "relay-failure"
  | "repulsive-sliding"
  | "step-size-underflow"
  | "diverged"
  | "stopped";

/** What happened at a switching event. */
export type EventKind = "cross" | "enter-sliding" | "leave-sliding";

/** One switching event of one activation unit. */
export interface SwitchEvent {
  /** Time of the event (for time-stepping schemes: the end of the step in which it happened). */
  t: number;
  /** Index of the activation unit. */
  unit: number;
  kind: EventKind;
  /** Piece index before and after (see `LawSet.piece`). */
  from: number;
  to: number;
}

/** Work counters of a run. */
export interface Stats {
  steps: number;
  accepted: number;
  rejected: number;
  fEvals: number;
  relaySolves: number;
  relayIterations: number;
  switches: number;
  /** Model time during which at least one unit was sliding on its switching surface. */
  slidingTime: number;
  events: number;
  wallSeconds: number;
}

/** Dense output: the state at time t (right-hand limit at events), written into `out`. */
export type DenseOutput = (t: number, out: Float64Array) => Float64Array;

/** The result of a run. */
export interface Solution {
  solver: string;
  n: number;
  k: number;
  /** Saved times (length nt). */
  t: Float64Array;
  /** Saved states, row-major nt×n. */
  x: Float64Array;
  /** Saved activation values s ∈ Law(y) (the Filippov selection), row-major nt×k. */
  s: Float64Array;
  events: SwitchEvent[];
  stats: Stats;
  status: Status;
  message: string;
  /** Final time reached and final state (right-hand limit). */
  tFinal: number;
  xFinal: Float64Array;
  dense?: DenseOutput;
}

/** Fresh zeroed statistics. */
export function emptyStats(): Stats {
  return { steps: 0, accepted: 0, rejected: 0, fEvals: 0, relaySolves: 0, relayIterations: 0, switches: 0, slidingTime: 0, events: 0, wallSeconds: 0 };
}

/** Number of saved points of a solution. */
export function savedCount(sol: Solution): number {
  return sol.t.length;
}

/** Component i of the saved states as a new array (for plotting). */
export function component(sol: Solution, i: number): Float64Array {
  const nt = sol.t.length;
  const out = new Float64Array(nt);
  for (let r = 0; r < nt; r++) out[r] = sol.x[r * sol.n + i];
  return out;
}

/**
 * Growable storage for (t, x, s) samples: amortised O(1) appends, no per-step allocation once the
 * buffers are large enough.
 */
export class Recorder {
  private tBuf: Float64Array;
  private xBuf: Float64Array;
  private sBuf: Float64Array;
  private count = 0;

  constructor(readonly n: number, readonly k: number, capacity = 256) {
    this.tBuf = new Float64Array(capacity);
    this.xBuf = new Float64Array(capacity * n);
    this.sBuf = new Float64Array(capacity * k);
  }

  /** Appends one sample. */
  push(t: number, x: Float64Array, s: Float64Array): void {
    if (this.count === this.tBuf.length) this.grow();
    this.tBuf[this.count] = t;
    this.xBuf.set(x.subarray(0, this.n), this.count * this.n);
    this.sBuf.set(s.subarray(0, this.k), this.count * this.k);
    this.count++;
  }

  /** Time of the last sample (NaN if none). */
  lastTime(): number {
    return this.count > 0 ? this.tBuf[this.count - 1] : NaN;
  }

  /** Number of samples. */
  get length(): number {
    return this.count;
  }

  private grow(): void {
    const cap = this.tBuf.length * 2;
    const t = new Float64Array(cap);
    t.set(this.tBuf);
    const x = new Float64Array(cap * this.n);
    x.set(this.xBuf);
    const s = new Float64Array(cap * this.k);
    s.set(this.sBuf);
    this.tBuf = t;
    this.xBuf = x;
    this.sBuf = s;
  }

  /** Trimmed copies of the samples. */
  arrays(): { t: Float64Array; x: Float64Array; s: Float64Array } {
    return {
      t: this.tBuf.slice(0, this.count),
      x: this.xBuf.slice(0, this.count * this.n),
      s: this.sBuf.slice(0, this.count * this.k),
    };
  }
}
