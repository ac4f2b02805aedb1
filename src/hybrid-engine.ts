/**
 * The event-driven loop shared by every hybrid (mode-switching) model: integrate the smooth field
 * of the current mode with Dormand–Prince 5(4), watch the mode's event functions on the dense
 * output, stop exactly at the first event, let the model choose the next mode, restart.
 *
 *     mode fixed:  dx/dt = F_mode(t, x)          (smooth: the ODE method never sees a jump)
 *     event:       g_mode,i(t, x(t)) = 0         (g > 0 inside the mode)
 *
 * Events are bracketed by sampling the interpolant (`samples` sub-intervals per step, so that two
 * crossings inside one step are caught) and located to ~4·eps in time on the dense output
 * (Shampine & Thompson 2000; see `event-location.ts`). An event function that is zero when a mode
 * starts (the surface just left, the same event at the same time) is *dormant*: it is armed only
 * once it has become clearly positive, so the same event cannot fire twice at one time; a dormant
 * function that goes clearly negative (an inconsistent mode) fires too. Budgets: events
 * (`maxEvents`), event storms (Zeno-like accumulation: `zenoEvents` events within a relative time
 * window `zenoSpan`), step-size underflow; `solve()` adds steps and wall time. The design follows
 * Piiroinen & Kuznetsov, "An event-driven method to simulate Filippov systems with accurate
 * computing of sliding motions", ACM TOMS 34(3), 2008, with the DOPRI5 dense output of Hairer,
 * Nørsett & Wanner (1993, §II.6).
 */
import { InputError } from "./errors.ts";
import { Dopri5, validateTolerances, type OdeRhs } from "./dopri5.ts";
import { DenseHistory, locateRoot, type RootBracket } from "./event-location.ts";
import type { CommonOptions, Integrator, StepOutcome } from "./solver.ts";
import { Recorder, emptyStats, type Solution, type Stats, type Status, type SwitchEvent } from "./solution.ts";

/** A failure reported by a model during a run. */
export interface HybridFailure {
  status: Status;
  message: string;
}

/** What the engine needs from a mode-switching model (the network inclusion, a switched system). */
export interface HybridSystem {
  /** State dimension. */
  readonly n: number;
  /** Length of the selection vector saved with each sample (activation values, or the Filippov weight). */
  readonly k: number;
  /** Number of event functions (fixed; unused ones return +∞). */
  readonly nEvents: number;
  /** The smooth field of the current mode. */
  readonly field: OdeRhs;
  /** Event functions of the current mode at (t, x), written into g; each is > 0 while the mode holds. */
  events(t: number, x: Float64Array, g: Float64Array): void;
  /** Per-event magnitude below which a value counts as zero (rounding level), for dormant events. */
  readonly armTol: Float64Array;
  /**
   * Chooses the new mode at an event (or at t0 when `fired` is empty); may project x onto the
   * surfaces of the new mode. Appends the switches to `log` and counts them in `stats`.
   * @returns null, or the failure that ends the run (repulsive sliding, relay failure, ...).
   */
  switchMode(t: number, x: Float64Array, fired: readonly number[], log: SwitchEvent[], stats: Stats): HybridFailure | null;
  /**
   * Called on an event storm (Zeno-like accumulation of events of `units`): the model may resolve it
   * (e.g. by entering sliding on the intersection of their surfaces when it is attractive) and return
   * null, or return the failure that ends the run. Absent: the run ends with status `zeno`.
   */
  accumulation?(t: number, x: Float64Array, units: readonly number[], log: SwitchEvent[], stats: Stats): HybridFailure | null;
  /** Called after each accepted step without an event (e.g. to project onto the sliding surfaces). */
  afterStep?(t: number, x: Float64Array): void;
  /** The selection values of the current mode at (t, x). */
  selection(t: number, x: Float64Array, s: Float64Array): void;
  /** Whether the current mode slides on at least one surface. */
  sliding(): boolean;
}

/** Options of the event-driven engine. */
export interface HybridOptions extends CommonOptions {
  /** Relative tolerance of DOPRI5 (default 1e-8). */
  rtol?: number;
  /** Absolute tolerance of DOPRI5 (default 1e-10). */
  atol?: number;
  /** Largest step (default tEnd − t0). */
  hMax?: number;
  /** Largest number of events (default 1e5); status `max-events` beyond. */
  maxEvents?: number;
  /** Sub-intervals per step on which the interpolant is sampled to catch double crossings (default 4). */
  samples?: number;
  /** Event storm: this many events (default 200) ... */
  zenoEvents?: number;
  /** ... within zenoSpan·max(1, |t|) of model time (default 1e-9) end the run with status `zeno`. */
  zenoSpan?: number;
  /** Observer of every accepted step [t0, t1] and the mode it used (for tests and animations). */
  onStep?: (t0: number, t1: number) => void;
}

/** Validated numeric options of the engine. */
interface EngineSettings {
  rtol: number;
  atol: number;
  hMax: number;
  maxEvents: number;
  samples: number;
  zenoEvents: number;
  zenoSpan: number;
  saveEvery: number;
}

/**
 * Validates engine options before any work.
 * @throws InputError naming the option and its value.
 */
export function hybridSettings(o: HybridOptions, span: number): EngineSettings {
  const rtol = o.rtol ?? 1e-8;
  const atol = o.atol ?? 1e-10;
  validateTolerances(rtol, atol);
  const hMax = o.hMax ?? span;
  if (!(hMax > 0)) throw new InputError(`invalid argument: \`hMax\` must be positive, got ${hMax}`);
  const maxEvents = o.maxEvents ?? 1e5;
  if (!(maxEvents >= 1)) throw new InputError(`invalid argument: \`maxEvents\` must be at least 1, got ${maxEvents}`);
  const samples = o.samples ?? 4;
  if (!(Number.isInteger(samples) && samples >= 1 && samples <= 64)) throw new InputError(`invalid argument: \`samples\` must be an integer in [1, 64], got ${samples}`);
  const zenoEvents = o.zenoEvents ?? 200;
  if (!(Number.isInteger(zenoEvents) && zenoEvents >= 2)) throw new InputError(`invalid argument: \`zenoEvents\` must be an integer ≥ 2, got ${zenoEvents}`);
  const zenoSpan = o.zenoSpan ?? 1e-9;
  if (!(zenoSpan >= 0)) throw new InputError(`invalid argument: \`zenoSpan\` must be non-negative, got ${zenoSpan}`);
  const saveEvery = o.saveEvery ?? 1;
  if (!(Number.isInteger(saveEvery) && saveEvery >= 1)) throw new InputError(`invalid argument: \`saveEvery\` must be a positive integer, got ${saveEvery}`);
  return { rtol, atol, hMax, maxEvents, samples, zenoEvents, zenoSpan, saveEvery };
}

/**
 * A running event-driven integration of a {@link HybridSystem} (one `step()` = one accepted DOPRI
 * step, cut at the first event when there is one).
 */
export class HybridIntegrator implements Integrator {
  t: number;
  readonly x: Float64Array;
  readonly stats: Stats = emptyStats();
  readonly events: SwitchEvent[] = [];
  private readonly dp: Dopri5;
  private readonly cfg: EngineSettings;
  private readonly history: DenseHistory;
  private readonly recorder: Recorder;
  private readonly s: Float64Array;
  private readonly g0: Float64Array;
  private readonly g1: Float64Array;
  private readonly gs: Float64Array;
  private readonly gPrev: Float64Array;
  private readonly armed: Uint8Array;
  private readonly xs: Float64Array;
  private readonly cand: number[] = [];
  private readonly fired: number[] = [];
  private readonly bracket: RootBracket = { left: 0, right: 0, evals: 0 };
  private readonly ring: Float64Array;
  private readonly ringUnits: Int32Array;
  private ringPos = 0;
  private hNext: number;
  private finished: HybridFailure | null = null;
  private accepted = 0;
  private readonly startMs = performance.now();
  private readonly onStep?: (t0: number, t1: number) => void;

  constructor(readonly solverName: string, readonly sys: HybridSystem, x0: Float64Array, readonly t0: number, readonly tEnd: number, options: HybridOptions) {
    this.cfg = hybridSettings(options, tEnd - t0);
    this.onStep = options.onStep;
    const n = sys.n;
    this.t = t0;
    this.x = Float64Array.from(x0);
    this.dp = new Dopri5(n, { rtol: this.cfg.rtol, atol: this.cfg.atol });
    this.history = new DenseHistory(n);
    this.recorder = new Recorder(n, sys.k);
    this.s = new Float64Array(sys.k);
    const ne = sys.nEvents;
    this.g0 = new Float64Array(ne);
    this.g1 = new Float64Array(ne);
    this.gs = new Float64Array(ne);
    this.gPrev = new Float64Array(ne);
    this.armed = new Uint8Array(ne);
    this.xs = new Float64Array(n);
    this.ring = new Float64Array(this.cfg.zenoEvents).fill(-Infinity);
    this.ringUnits = new Int32Array(this.cfg.zenoEvents).fill(-1);
    // initial mode (a relay problem for units starting on their surfaces)
    this.finished = sys.switchMode(t0, this.x, [], this.events, this.stats);
    this.restart();
    this.hNext = this.finished ? 0 : this.dp.initialStep(sys.field, Math.min(this.cfg.hMax, tEnd - t0));
    this.sample();
  }

  private restart(): void {
    const sys = this.sys;
    this.dp.start(sys.field, this.t, this.x);
    sys.events(this.t, this.x, this.g0);
    for (let i = 0; i < sys.nEvents; i++) this.armed[i] = this.g0[i] > sys.armTol[i] ? 1 : 0;
  }

  private sample(): void {
    this.sys.selection(this.t, this.x, this.s);
    this.recorder.push(this.t, this.x, this.s);
  }

  /** Event values on the interpolant at time tt, into `g` (state into `xs`). */
  private eventsAt(tt: number, g: Float64Array): void {
    this.dp.dense(tt, this.xs);
    this.sys.events(tt, this.xs, g);
  }

  step(): StepOutcome {
    if (this.finished) return { done: true, ...this.finished };
    if (this.t >= this.tEnd) return { done: true, status: "success", message: "reached tEnd" };
    const { dp, sys, cfg, stats } = this;
    const rest = this.tEnd - this.t;
    let h = Math.min(this.hNext, cfg.hMax, rest);
    if (rest - h <= 1e-12 * rest) h = rest;
    let err: number;
    for (let rejections = 0; ; rejections++) {
      err = dp.attempt(sys.field, h);
      stats.steps++;
      if (err <= 1) break;
      stats.rejected++;
      h = dp.proposeAfterReject(err);
      if (!(h >= 16 * Number.EPSILON * Math.max(1, Math.abs(this.t))) || rejections > 200) {
        stats.fEvals = dp.fevals;
        const why = Number.isFinite(err) ? "" : " (the field returned NaN or ∞)";
        return this.stop(Number.isFinite(err) ? "step-size-underflow" : "diverged", `step size underflow at t = ${this.t}${why}`);
      }
    }
    const hProp = dp.proposeAfterAccept(err);
    const t1 = this.t + h;
    dp.prepareDense();
    sys.events(t1, dp.y1, this.g1);
    // scan the step in `samples` sub-intervals for the first sign change
    const ne = sys.nEvents;
    const gPrev = this.gPrev;
    gPrev.set(this.g0);
    let ta = this.t;
    let eventFound = false;
    for (let j = 1; j <= cfg.samples && !eventFound; j++) {
      const tb = j === cfg.samples ? t1 : this.t + (h * j) / cfg.samples;
      const gb = j === cfg.samples ? this.g1 : this.gs;
      if (j < cfg.samples) this.eventsAt(tb, gb);
      this.cand.length = 0;
      for (let i = 0; i < ne; i++) {
        const v = gb[i];
        if (Number.isNaN(v)) return this.stop("diverged", `event function ${i} is NaN at t = ${tb} (the surface function or field returned NaN)`);
        if (this.armed[i] ? gPrev[i] > 0 && v <= 0 : v < -sys.armTol[i]) this.cand.push(i);
      }
      if (this.cand.length > 0) {
        eventFound = true;
        return this.handleEvent(ta, tb, gb, h, hProp);
      }
      for (let i = 0; i < ne; i++) if (!this.armed[i] && gb[i] > sys.armTol[i]) this.armed[i] = 1;
      gPrev.set(gb);
      ta = tb;
    }
    // no event: accept the whole step
    this.history.push(this.t, h, t1, dp.cont);
    dp.accept();
    this.x.set(dp.y);
    if (sys.afterStep) {
      sys.afterStep(t1, this.x);
      dp.y.set(this.x);
    }
    if (sys.sliding()) stats.slidingTime += h;
    this.onStep?.(this.t, t1);
    this.t = t1;
    this.g0.set(this.g1);
    this.hNext = hProp;
    stats.accepted++;
    stats.fEvals = dp.fevals;
    this.accepted++;
    if (this.accepted % cfg.saveEvery === 0 || t1 >= this.tEnd) this.sample();
    if (t1 >= this.tEnd) return { done: true, status: "success", message: "reached tEnd" };
    return { done: false };
  }

  /** Locates the earliest root in [ta, tb], moves there, switches mode and restarts. */
  private handleEvent(ta: number, tb: number, gb: Float64Array, h: number, hProp: number): StepOutcome {
    const { sys, stats, dp, cfg } = this;
    let te = tb;
    for (const i of this.cand) {
      const offset = this.armed[i] ? 0 : sys.armTol[i];
      const ga = this.gPrev[i] + offset;
      if (!(ga > 0)) {
        te = Math.min(te, ta);
        continue;
      }
      const gi = (tt: number) => {
        this.eventsAt(tt, this.gs);
        return this.gs[i] + offset;
      };
      const br = locateRoot(gi, ta, Math.min(tb, te), ga, gb[i] + offset, 4 * Number.EPSILON, this.bracket);
      if (br.right < te) te = br.right;
    }
    // every candidate that has crossed by te fired (simultaneous events)
    this.eventsAt(te, this.gs);
    this.fired.length = 0;
    for (const i of this.cand) {
      const offset = this.armed[i] ? 0 : sys.armTol[i];
      if (this.gs[i] + offset <= 0 || te === ta) this.fired.push(i);
    }
    if (this.fired.length === 0) this.fired.push(this.cand[0]);
    dp.dense(te, this.x);
    this.history.push(this.t, h, te, dp.cont);
    if (sys.sliding()) stats.slidingTime += te - this.t;
    this.onStep?.(this.t, te);
    this.t = te;
    stats.accepted++;
    this.accepted++;
    const before = this.events.length;
    const failure = sys.switchMode(te, this.x, this.fired, this.events, stats);
    stats.fEvals = dp.fevals;
    if (failure) return this.stop(failure.status, failure.message);
    // event storm / budget
    for (let e = before; e < this.events.length; e++) {
      this.ring[this.ringPos] = te;
      this.ringUnits[this.ringPos] = this.events[e].unit;
      this.ringPos = (this.ringPos + 1) % this.ring.length;
    }
    const oldest = this.ring[this.ringPos];
    if (te - oldest <= cfg.zenoSpan * Math.max(1, Math.abs(te))) {
      const units = [...new Set(Array.from(this.ringUnits).filter((u) => u >= 0))].sort((a, b) => a - b);
      const resolved = sys.accumulation ? sys.accumulation(te, this.x, units, this.events, stats) : { status: "zeno" as const, message: "" };
      if (resolved === null) {
        this.ring.fill(-Infinity);
        this.ringUnits.fill(-1);
        this.restart();
        this.hNext = Math.max(Math.min(h, hProp), 16 * Number.EPSILON * Math.max(1, Math.abs(te)));
        this.sample();
        return { done: false };
      }
      if (resolved.message) return this.stop(resolved.status, resolved.message);
      return this.stop("zeno", `Zeno-like accumulation: ${cfg.zenoEvents} events within ${te - oldest} time units before t = ${te}; the events accumulate (use implicit-euler, or raise zenoEvents/zenoSpan)`);
    }
    if (stats.events >= cfg.maxEvents) {
      return this.stop("max-events", `stopped after ${stats.events} events (maxEvents) at t = ${te} < tEnd = ${this.tEnd}`);
    }
    this.restart();
    this.hNext = Math.max(Math.min(h, hProp), 16 * Number.EPSILON * Math.max(1, Math.abs(te)));
    this.sample();
    return { done: false };
  }

  private stop(status: Status, message: string): StepOutcome {
    this.finished = { status, message };
    return { done: true, status, message };
  }

  /** Dense output of the run so far (right-hand limit at events). */
  dense(t: number, out: Float64Array): Float64Array {
    if (this.history.length === 0) {
      out.set(this.x);
      return out;
    }
    return this.history.evaluate(t, out);
  }

  finalize(status: Status = "stopped", message = "stopped by the caller"): Solution {
    if (this.recorder.lastTime() !== this.t) this.sample();
    this.stats.fEvals = this.dp.fevals;
    this.stats.wallSeconds = (performance.now() - this.startMs) / 1000;
    const { t, x, s } = this.recorder.arrays();
    const history = this.history;
    const xEnd = Float64Array.from(this.x);
    const tFinal = this.t;
    const n = this.sys.n;
    return {
      solver: this.solverName,
      n,
      k: this.sys.k,
      t,
      x,
      s,
      events: this.events,
      stats: this.stats,
      status,
      message,
      tFinal,
      xFinal: xEnd,
      dense: (tt: number, out: Float64Array) => {
        if (history.length === 0 || tt >= tFinal) {
          out.set(xEnd.subarray(0, n));
          return out;
        }
        return history.evaluate(tt, out);
      },
    };
  }
}
