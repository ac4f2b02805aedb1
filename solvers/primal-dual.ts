/**
 * `primal-dual`: implicit-Euler time stepping of gradient-structured inclusions, each step solved by
 * warm-started Chambolle–Pock (Condat–Vũ) primal–dual iterations; matrix-free, for large networks.
 *
 * Scope: inclusions dx/dt ∈ −Bx + u + G s, s ∈ Law(Cx − d) whose feedback is the transposed input
 * weights, G = −Cᵀ·diag(w) with w ≥ 0, B symmetric positive semidefinite (or absent), u constant and
 * no extra smooth term g. Then the right-hand side is −∂Φ with the energy
 *
 *     Φ(x) = ½ xᵀBx − uᵀx + Σ_i w_i ψ_i(C_i x − d_i)   (+ the indicator of a box lo ≤ x ≤ hi, optional),
 *
 * ψ_i the convex potential of Law_i (|y| for sign), so the network is a Filippov gradient flow
 * dx/dt ∈ −∂Φ(x) (for the L1 image network of Ferreira, Kaszkurewicz & Bhaya, IJCNN 2008 —
 * formulation reconstructed — Φ is the restoration energy). Explicit Euler on this flow is a
 * subgradient method that chatters at O(h).
 *
 * The scheme: one implicit-Euler step x_{k+1} = x_k + h(−Bx_{k+1} + u + G s), s ∈ Law(Cx_{k+1} − d)
 * is exactly the proximal step x_{k+1} = argmin Φ(x) + ‖x − x_k‖²/(2h), whose dual variables are
 * the activation values: p = w⊙s with s ∈ Law (for sign, the multipliers in [−1, 1]). It is solved by
 * inner primal–dual iterations (Chambolle & Pock, JMIV 40(1), 2011; with B ≠ 0 the Condat–Vũ form,
 * Condat, JOTA 158(2), 2013), warm-started from the previous step's x and p:
 *
 *     x̃ = clip_box( (x − τ(Bx − u + Cᵀp) + (τ/h) x_k) / (1 + τ/h) )
 *     p_i ← w_i · s_i,  s_i ∈ Law_i(r_i − m_i s_i),  r_i = z_i/σ, m_i = w_i/σ,  z = p + σ(C(2x̃ − x) − d)
 *     x ← x̃
 *
 * with σ = 1/(ρ‖C‖), τ = 0.99/(‖B‖/2 + σ‖C‖²) (norms by power iteration, 5 % margin), ρ the
 * step ratio. The step h grows geometrically (h ← min(γh, hMax)) as the state settles, so late steps
 * are plain Chambolle–Pock iterations on Φ: the run converges to a minimiser of Φ (an equilibrium of
 * the network) instead of chattering. Stopping: when for three consecutive steps the relative energy
 * change is ≤ `tol` and the relative state change is ≤ `tol`·10, the state is stationary; the run then
 * ends with status `success` at tEnd (the equilibrium persists) and says when it was reached.
 *
 * The energy Φ(x_k) at every step is recorded in `energy` / `energyTimes` of the solution.
 *
 * Fast paths (same values): with sign laws only, an operator C that offers the optional fused kernels
 * of {@link LinearOperator} does C x̄, the dual clip and Cᵀp in one pass (`applyClippedAscent`) and
 * the energy without forming Cx (`weightedAbsResidual`); without B and u the primal update reads
 * neither.
 */
import { InputError } from "../src/errors.ts";
import type { Inclusion } from "../src/model/inclusion.ts";
import type { LinearOperator } from "../src/model/operator.ts";
import type { CommonOptions, Integrator, SimulationProblem, Solver, StepOutcome } from "../src/solver.ts";
import { validateProblem } from "../src/solver.ts";
import { Recorder, emptyStats, type Solution, type Stats, type Status } from "../src/solution.ts";

/** Options of the `primal-dual` solver. */
export interface PrimalDualOptions extends CommonOptions {
  /** The weights w (length k) with G = −Cᵀdiag(w). Absent: inferred from G and C and checked. */
  weights?: Float64Array;
  /** Box constraint lo ≤ x ≤ hi on every state (e.g. [0, 1] for images). Absent: none. */
  box?: readonly [number, number];
  /** First time step (default 0.01). */
  h0?: number;
  /** Growth factor of h per step (default 2). */
  growth?: number;
  /** Largest time step (default 1e6). */
  hMax?: number;
  /** Largest number of inner primal–dual iterations per time step (default 10). */
  innerIterations?: number;
  /** Inner iterations stop early when max |Δx| ≤ innerTol·max(1, ‖x‖∞) (default 1e-7). */
  innerTol?: number;
  /** Stationarity tolerance on the relative energy change per step (default 1e-6). */
  tol?: number;
  /** Primal/dual step ratio ρ (default 1). */
  ratio?: number;
}

/** A Solution with the energy history of the gradient flow. */
export interface PrimalDualSolution extends Solution {
  /** Times t_k of the energy samples. */
  energyTimes: Float64Array;
  /** Φ(x(t_k)) (see the module comment). */
  energy: Float64Array;
  /** Inner primal–dual iterations over the run. */
  innerIterations: number;
  /** Time at which stationarity was detected (NaN if never). */
  tStationary: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** Deterministic pseudo-random fill in [−1, 1) (setup only). */
function fillRandom(v: Float64Array, seed: number): Float64Array {
  let s = seed >>> 0;
  for (let i = 0; i < v.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 2147483648 - 1;
  }
  return v;
}

/**
 * Infers w with G = −Cᵀdiag(w) from Gᵀv = −diag(w) C v for a random v, and checks it on a second v.
 * @throws InputError when G is not of that form or a weight is negative.
 */
export function inferGradientWeights(inc: Inclusion): Float64Array {
  const { n, k, G, C } = inc;
  const v = fillRandom(new Float64Array(n), 12345);
  const gtv = G.applyTranspose(v, new Float64Array(k));
  const cv = C.apply(v, new Float64Array(k));
  const w = new Float64Array(k);
  const scale = 1e-12 * (norm(gtv) + 1);
  for (let i = 0; i < k; i++) {
    if (cv[i] !== 0) w[i] = -gtv[i] / cv[i];
    else if (Math.abs(gtv[i]) > scale) {
      throw new InputError(`invalid problem for solver primal-dual: G is not of the form −Cᵀdiag(w) (unit ${i}); use the implicit-euler solver`);
    }
    if (Math.abs(w[i]) < 1e-14) w[i] = 0;
    if (w[i] < 0) throw new InputError(`invalid problem for solver primal-dual: G = −Cᵀdiag(w) needs w ≥ 0, got w[${i}] = ${w[i]}; use the implicit-euler solver`);
  }
  checkWeights(inc, w, 67890);
  return w;
}

function checkWeights(inc: Inclusion, w: Float64Array, seed: number): void {
  const { n, k, G, C } = inc;
  const v = fillRandom(new Float64Array(n), seed);
  const gtv = G.applyTranspose(v, new Float64Array(k));
  const cv = C.apply(v, new Float64Array(k));
  let err = 0;
  for (let i = 0; i < k; i++) err += (gtv[i] + w[i] * cv[i]) ** 2;
  if (Math.sqrt(err) > 1e-9 * (norm(gtv) + 1e-300)) {
    throw new InputError(`invalid problem for solver primal-dual: G is not of the form −Cᵀdiag(w) (relative mismatch ${(Math.sqrt(err) / norm(gtv)).toExponential(2)}); use the implicit-euler solver`);
  }
}

/** √λ_max(AᵀA) estimate by power iteration (setup only). */
function operatorNorm(apply: (x: Float64Array, out: Float64Array) => void, n: number, iterations = 40): number {
  let v: Float64Array = fillRandom(new Float64Array(n), 4242);
  let w: Float64Array = new Float64Array(n);
  let nv = norm(v);
  let est = 0;
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) v[i] /= nv;
    apply(v, w);
    est = dot(v, w); // Rayleigh quotient of AᵀA
    nv = norm(w);
    if (nv === 0) return 0;
    [v, w] = [w, v];
  }
  return Math.sqrt(Math.max(est, nv));
}

/** One primal update (see the module comment); returns max|Δx| / max(1, ‖x‖∞). No allocation. */
function primalUpdate(
  n: number, x: Float64Array, xk: Float64Array, xbar: Float64Array, ctp: Float64Array, bx: Float64Array, hasB: boolean,
  u: Float64Array, tau: number, a: number, inv: number, lo: number, hi: number,
): number {
  let maxDx = 0;
  let maxX = 1;
  for (let j = 0; j < n; j++) {
    const g = ctp[j] - u[j] + (hasB ? bx[j] : 0);
    let v = (x[j] - tau * g + a * xk[j]) * inv;
    v = v < lo ? lo : v > hi ? hi : v;
    const dx = v - x[j];
    xbar[j] = v + dx;
    x[j] = v;
    const adx = dx < 0 ? -dx : dx;
    if (adx > maxDx) maxDx = adx;
    const av = v < 0 ? -v : v;
    if (av > maxX) maxX = av;
  }
  return maxDx / maxX;
}

/** {@link primalUpdate} without B and u (both absent: fewer streams in a memory-bound loop). No allocation. */
function primalUpdatePlain(
  n: number, x: Float64Array, xk: Float64Array, xbar: Float64Array, ctp: Float64Array,
  tau: number, a: number, inv: number, lo: number, hi: number,
): number {
  let maxDx = 0;
  let maxX = 1;
  for (let j = 0; j < n; j++) {
    const xj = x[j];
    let v = (xj - tau * ctp[j] + a * xk[j]) * inv;
    v = v < lo ? lo : v > hi ? hi : v;
    const dx = v - xj;
    xbar[j] = v + dx;
    x[j] = v;
    const adx = Math.abs(dx);
    if (adx > maxDx) maxDx = adx;
    const av = Math.abs(v);
    if (av > maxX) maxX = av;
  }
  return maxDx / maxX;
}

/** Dual update for sign laws: p = clip(p + σ(Cx̄ − d), −w, w). */
function dualUpdateSign(k: number, p: Float64Array, cy: Float64Array, d: Float64Array, w: Float64Array, sigma: number): void {
  for (let i = 0; i < k; i++) {
    const wi = w[i];
    const z = p[i] + sigma * (cy[i] - d[i]);
    p[i] = z < -wi ? -wi : z > wi ? wi : z;
  }
}

/** Dual update for single-breakpoint laws: p_i = w_i·clip((z_i − σb_i)/w_i, v0_i, v1_i), z = p + σ(Cx̄ − d). */
function dualUpdateSingle(
  k: number, p: Float64Array, cy: Float64Array, d: Float64Array, w: Float64Array,
  b: Float64Array, v0: Float64Array, v1: Float64Array, sigma: number,
): void {
  for (let i = 0; i < k; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const z = p[i] + sigma * (cy[i] - d[i] - b[i]);
    let s = z / wi;
    const l = v0[i];
    const h = v1[i];
    s = s < l ? l : s > h ? h : s;
    p[i] = wi * s;
  }
}

/** Dual update for general laws: p_i = w_i·s_i, s_i ∈ Law_i(z_i/σ − (w_i/σ)s_i). */
function dualUpdateGeneric(k: number, p: Float64Array, cy: Float64Array, d: Float64Array, w: Float64Array, sigma: number, laws: Inclusion["laws"]): void {
  for (let i = 0; i < k; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const z = p[i] + sigma * (cy[i] - d[i]);
    p[i] = wi * laws.solveScalar(i, z / sigma, wi / sigma);
  }
}

class PrimalDualIntegrator implements Integrator {
  t: number;
  readonly x: Float64Array;
  private readonly inc: Inclusion;
  private readonly w: Float64Array;
  private readonly p: Float64Array;
  private readonly xk: Float64Array;
  private readonly xbar: Float64Array;
  private readonly ctp: Float64Array;
  private readonly bx: Float64Array;
  private readonly cy: Float64Array;
  private readonly u: Float64Array | undefined;
  /** u, or zeros when absent (branch-free hot loop). */
  private readonly uz: Float64Array;
  private readonly s: Float64Array;
  private readonly lo: number;
  private readonly hi: number;
  private readonly tau: number;
  private readonly sigma: number;
  /** Single-breakpoint fast path: breakpoint and the two values per unit (null → generic laws). */
  private readonly fast: { b: Float64Array; v0: Float64Array; v1: Float64Array } | null;
  /** Every law is sign: the dual update is a clip to [−w, w]. */
  private readonly allSign: boolean;
  /** C's fused dual step and adjoint ({@link LinearOperator.applyClippedAscent}) when usable. */
  private readonly fused: LinearOperator["applyClippedAscent"];
  private h: number;
  private readonly growth: number;
  private readonly hMax: number;
  private readonly maxInner: number;
  private readonly innerTol: number;
  private readonly tol: number;
  private readonly tEnd: number;
  private readonly recorder: Recorder;
  private readonly saveEvery: number;
  private readonly stats: Stats = emptyStats();
  private readonly start = performance.now();
  private energyT: number[] = [];
  private energyV: number[] = [];
  private lastEnergy: number;
  private calm = 0;
  private inner = 0;
  private tStationary = NaN;
  private stationary = false;

  constructor(problem: SimulationProblem, o: PrimalDualOptions) {
    const inc = problem.inclusion;
    this.inc = inc;
    const { n, k } = inc;
    if (inc.g) throw new InputError("invalid problem for solver primal-dual: a smooth nonlinear term g is not supported (no gradient structure); use the implicit-euler solver");
    if (inc.u !== undefined && !(inc.u instanceof Float64Array)) {
      throw new InputError("invalid problem for solver primal-dual: a time-dependent input u(t) is not supported (no gradient structure); use the implicit-euler solver");
    }
    this.u = inc.u as Float64Array | undefined;
    const pos = (name: string, v: number | undefined, dflt: number, ok: (x: number) => boolean, what: string) => {
      const x = v ?? dflt;
      if (!Number.isFinite(x) || !ok(x)) throw new InputError(`invalid argument: \`${name}\` must be ${what}, got ${x}`);
      return x;
    };
    this.h = pos("h0", o.h0, 0.01, (x) => x > 0, "a positive number");
    this.growth = pos("growth", o.growth, 2, (x) => x >= 1, "a number ≥ 1");
    this.hMax = pos("hMax", o.hMax, 1e6, (x) => x > 0, "a positive number");
    this.maxInner = pos("innerIterations", o.innerIterations, 10, (x) => Number.isInteger(x) && x >= 1, "a positive integer");
    this.innerTol = pos("innerTol", o.innerTol, 1e-7, (x) => x >= 0, "a non-negative number");
    this.tol = pos("tol", o.tol, 1e-6, (x) => x >= 0, "a non-negative number");
    const ratio = pos("ratio", o.ratio, 1, (x) => x > 0, "a positive number");
    this.saveEvery = pos("saveEvery", o.saveEvery, 1, (x) => x >= 1, "at least 1");
    if (o.box) {
      const [lo, hi] = o.box;
      if (!(lo < hi)) throw new InputError(`invalid argument: \`box\` needs lower < upper, got [${lo}, ${hi}]`);
      this.lo = lo;
      this.hi = hi;
    } else {
      this.lo = -Infinity;
      this.hi = Infinity;
    }
    if (o.weights) {
      if (o.weights.length !== k) throw new InputError(`invalid argument: \`weights\` must have length ${k}, got ${o.weights.length}`);
      for (let i = 0; i < k; i++) if (!(o.weights[i] >= 0)) throw new InputError(`invalid argument: \`weights[${i}]\` must be ≥ 0, got ${o.weights[i]}`);
      this.w = Float64Array.from(o.weights);
      checkWeights(inc, this.w, 67890);
    } else this.w = inferGradientWeights(inc);
    if (inc.B) {
      const B = inc.B;
      const v1 = fillRandom(new Float64Array(n), 111);
      const v2 = fillRandom(new Float64Array(n), 222);
      const b1 = B.apply(v1, new Float64Array(n));
      const b2 = B.apply(v2, new Float64Array(n));
      const asym = Math.abs(dot(b1, v2) - dot(v1, b2));
      if (asym > 1e-9 * (norm(b1) * norm(v2) + 1e-300)) throw new InputError("invalid problem for solver primal-dual: B must be symmetric; use the implicit-euler solver");
      if (dot(b1, v1) < -1e-12 * norm(b1) * norm(v1)) throw new InputError("invalid problem for solver primal-dual: B must be positive semidefinite; use the implicit-euler solver");
    }
    // the dual prox acts on every unit: single breakpoint laws take the fast path
    const laws = inc.laws;
    let single = true;
    for (let i = 0; i < k && single; i++) if (laws.breakpointCount(i) !== 1) single = false;
    if (single) {
      const b = new Float64Array(k);
      const v0 = new Float64Array(k);
      const v1 = new Float64Array(k);
      for (let i = 0; i < k; i++) {
        b[i] = laws.breakpoint(i, 1);
        v0[i] = laws.value(i, 0);
        v1[i] = laws.value(i, 1);
      }
      this.fast = { b, v0, v1 };
    } else this.fast = null;
    this.allSign = this.fast !== null && this.fast.b.every((x) => x === 0) && this.fast.v0.every((x) => x === -1) && this.fast.v1.every((x) => x === 1);
    // step sizes from operator norms
    const cbuf = new Float64Array(k);
    const normC = 1.05 * operatorNorm((v, out) => {
      inc.C.apply(v, cbuf);
      inc.C.applyTranspose(cbuf, out);
    }, n);
    const nbuf = new Float64Array(n);
    const normB = inc.B ? 1.05 * operatorNorm((v, out) => {
      inc.B!.apply(v, nbuf);
      inc.B!.applyTranspose(nbuf, out);
    }, n) : 0;
    this.sigma = 1 / (ratio * Math.max(normC, 1e-300));
    this.tau = 0.99 / (normB / 2 + this.sigma * normC * normC);
    this.t = problem.t0;
    this.tEnd = problem.tEnd;
    this.x = Float64Array.from(problem.x0);
    for (let j = 0; j < n; j++) this.x[j] = Math.min(this.hi, Math.max(this.lo, this.x[j]));
    this.xk = new Float64Array(n);
    this.uz = this.u ?? new Float64Array(n);
    this.xbar = new Float64Array(n);
    this.ctp = new Float64Array(n);
    this.bx = new Float64Array(n);
    this.cy = new Float64Array(k);
    this.p = new Float64Array(k);
    this.s = new Float64Array(k);
    // initial multipliers: the selection of Law at x0 (midpoint at jumps)
    this.switching(this.x, this.cy);
    for (let i = 0; i < k; i++) {
      this.s[i] = laws.select(i, this.cy[i]);
      this.p[i] = this.w[i] * this.s[i];
    }
    // sign laws and an operator with the fused kernel: C x̄, p = clip(p + σ(Cx̄ − d), −w, w) and
    // ctp = Cᵀp in one pass (ctp is kept current from here on: p changes only there)
    this.fused = this.allSign ? inc.C.applyClippedAscent : undefined;
    if (this.fused) inc.C.applyTranspose(this.p, this.ctp);
    this.recorder = new Recorder(n, k, 4);
    this.recorder.push(this.t, this.x, this.s);
    this.lastEnergy = this.energy(this.x);
    this.energyT.push(this.t);
    this.energyV.push(this.lastEnergy);
  }

  private switching(x: Float64Array, y: Float64Array): void {
    this.inc.C.apply(x, y);
    const d = this.inc.d;
    for (let i = 0; i < this.inc.k; i++) y[i] -= d[i];
  }

  /** Φ(x); uses cy and bx as scratch. */
  energy(x: Float64Array): number {
    const { inc, w, cy } = this;
    let e = 0;
    if (inc.B) {
      inc.B.apply(x, this.bx);
      e += 0.5 * dot(x, this.bx);
    }
    if (this.u) e -= dot(this.u, x);
    if (this.allSign && inc.C.weightedAbsResidual) return inc.C.weightedAbsResidual(x, inc.d, w, e); // ψ = |y|, fused
    this.switching(x, cy);
    if (this.allSign) {
      // ψ = |y| (the single-breakpoint formula below gives the same value exactly)
      for (let i = 0; i < inc.k; i++) {
        const wi = w[i];
        if (wi === 0) continue;
        const y = cy[i];
        e += wi * (y < 0 ? -y : y);
      }
      return e;
    }
    const f = this.fast;
    for (let i = 0; i < inc.k; i++) {
      if (w[i] === 0) continue;
      const y = cy[i];
      if (f) e += w[i] * (f.v0[i] * y + (f.v1[i] - f.v0[i]) * Math.max(0, y - f.b[i]));
      else e += w[i] * inc.laws.potential(i, y);
    }
    return e;
  }

  step(): StepOutcome {
    if (this.stationary || this.t >= this.tEnd) return { done: true, status: "success", message: this.doneMessage() };
    const { inc, x, xk, xbar, ctp, bx, cy, p, w, tau, sigma, lo, hi } = this;
    const u = this.uz;
    const n = inc.n;
    const k = inc.k;
    const h = Math.min(this.h, this.tEnd - this.t);
    const a = tau / h;
    const inv = 1 / (1 + a);
    xk.set(x);
    const f = this.fast;
    const d = inc.d;
    const laws = inc.laws;
    const hasB = inc.B !== undefined;
    const fused = this.fused;
    const plain = !hasB && this.u === undefined;
    let it = 0;
    for (; it < this.maxInner; it++) {
      if (!fused) inc.C.applyTranspose(p, ctp); // fused: ctp = Cᵀp is kept current by the dual step
      if (hasB) inc.B!.apply(x, bx);
      const rel = plain
        ? primalUpdatePlain(n, x, xk, xbar, ctp, tau, a, inv, lo, hi)
        : primalUpdate(n, x, xk, xbar, ctp, bx, hasB, u, tau, a, inv, lo, hi);
      if (fused) fused.call(inc.C, xbar, p, sigma, d, w, ctp);
      else if (this.allSign) {
        inc.C.apply(xbar, cy);
        dualUpdateSign(k, p, cy, d, w, sigma);
      } else if (f) {
        inc.C.apply(xbar, cy);
        dualUpdateSingle(k, p, cy, d, w, f.b, f.v0, f.v1, sigma);
      } else {
        inc.C.apply(xbar, cy);
        dualUpdateGeneric(k, p, cy, d, w, sigma, laws);
      }
      if (rel <= this.innerTol) {
        it++;
        break;
      }
    }
    this.inner += it;
    this.t += h;
    this.stats.steps++;
    this.stats.accepted++;
    this.stats.relaySolves++;
    this.stats.relayIterations += it;
    this.stats.fEvals += it;
    // stationarity
    const e = this.energy(x);
    let dxn = 0;
    let xn = 0;
    for (let j = 0; j < n; j++) {
      dxn += (x[j] - xk[j]) ** 2;
      xn += x[j] * x[j];
    }
    const relE = Math.abs(this.lastEnergy - e) / Math.max(Math.abs(e), 1e-300);
    const relX = Math.sqrt(dxn / Math.max(xn, 1e-300));
    this.calm = relE <= this.tol && relX <= 10 * this.tol ? this.calm + 1 : 0;
    this.lastEnergy = e;
    this.energyT.push(this.t);
    this.energyV.push(e);
    if (!Number.isFinite(e)) return { done: true, status: "diverged", message: `energy is not finite at t = ${this.t}` };
    if (this.stats.steps % this.saveEvery === 0) this.save();
    this.h = Math.min(this.h * this.growth, this.hMax);
    if (this.calm >= 3) {
      this.stationary = true;
      this.tStationary = this.t;
      return { done: true, status: "success", message: this.doneMessage() };
    }
    if (this.t >= this.tEnd) return { done: true, status: "success", message: this.doneMessage() };
    return { done: false };
  }

  private doneMessage(): string {
    return this.stationary
      ? `stationary (relative energy change ≤ ${this.tol} for 3 steps) at t = ${this.tStationary.toPrecision(6)}; the equilibrium persists to tEnd = ${this.tEnd}`
      : `reached tEnd = ${this.tEnd}`;
  }

  private save(): void {
    const { k } = this.inc;
    for (let i = 0; i < k; i++) this.s[i] = this.w[i] > 0 ? this.p[i] / this.w[i] : this.inc.laws.select(i, 0);
    this.recorder.push(this.t, this.x, this.s);
  }

  finalize(status: Status = "stopped", message = "stopped by the caller"): PrimalDualSolution {
    if (this.recorder.lastTime() !== this.t) this.save();
    const tFinal = this.stationary ? this.tEnd : this.t;
    this.stats.wallSeconds = (performance.now() - this.start) / 1000;
    const { t, x, s } = this.recorder.arrays();
    return {
      solver: "primal-dual",
      n: this.inc.n,
      k: this.inc.k,
      t,
      x,
      s,
      events: [],
      stats: this.stats,
      status,
      message,
      tFinal,
      xFinal: Float64Array.from(this.x),
      energyTimes: Float64Array.from(this.energyT),
      energy: Float64Array.from(this.energyV),
      innerIterations: this.inner,
      tStationary: this.tStationary,
    };
  }
}

/**
 * The `primal-dual` solver (see the module comment): implicit Euler with proximal steps solved by
 * warm-started primal–dual iterations, for gradient-structured inclusions.
 * @throws InputError from `init` when the inclusion lacks the gradient structure (G ≠ −Cᵀdiag(w),
 * w ≥ 0; B not symmetric PSD; time-dependent u; a smooth term g), naming what to use instead.
 */
export const primalDual: Solver<PrimalDualOptions> = {
  meta: {
    name: "primal-dual",
    description: "implicit Euler for gradient-structured inclusions (G = −Cᵀdiag(w)); proximal steps by warm-started Chambolle–Pock; matrix-free",
    order: 1,
    adaptive: true,
    denseOutput: false,
    filippov: true,
  },
  init(problem, options = {}) {
    validateProblem(problem);
    return new PrimalDualIntegrator(problem, options);
  },
};
