/**
 * Solving LPs and convex QPs by running the Liu–Wang network (see `network.ts`) to equilibrium.
 *
 * Default `implicit-euler`: the θ = 1 method with a growing step. On the equality set one implicit
 * step of size τ = h/ε is the proximal step x⁺ = argmin_{y: Ay=b} f(y) + σΦ(y) + ‖y − x‖²/(2τ) (its
 * optimality condition projected on null(A) is the implicit step), so the iteration is the proximal
 * point method on E = f + σΦ restricted to {Ax = b}: it terminates finitely at a minimiser for an
 * LP (polyhedral E) and converges superlinearly for a QP when τ grows (Rockafellar 1976). Implicit
 * Euler is unconditionally stable, so τ grows geometrically (×`growth` per step, from `tau0` up to
 * `tauMax`). Each step is one relay problem w = q − M s, s ∈ Law(w), with M = −h C W⁻¹G, solved by
 * the package's warm-started semismooth Newton with a projected Gauss–Seidel rescue
 * (`src/relay/solve.ts`; singular semidefinite active blocks are handled by rank-revealing Cholesky). For an LP, W = I + τP and W⁻¹G = G in closed form
 * (W⁻¹ = I − τ/(1+τ)P, PG = 0), so M = τσ C(I−P)Cᵀ is a scaled fixed matrix (`lp-step.ts`); a QP
 * adds a low-rank correction whose weights depend on τ (`qp-step.ts`); `structured: false` builds
 * the generic θ-method operators per step size instead (`step-ops.ts`).
 *
 * A fixed point x (‖x⁺ − x‖∞ ≤ 1e-10(1 + ‖x‖∞)) minimises E on {Ax = b}. If Φ(x) = 0 it is optimal
 * (E = f on the feasible set); if Φ(x) > 0, σ is below the exact-penalty threshold ‖μ*‖∞: σ is
 * doubled and the run continues (`adaptSigma`, default on) — the infeasible verdict is given when Φ
 * stays positive up to σ = 1e6·(1 + σ₀). A feasible step direction d that is a recession direction of
 * the constraints (Ad = 0, bound/inequality signs) with dᵀQd = 0 and ∇f·d < 0 certifies an
 * unbounded problem. The returned x is the network state; `optimal` is only reported after the
 * residuals are recomputed from the original data.
 *
 * `explicit-euler` runs the same inclusion with the package's fixed-step explicit Euler (the
 * chattering baseline); it is never reported optimal unless its state is a fixed point.
 */
import { InputError } from "../../src/errors.ts";
import type { OptimizationProblem } from "../../src/io/optimization-problem.ts";
import { RelaySolver } from "../../src/relay/solve.ts";
import type { RelayProblem } from "../../src/relay/problem.ts";
import { solve as runSolver } from "../../src/solver.ts";
import { emptyStats, type SwitchEvent } from "../../src/solution.ts";
import { SwitchTracker } from "../../src/switching.ts";
import { explicitEuler } from "../../solvers/explicit-euler.ts";
import { dataScale, objectiveValue, penalty, residuals, type Residuals } from "./analysis.ts";
import { constraintGram, LpStepOps } from "./lp-step.ts";
import { QpStepOps } from "./qp-step.ts";
import { ThetaStepOps, type StepOps } from "./step-ops.ts";
import { buildLiuWangNetwork, type LiuWangNetwork, type LiuWangOptions } from "./network.ts";

/** Verdict of a run. */
export type OptimizationStatus = "optimal" | "infeasible" | "unbounded" | "not_converged";

/** The solvers {@link solveOptimization} accepts. */
export const OPTIMIZATION_SOLVERS = ["implicit-euler", "explicit-euler"] as const;

/** Options of {@link solveLP} / {@link solveQP}. */
export interface OptimizationOptions extends LiuWangOptions {
  /** "implicit-euler" (default; growing step) or "explicit-euler" (fixed step `h`, chatters). */
  solver?: (typeof OPTIMIZATION_SOLVERS)[number];
  /** Double σ when an equilibrium violates the constraints (default true). */
  adaptSigma?: boolean;
  /** Initial state (default 0). */
  x0?: ArrayLike<number>;
  /** Largest model time (default ∞ for implicit Euler, 20ε for explicit Euler). */
  tEnd?: number;
  /** Step budget (default 5000 implicit, 1e6 explicit). */
  maxSteps?: number;
  /** Wall-time budget in seconds (default 60). */
  maxWallSeconds?: number;
  /** First step τ₀ = h₀/ε (default 0.1·R/V, R = 1 + max|rhs|, V = ‖(I−P)c‖∞ + σ). */
  tau0?: number;
  /** Step growth factor per step (default 2). */
  growth?: number;
  /** Largest step τ (default 1e4·R/V). */
  tauMax?: number;
  /** Explicit Euler step in model time (default 1e-3·ε). */
  h?: number;
  /** Keep the trajectory for plots (default true). */
  record?: boolean;
  /**
   * Called after each step with an estimate in [0, 1] of the fraction done: for implicit Euler, how
   * far the step length has fallen from the first step's towards the fixed-point test (log scale,
   * never decreasing); for explicit Euler, t/tEnd.
   */
  onProgress?: (fraction: number) => void;
  /** Use the closed-form step operators (LP: `LpStepOps`, QP: `QpStepOps`; default true); false forces `buildThetaOperators`. */
  structured?: boolean;
}

/** The recorded run (one sample per step). */
export interface Trajectory {
  t: Float64Array;
  /** States, row-major (samples × n). */
  x: Float64Array;
  objective: Float64Array;
  /** Φ(x) (bounds and inequalities) plus the equality residual ‖Ax − b‖∞. */
  violation: Float64Array;
  /** σ in force at each sample. */
  sigma: Float64Array;
  /** First time Φ = 0 and ‖Ax − b‖∞ ≤ tol (null if never). */
  feasibleAt: number | null;
}

/** Result of {@link solveLP} / {@link solveQP} (the `solve` command prints it). */
export interface OptimizationResult {
  status: OptimizationStatus;
  /** Why: the verdict explained in one sentence. */
  message: string;
  x: Float64Array;
  objective: number;
  residuals: Residuals;
  network: { model: string; sigma: number; sigmaInitial: number; sigmaLowerBound: number | null; sigmaBoundKind: string; epsilon: number };
  solver: { name: string; steps: number; switches: number; seconds: number; relaySolves: number };
  /** Model time reached. */
  t: number;
  trajectory?: Trajectory;
}

function normInf(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s = Math.max(s, Math.abs(v[i]));
  return s;
}

class TrajectoryRecorder {
  t: number[] = [];
  x: number[] = [];
  f: number[] = [];
  v: number[] = [];
  sg: number[] = [];
  push(p: OptimizationProblem, t: number, x: Float64Array, sigma: number): void {
    this.t.push(t);
    for (let i = 0; i < x.length; i++) this.x.push(x[i]);
    this.f.push(objectiveValue(p, x));
    this.v.push(penalty(p, x) + residuals(p, x).equality);
    this.sg.push(sigma);
  }
  done(p: OptimizationProblem): Trajectory {
    const tol = 1e-9 * dataScale(p);
    const idx = this.v.findIndex((v) => v <= tol);
    return {
      t: Float64Array.from(this.t),
      x: Float64Array.from(this.x),
      objective: Float64Array.from(this.f),
      violation: Float64Array.from(this.v),
      sigma: Float64Array.from(this.sg),
      feasibleAt: idx >= 0 ? this.t[idx] : null,
    };
  }
}

/**
 * Solves an LP or convex QP with the Liu–Wang network (see the module comment).
 * @throws InputError for invalid options (non-positive σ, ε, steps; unknown solver).
 */
export function solveOptimization(problem: OptimizationProblem, options: OptimizationOptions = {}): OptimizationResult {
  const solverName = options.solver ?? "implicit-euler";
  if (!(OPTIMIZATION_SOLVERS as readonly string[]).includes(solverName)) {
    throw new InputError(`invalid option: \`--solver\` must be one of ${OPTIMIZATION_SOLVERS.join(", ")}, got ${JSON.stringify(solverName)}`);
  }
  const start = performance.now();
  const net = buildLiuWangNetwork(problem, options);
  const n = problem.n;
  const x0 = Float64Array.from(options.x0 ?? new Float64Array(n));
  if (x0.length !== n) throw new InputError(`invalid argument: \`x0\` must have length ${n}, got ${x0.length}`);
  for (let j = 0; j < n; j++) if (!Number.isFinite(x0[j])) throw new InputError(`invalid argument: \`x0[${j}]\` must be a finite number, got ${x0[j]}`);
  if (solverName === "explicit-euler") return solveExplicit(net, x0, options, start);
  return solveImplicit(net, x0, options, start);
}

function pos(name: string, v: number | undefined, dflt: number): number {
  const x = v ?? dflt;
  if (!(x > 0) || Number.isNaN(x)) throw new InputError(`invalid argument: \`${name}\` must be a positive number, got ${x}`);
  return x;
}

function result(net: LiuWangNetwork, status: OptimizationStatus, message: string, x: Float64Array, t: number, sigma: number, stats: { steps: number; switches: number; relaySolves: number }, start: number, name: string, rec?: TrajectoryRecorder): OptimizationResult {
  const p = net.problem;
  return {
    status,
    message,
    x: Float64Array.from(x),
    objective: objectiveValue(p, x),
    residuals: residuals(p, x),
    network: { model: net.model, sigma, sigmaInitial: net.sigma, sigmaLowerBound: net.sigmaLowerBound, sigmaBoundKind: net.bound.kind, epsilon: net.epsilon },
    solver: { name, steps: stats.steps, switches: stats.switches, seconds: (performance.now() - start) / 1000, relaySolves: stats.relaySolves },
    t,
    trajectory: rec?.done(p),
  };
}

/** Verifies feasibility from the original data before calling x optimal. */
function verdictAtFixedPoint(net: LiuWangNetwork, x: Float64Array): { ok: boolean; detail: string } {
  const r = residuals(net.problem, x);
  const lim = 1e-7 * dataScale(net.problem);
  const worst = Math.max(r.equality, r.inequality, r.bounds);
  return { ok: worst <= lim, detail: `largest constraint violation ${worst.toExponential(2)}` };
}

function solveImplicit(net: LiuWangNetwork, x0: Float64Array, o: OptimizationOptions, start: number): OptimizationResult {
  const p = net.problem;
  const { n, k } = net;
  const adapt = o.adaptSigma ?? true;
  const maxSteps = pos("maxSteps", o.maxSteps, 5000);
  const maxWall = pos("maxWallSeconds", o.maxWallSeconds, 60);
  const tEnd = pos("tEnd", o.tEnd, Infinity);
  const growth = o.growth ?? 2;
  if (!(growth >= 1) || !Number.isFinite(growth)) throw new InputError(`invalid argument: \`growth\` must be a number ≥ 1, got ${growth}`);
  const record = o.record ?? true;
  const R = dataScale(p);
  let sigma = net.sigma;
  const velocity = (sg: number) => normInf(net.Nc) + sg + (p.Q ? normInf(p.Q) * R : 0);
  let tauMax = pos("tauMax", o.tauMax, (1e4 * R) / velocity(sigma));
  let tau = Math.min(pos("tau0", o.tau0, (0.1 * R) / velocity(sigma)), tauMax);
  const tau0 = tau;
  const sigmaCap = 1e6 * (1 + net.sigma);
  const stats = { steps: 0, switches: 0, relaySolves: 0 };
  const rec = record ? new TrajectoryRecorder() : undefined;
  const name = "implicit-euler";
  let x = Float64Array.from(x0);
  let t = 0;
  rec?.push(p, t, x, sigma);
  const done = (status: OptimizationStatus, msg: string) => result(net, status, msg, x, t, sigma, stats, start, name, rec);
  if (net.equalityInconsistency > 1e-9) {
    return done("infeasible", `the equality constraints are inconsistent (a redundant row of Aeq disagrees with the others by ${net.equalityInconsistency.toExponential(2)} relative to its norm)`);
  }
  if (k === 0) {
    // no penalised constraint: the flow is linear; without Q the LP is unbounded unless (I−P)c = 0
    if (!p.Q && normInf(net.Nc) > 1e-12 * (1 + normInf(p.c))) {
      return done("unbounded", "no bounds or inequalities and c is not orthogonal to the null space of Aeq: the objective decreases without bound along −(I−P)c");
    }
  }
  const structured = o.structured ?? true;
  const ops: StepOps = !structured ? new ThetaStepOps(net) : p.Q ? new QpStepOps(net, constraintGram(net)) : new LpStepOps(net);
  // few Newton iterations from the previous active set, a bounded PGS rescue: a failed solve is
  // cheaper than a long one, since the step is then retried with a smaller τ
  const relaySolver = new RelaySolver(k, { newtonIterations: 3, fromPreviousPattern: true, pgsSweeps: "budget", polishIterations: 8 });
  const qr = new Float64Array(k);
  const s = new Float64Array(k);
  const w = new Float64Array(k);
  const xNew = new Float64Array(n);
  const dir = new Float64Array(n);
  const y0 = new Float64Array(k);
  net.C.apply(x, y0);
  for (let i = 0; i < k; i++) {
    y0[i] -= net.d[i];
    s[i] = net.laws.select(i, y0[i]);
  }
  const tracker = new SwitchTracker(net.laws, y0, 0);
  const events: SwitchEvent[] = [];
  const trackStats = emptyStats();
  const relay: RelayProblem = { k, M: ops.M, q: qr, laws: net.laws };
  let recessionCount = 0;
  let firstDelta: number | undefined;
  let progress = 0;
  let rejections = 0;
  let growthNow = growth;
  const sKeep = new Float64Array(k);
  for (;;) {
    // LP: M = τσK with K fixed, so only the scale changes (cached factorisations of K_II stay valid)
    ops.set(tau, sigma);
    ops.free(x, xNew);
    if (k > 0) {
      net.C.apply(xNew, qr);
      for (let i = 0; i < k; i++) qr[i] -= net.d[i];
      sKeep.set(s);
      const out = relaySolver.solve(relay, s, w, 1e-10);
      stats.relaySolves++;
      if (!out.ok) {
        // reject the step: a smaller step is a smaller change of active set for the relay solver
        s.set(sKeep);
        if (++rejections > 30) return done("not_converged", `the relay problem of step ${stats.steps + 1} was not solved (${out.message})`);
        tau /= 8;
        growthNow = Math.max(1, Math.sqrt(growthNow));
        continue;
      }
      ops.correct(s, xNew);
      events.length = 0;
      stats.switches += tracker.update(t, w, events, trackStats);
    }
    stats.steps++;
    t += tau * net.epsilon;
    let delta = 0;
    for (let j = 0; j < n; j++) {
      dir[j] = xNew[j] - x[j];
      delta = Math.max(delta, Math.abs(dir[j]));
    }
    x.set(xNew);
    rec?.push(p, t, x, sigma);
    const xs = normInf(x);
    if (!Number.isFinite(xs)) return done("not_converged", `the state diverged (x is not finite at step ${stats.steps})`);
    const phi = penalty(p, x);
    const feasTol = 1e-9 * R;
    // a fixed point moves by ≤ 1e-10 relative in a step at least as long as the first one, or by no
    // more than the rounding of the step map itself (≈ 100 ulp of the free motion τ·V in a step)
    const rounding = 100 * Number.EPSILON * tau * velocity(sigma);
    const fixedTol = Math.max(1e-10 * (1 + xs), rounding);
    if (o.onProgress && delta > 0) {
      firstDelta ??= delta;
      progress = Math.max(progress, Math.min(1, Math.log(firstDelta / delta) / Math.log(firstDelta / Math.min(fixedTol, firstDelta / 10))));
      o.onProgress(progress);
    }
    if (delta * Math.max(1, tau0 / tau) <= fixedTol) {
      // a fixed point: minimiser of f + σΦ on {Ax = b}
      if (phi <= feasTol) {
        const v = verdictAtFixedPoint(net, x);
        if (v.ok) return done("optimal", `equilibrium reached with Φ = ${phi.toExponential(2)} (${v.detail}); σ = ${sigma}`);
      }
      if (!adapt) {
        return done("not_converged", `the network settled at an equilibrium that violates the constraints (Φ = ${phi.toPrecision(6)}): σ = ${sigma} is below the exact-penalty threshold; raise σ or enable σ adaptation`);
      }
      if (sigma * 2 > sigmaCap) {
        return done("infeasible", `Φ stays positive (${phi.toPrecision(6)}) at the equilibria of the network for σ up to ${sigma.toPrecision(4)} (1e6 × the initial gain): the constraints cannot be satisfied together (min Φ > 0 on {Aeq x = beq})`);
      }
      sigma *= 2;
      tauMax = Math.min(tauMax, (1e4 * R) / velocity(sigma));
      tau = Math.min(tau, tauMax);
      continue;
    }
    // unbounded: a feasible step along a recession direction that decreases f
    if (phi <= feasTol && tau >= tauMax && isDescentRecession(net, x, dir)) {
      if (++recessionCount >= 3) {
        return done("unbounded", `the state moves along a recession direction d of the feasible set with ∇f·d < 0 (step ${delta.toExponential(2)}, objective ${objectiveValue(p, x).toPrecision(6)}): the objective is unbounded below`);
      }
    } else recessionCount = 0;
    if (phi > feasTol && tau >= tauMax && adapt && xs > 1e6 * R && sigma * 2 <= sigmaCap) sigma *= 2; // drifting away while infeasible
    if (t >= tEnd) return done("not_converged", `model time t = ${t.toPrecision(6)} reached --t-end before an equilibrium (last step moved ${delta.toExponential(2)})`);
    if (stats.steps >= maxSteps) return done("not_converged", `no equilibrium within ${maxSteps} steps (last step moved ${delta.toExponential(2)})`);
    if ((performance.now() - start) / 1000 > maxWall) return done("not_converged", `no equilibrium within ${maxWall} s of wall time (last step moved ${delta.toExponential(2)})`);
    // LP: grow by √growth only after a hard relay solve (a longer step moves the active set further,
    // and a step whose relay problem needed the PGS rescue is likely to need it again, or fail, when
    // doubled); τ still grows geometrically, which the finite termination needs. An extra LP step is
    // cheap (M = τσK only rescales, the block factorisations stay); a QP step builds new operators.
    const slow = relaySolver.lastRescued && ops instanceof LpStepOps;
    tau = Math.min(tau * (slow ? Math.sqrt(growthNow) : growthNow), tauMax);
    growthNow = Math.min(growth, growthNow * growthNow); // recover the growth rate after rejections
  }
}

/** Whether d (a step from a feasible x) is a recession direction of the constraints along which f decreases. */
function isDescentRecession(net: LiuWangNetwork, x: Float64Array, d: Float64Array): boolean {
  const p = net.problem;
  const n = p.n;
  const dn = normInf(d);
  if (!(dn > 0)) return false;
  const tol = 1e-9 * dn;
  for (let r = 0; r < net.m; r++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += net.U[r * n + j] * d[j];
    if (Math.abs(s) > tol) return false;
  }
  for (let j = 0; j < n; j++) {
    if (Number.isFinite(p.lb[j]) && d[j] < -tol) return false;
    if (Number.isFinite(p.ub[j]) && d[j] > tol) return false;
  }
  const A = p.Aineq;
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    let an = 0;
    for (let q = A.rowPtr[i]; q < A.rowPtr[i + 1]; q++) {
      s += A.values[q] * d[A.colIdx[q]];
      an += Math.abs(A.values[q]);
    }
    if (s > tol * an) return false;
  }
  let slope = 0;
  let curv = 0;
  let gn = 0;
  for (let i = 0; i < n; i++) {
    let g = p.c[i];
    let qd = 0;
    if (p.Q) {
      for (let j = 0; j < n; j++) {
        g += p.Q[i * n + j] * x[j];
        qd += p.Q[i * n + j] * d[j];
      }
    }
    slope += g * d[i];
    curv += d[i] * qd;
    gn = Math.max(gn, Math.abs(g));
  }
  const qn = p.Q ? normInf(p.Q) : 0;
  return curv <= 1e-12 * qn * dn * dn * n && slope < -1e-9 * gn * dn;
}

function solveExplicit(net: LiuWangNetwork, x0: Float64Array, o: OptimizationOptions, start: number): OptimizationResult {
  const p = net.problem;
  const eps = net.epsilon;
  const h = pos("h", o.h, 1e-3 * eps);
  const tEnd = pos("tEnd", o.tEnd, 20 * eps);
  const maxSteps = pos("maxSteps", o.maxSteps, 1e6);
  const span = tEnd;
  const saveEvery = Math.max(1, Math.floor(span / h / 2000));
  const onProgress = o.onProgress && ((t: number) => o.onProgress!(t / tEnd));
  const sol = runSolver(explicitEuler, { inclusion: net.inclusion, x0, t0: 0, tEnd }, { h, maxSteps, maxWallSeconds: o.maxWallSeconds ?? 60, saveEvery, onProgress });
  const x = sol.xFinal;
  const n = p.n;
  const nt = sol.t.length;
  const rec = (o.record ?? true) ? new TrajectoryRecorder() : undefined;
  if (rec) for (let r = 0; r < nt; r++) rec.push(p, sol.t[r], sol.x.subarray(r * n, (r + 1) * n), net.sigma);
  // chatter: spread of the state over the last saved samples
  let amp = 0;
  const last = Math.max(0, nt - 20);
  for (let r = last; r < nt; r++) for (let j = 0; j < n; j++) amp = Math.max(amp, Math.abs(sol.x[r * n + j] - x[j]));
  const stats = { steps: sol.stats.steps, switches: sol.stats.switches, relaySolves: 0 };
  const fixed = amp <= 1e-10 * (1 + normInf(x));
  const v = verdictAtFixedPoint(net, x);
  let status: OptimizationStatus = "not_converged";
  let msg: string;
  if (sol.status !== "success") msg = `explicit Euler stopped: ${sol.message}`;
  else if (fixed && v.ok && penalty(p, x) <= 1e-9 * dataScale(p)) {
    status = "optimal";
    msg = `explicit Euler reached a feasible fixed point (${v.detail})`;
  } else msg = `explicit Euler (h = ${h}) does not settle: the state chatters with amplitude ${amp.toExponential(2)} over the last samples and ${v.detail}; use implicit-euler for the exact optimum`;
  const res = result(net, status, msg, x, sol.tFinal, net.sigma, stats, start, "explicit-euler", rec);
  return res;
}

/**
 * Solves a linear program min cᵀx s.t. Aeq x = beq, Aineq x ≤ bineq, lb ≤ x ≤ ub with the Liu–Wang
 * LP network (Neural Computation 20(5), 2008; structure reconstructed, see `network.ts`).
 * @param problem - a validated problem with Q = null.
 * @param options - σ, ε, solver, budgets (see {@link OptimizationOptions}).
 * @returns the verdict, the network state x and its objective and residuals (see {@link OptimizationResult}).
 * @throws InputError when the problem has a quadratic term or an option is invalid.
 * @example solveLP(liuWangExample()).x // [-5, -2.75, 1.5]
 */
export function solveLP(problem: OptimizationProblem, options: OptimizationOptions = {}): OptimizationResult {
  if (problem.Q) throw new InputError("invalid argument: solveLP needs a problem without Q; use solveQP");
  return solveOptimization(problem, options);
}

/**
 * Solves a convex QP min ½xᵀQx + cᵀx s.t. Aeq x = beq, Aineq x ≤ bineq, lb ≤ x ≤ ub with the
 * Liu–Wang QP network (IEEE TNN 19(4), 2008; structure reconstructed, see `network.ts`). A problem
 * without Q is solved as an LP.
 * @throws InputError when an option is invalid.
 */
export function solveQP(problem: OptimizationProblem, options: OptimizationOptions = {}): OptimizationResult {
  return solveOptimization(problem, options);
}
