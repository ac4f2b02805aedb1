/**
 * Event-driven simulation of a {@link SwitchedSystem} (one smooth surface h(x) = 0, fields f⁻/f⁺):
 * the Piiroinen–Kuznetsov method (ACM TOMS 34(3), 2008) on the shared DOPRI5/event engine.
 *
 * Modes: below (f⁻), above (f⁺), sliding (f_s = (1−α)f⁻ + αf⁺, α = σ⁻/(σ⁻ − σ⁺), σ± = ∇h·f±).
 * Events: h = 0 in the region modes; σ⁻ = 0 or σ⁺ = 0 (α reaching 0 or 1) in the sliding mode. At
 * h = 0 the signs of σ± pick crossing, sliding, or — for σ⁻ < 0 < σ⁺ — status `repulsive-sliding`.
 * While sliding, the state is projected back onto h = 0 after every step (a Newton step along ∇h),
 * which replaces PK's drift term −C·h·∇h. The event log uses pieces 0 (h < 0), 1 (on Σ), 2 (h > 0).
 */
import { InputError } from "./errors.ts";
import { HybridIntegrator, type HybridFailure, type HybridOptions, type HybridSystem } from "./hybrid-engine.ts";
import type { OdeRhs } from "./dopri5.ts";
import { checkSwitchedAt, type SwitchedSystem } from "./model/switched-system.ts";
import type { Solution, Stats, SwitchEvent } from "./solution.ts";
import { eventKind } from "./switching.ts";

/** Options of {@link simulateSwitched}. */
export interface SwitchedOptions extends HybridOptions {
  /** |h(x0)| below which x0 counts as on the surface (default: atol). */
  surfaceTol?: number;
}

/** The mode logic of a switched system (see the module comment). */
export class SwitchedHybrid implements HybridSystem {
  readonly n: number;
  readonly k = 1;
  readonly nEvents = 2;
  readonly armTol = new Float64Array(2);
  /** −1 below, 0 sliding, +1 above. */
  mode = -1;
  readonly field: OdeRhs;
  private readonly fm: Float64Array;
  private readonly fp: Float64Array;
  private readonly grad: Float64Array;
  private alpha = 0;
  private sigM = 0;
  private sigP = 0;
  private hScale = 1;
  private started = false;

  constructor(readonly sys: SwitchedSystem, private readonly surfaceTol: number) {
    const n = sys.n;
    this.n = n;
    this.fm = new Float64Array(n);
    this.fp = new Float64Array(n);
    this.grad = new Float64Array(n);
    this.field = (t, x, out) => {
      if (this.mode < 0) sys.fMinus(t, x, out);
      else if (this.mode > 0) sys.fPlus(t, x, out);
      else this.slidingField(t, x, out);
    };
  }

  /** σ⁻, σ⁺ and α at (t, x); fm, fp hold f⁻, f⁺. */
  private sigmas(t: number, x: Float64Array): void {
    const { sys, fm, fp, grad, n } = this;
    sys.fMinus(t, x, fm);
    sys.fPlus(t, x, fp);
    sys.gradH(x, grad);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      a += grad[i] * fm[i];
      b += grad[i] * fp[i];
    }
    this.sigM = a;
    this.sigP = b;
    this.alpha = a / (a - b);
  }

  private slidingField(t: number, x: Float64Array, out: Float64Array): void {
    this.sigmas(t, x);
    const al = this.alpha;
    for (let i = 0; i < this.n; i++) out[i] = (1 - al) * this.fm[i] + al * this.fp[i];
  }

  events(t: number, x: Float64Array, g: Float64Array): void {
    if (this.mode === 0) {
      this.sigmas(t, x);
      g[0] = this.sigM;
      g[1] = -this.sigP;
    } else {
      const hv = this.sys.h(x);
      g[0] = this.mode < 0 ? -hv : hv;
      g[1] = Number.isNaN(hv) ? NaN : Infinity;
    }
  }

  sliding(): boolean {
    return this.mode === 0;
  }

  selection(t: number, x: Float64Array, s: Float64Array): void {
    if (this.mode === 0) {
      this.sigmas(t, x);
      s[0] = this.alpha;
    } else s[0] = this.mode < 0 ? 0 : 1;
  }

  /** Newton projection onto h = 0 along ∇h (a few steps). */
  private project(x: Float64Array): void {
    const { sys, grad, n } = this;
    for (let it = 0; it < 3; it++) {
      const hv = sys.h(x);
      if (hv === 0) return;
      sys.gradH(x, grad);
      let g2 = 0;
      for (let i = 0; i < n; i++) g2 += grad[i] * grad[i];
      if (!(g2 > 0)) return;
      for (let i = 0; i < n; i++) x[i] -= (hv * grad[i]) / g2;
    }
  }

  afterStep(_t: number, x: Float64Array): void {
    if (this.mode === 0) this.project(x);
  }

  switchMode(t: number, x: Float64Array, fired: readonly number[], log: SwitchEvent[], stats: Stats): HybridFailure | null {
    const old = this.mode;
    let onSurface: boolean;
    if (!this.started) {
      const hv = this.sys.h(x);
      this.hScale = Math.max(1, Math.abs(hv));
      onSurface = Math.abs(hv) <= this.surfaceTol;
      if (!onSurface) this.mode = hv < 0 ? -1 : 1;
    } else onSurface = true;
    if (onSurface) {
      this.project(x);
      this.sigmas(t, x);
      const sm = this.sigM;
      const sp = this.sigP;
      if (!Number.isFinite(sm) || !Number.isFinite(sp)) return { status: "diverged", message: `∇h·f± is not finite at t = ${t}` };
      const tol = 1e-9 * (Math.abs(sm) + Math.abs(sp)) + 1e-300;
      const exit = old === 0 && fired.length > 0 ? (fired.includes(0) ? -1 : 1) : 0;
      if (exit !== 0) this.mode = exit;
      else if (sm > tol && sp > tol) this.mode = 1;
      else if (sm < -tol && sp < -tol) this.mode = -1;
      else if (sm > tol && sp < -tol) this.mode = 0;
      else if (sm < -tol && sp > tol) {
        return { status: "repulsive-sliding", message: `repulsive switching surface at t = ${t}: ∇h·f⁻ = ${sm} < 0 < ∇h·f⁺ = ${sp}, forward solutions are not unique` };
      } else if (sm > tol) this.mode = 1; // σ⁺ ≈ 0: f⁺ tangent
      else if (sp < -tol) this.mode = -1; // σ⁻ ≈ 0: f⁻ tangent
      else return { status: "relay-failure", message: `both fields are tangent to the surface at t = ${t} (∇h·f⁻ = ${sm}, ∇h·f⁺ = ${sp}); the mode is undetermined` };
      stats.relaySolves++;
    }
    if (this.mode === 0) {
      this.armTol[0] = this.armTol[1] = 1e3 * Number.EPSILON * (1 + Math.abs(this.sigM) + Math.abs(this.sigP));
    } else {
      this.armTol[0] = 1e3 * Number.EPSILON * this.hScale;
      this.armTol[1] = 0;
    }
    if (this.started && this.mode !== old) {
      log.push({ t, unit: 0, kind: eventKind(old + 1, this.mode + 1), from: old + 1, to: this.mode + 1 });
      stats.switches++;
      stats.events++;
    }
    this.started = true;
    return null;
  }
}

/**
 * Simulates a switched system from x0 on [t0, tEnd] with the event-driven DOPRI5 engine under step
 * (`maxSteps`, default 1e6), wall-time (`maxWallSeconds`, default 600) and event budgets.
 * @returns a Solution whose `s` is α (0 below, 1 above, the Filippov weight while sliding).
 * @throws InputError for bad tolerances, x0 of the wrong length, or h/∇h/f± not finite at x0.
 * @example
 * simulateSwitched(circleExample, Float64Array.of(-1, 0.1), 0, 3).events
 * // [{ t: 0.3415…, kind: "enter-sliding" }, { t: 1.8286…, kind: "leave-sliding" }]
 */
export function simulateSwitched(sys: SwitchedSystem, x0: Float64Array, t0: number, tEnd: number, options: SwitchedOptions = {}): Solution {
  checkSwitchedAt(sys, t0, x0);
  if (!(Number.isFinite(t0) && Number.isFinite(tEnd) && tEnd > t0)) throw new InputError(`invalid argument: \`tEnd\` must be a finite number greater than t0 = ${t0}, got ${tEnd}`);
  const maxSteps = options.maxSteps ?? 1e6;
  const maxWall = options.maxWallSeconds ?? 600;
  if (!(maxSteps >= 1)) throw new InputError(`invalid argument: \`maxSteps\` must be at least 1, got ${maxSteps}`);
  if (!(maxWall > 0)) throw new InputError(`invalid argument: \`maxWallSeconds\` must be positive, got ${maxWall}`);
  const surfaceTol = options.surfaceTol ?? options.atol ?? 1e-10;
  const hybrid = new SwitchedHybrid(sys, surfaceTol);
  const integ = new HybridIntegrator("event-driven", hybrid, x0, t0, tEnd, options);
  const start = performance.now();
  for (let steps = 1; ; steps++) {
    const out = integ.step();
    if (out.done) return integ.finalize(out.status, out.message);
    if (steps >= maxSteps) return integ.finalize("max-steps", `stopped after ${steps} steps (maxSteps) at t = ${integ.t}`);
    if ((steps & 255) === 0 && (performance.now() - start) / 1000 > maxWall) return integ.finalize("max-wall-time", `stopped after ${maxWall} s of wall time at t = ${integ.t}`);
  }
}
