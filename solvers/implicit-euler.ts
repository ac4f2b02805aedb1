/**
 * `implicit-euler`: the θ-method with fully implicit activations (Moreau–Jean time stepping,
 * Siconos `EulerMoreauOSI(θ)` + `Relay`), one relay problem per step.
 *
 *     W x⁺ = (I − h(1−θ)B)x + h[(1−θ)u(t) + θu(t+h)] + h g(t, x) + h G s⁺,   s⁺ ∈ Law(C x⁺ − d).
 *
 * Order 1 across switches; reaches sliding surfaces in finitely many steps and stays exactly on them
 * (no numerical chattering); s⁺ converges to the equivalent control (Filippov selection). Acary &
 * Brogliato, "Implicit Euler numerical scheme and chattering-free implementation of sliding mode
 * systems", Systems & Control Letters 59 (2010) 284–293. The default solver.
 */
import { InputError } from "../src/errors.ts";
import { FixedStepIntegrator, type FixedStepOptions, type StepFailure } from "../src/fixed-step.ts";
import { addInput, fieldScratch, type FieldScratch } from "../src/model/inclusion.ts";
import { symmetricEigen } from "../src/linalg/symmetric-eigen.ts";
import { countRelaySolutions } from "../src/relay/enumeration.ts";
import { DenseRelayMatrix } from "../src/relay/matrix.ts";
import { nonPositiveMinor, type RelayProblem } from "../src/relay/problem.ts";
import { RelaySolver } from "../src/relay/solve.ts";
import type { SimulationProblem, Solver } from "../src/solver.ts";
import { SurfaceSnapper } from "../src/switching.ts";
import { applyWinv, buildThetaOperators, type ThetaOperators } from "../src/theta-operators.ts";

/** Options of the implicit θ-method. */
export interface ImplicitEulerOptions extends FixedStepOptions {
  /** θ ∈ [½, 1] (default 1: backward Euler; ½ is the trapezoidal/Siconos-tutorial choice). */
  theta?: number;
  /** Tolerance of the relay solves relative to 1 + ‖q‖∞ (default 1e-10). */
  relayTol?: number;
}

class ImplicitEulerIntegrator extends FixedStepIntegrator {
  private readonly ops: ThetaOperators;
  private readonly relay: RelayProblem;
  private readonly relaySolver: RelaySolver;
  private readonly snapper: SurfaceSnapper;
  private readonly scratch: FieldScratch;
  private readonly rhs: Float64Array;
  private readonly bx: Float64Array;
  private readonly relayTol: number;
  private readonly pieceScratch: Int32Array;
  /**
   * Whether M failed the P-matrix test (small k) without a proof that the state update is unique
   * anyway (see {@link uniqueStateUpdate}): each step with units on surfaces is then checked by enumeration.
   */
  private readonly checkUniqueness: boolean;

  constructor(problem: SimulationProblem, options: ImplicitEulerOptions) {
    super("implicit-euler", problem, options, 0);
    const theta = options.theta ?? 1;
    if (!(theta >= 0.5 && theta <= 1)) throw new InputError(`invalid argument: \`theta\` must be in [0.5, 1], got ${theta}`);
    this.relayTol = options.relayTol ?? 1e-10;
    if (!(this.relayTol > 0)) throw new InputError(`invalid argument: \`relayTol\` must be positive, got ${this.relayTol}`);
    const inc = this.inc;
    this.ops = buildThetaOperators(inc, this.h, theta);
    this.relay = { k: inc.k, M: new DenseRelayMatrix(inc.k, this.ops.M), q: new Float64Array(inc.k), laws: inc.laws };
    this.relaySolver = new RelaySolver(inc.k);
    this.snapper = new SurfaceSnapper(inc.C);
    this.scratch = fieldScratch(inc);
    this.rhs = new Float64Array(inc.n);
    this.bx = new Float64Array(inc.n);
    this.pieceScratch = new Int32Array(inc.k);
    this.checkUniqueness = inc.k <= UNIQUENESS_CHECK_LIMIT && nonPositiveMinor(inc.k, this.ops.M) !== null && !uniqueStateUpdate(inc.k, inc.n, this.ops.M, this.ops.WinvG);
  }

  private readonly uniqS = new Float64Array(this.inc.k);
  private readonly uniqW = new Float64Array(this.inc.k);

  /**
   * Whether two relay solutions give the same state x⁺ = x_free + h W⁻¹G s (multipliers of a
   * positive semidefinite M can differ along null directions that do not move the state).
   */
  private sameUpdate(a: Float64Array, b: Float64Array): boolean {
    const { n, k } = this.inc;
    const WinvG = this.ops.WinvG;
    for (let i = 0; i < n; i++) {
      let d = 0;
      let scale = 0;
      for (let j = 0; j < k; j++) {
        d += WinvG[i * k + j] * (a[j] - b[j]);
        scale += Math.abs(WinvG[i * k + j] * a[j]);
      }
      if (Math.abs(d) > 1e-9 * (1 + scale)) return false;
    }
    return true;
  }

  /** Whether the current relay solution has some unit on a breakpoint. */
  private onSurface(): boolean {
    for (let i = 0; i < this.inc.k; i++) if (this.inc.laws.piece(i, this.y[i]) & 1) return true;
    return false;
  }

  protected advance(t: number, h: number): StepFailure | null {
    const { inc, ops, rhs, x } = this;
    const n = inc.n;
    const theta = ops.theta;
    rhs.set(x);
    if (inc.B && theta < 1) {
      inc.B.apply(x, this.bx);
      for (let i = 0; i < n; i++) rhs[i] -= h * (1 - theta) * this.bx[i];
    }
    if (inc.u) {
      if (theta < 1) addInput(inc, t, rhs, this.scratch, h * (1 - theta));
      addInput(inc, t + h, rhs, this.scratch, h * theta);
    }
    if (inc.g) {
      inc.g(t, x, this.scratch.tmp);
      for (let i = 0; i < n; i++) rhs[i] += h * this.scratch.tmp[i];
      this.stats.fEvals++;
    }
    applyWinv(ops, n, rhs); // rhs = x_free
    const q = this.relay.q;
    inc.C.apply(rhs, q);
    for (let i = 0; i < inc.k; i++) q[i] -= inc.d[i];
    const out = this.relaySolver.solve(this.relay, this.s, this.y, this.relayTol);
    this.stats.relaySolves++;
    this.stats.relayIterations += out.iterations;
    if (!out.ok) return { status: "relay-failure", message: relayFailureMessage(t, out.message, this.inc.k, this.ops.M) };
    if (this.checkUniqueness && this.onSurface()) {
      const count = countRelaySolutions(this.relay, this.uniqS, this.uniqW, this.relaySolver.ws, 2, this.relayTol, (a, b) => this.sameUpdate(a, b));
      if (count > 1) {
        return {
          status: "repulsive-sliding",
          message: `at t = ${t} the relay problem has several solutions (M = −h C W⁻¹ G is not a P-matrix): the forward Filippov solution is not unique there (repulsive sliding); implicit Euler does not guess`,
        };
      }
    }
    // x⁺ = x_free + h W⁻¹G s⁺
    const k = inc.k;
    const WinvG = ops.WinvG;
    for (let i = 0; i < n; i++) {
      let acc = rhs[i];
      const row = i * k;
      for (let j = 0; j < k; j++) acc += h * WinvG[row + j] * this.s[j];
      x[i] = acc;
    }
    // y = w from the relay (units on surfaces exactly at their breakpoints); snap x onto them.
    for (let i = 0; i < k; i++) this.pieceScratch[i] = inc.laws.piece(i, this.y[i]);
    this.snapper.snap(x, this.pieceScratch, inc.laws, inc.d);
    return null;
  }
}

/**
 * Whether every relay solution gives the same state update x⁺ = x_free + h W⁻¹G s, for every q:
 * M symmetric positive semidefinite makes the relay problem the minimisation of the convex dual
 * energy ½sᵀMs − qᵀs + Σψ*_i(s_i), whose minimisers share M s (along a segment of minimisers the
 * quadratic term must be flat, dᵀMd = 0, so Md = 0); if moreover W⁻¹G v = 0 for every null vector v
 * of M, they share W⁻¹G s. This is the case of the penalty networks for optimization
 * (M = τσC(I−P)Cᵀ is singular but moves the state uniquely). Signs and null vectors from the
 * eigen-decomposition of M (tolerance 1e-10 relative), for the small k of the uniqueness check.
 */
export function uniqueStateUpdate(k: number, n: number, M: Float64Array, WinvG: Float64Array): boolean {
  let scale = 0;
  for (let i = 0; i < k * k; i++) scale = Math.max(scale, Math.abs(M[i]));
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) if (Math.abs(M[i * k + j] - M[j * k + i]) > 1e-12 * scale) return false;
  const sym = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sym[i * k + j] = 0.5 * (M[i * k + j] + M[j * k + i]);
  const { values, vectors } = symmetricEigen(k, sym);
  const tol = 1e-10 * Math.max(Math.abs(values[0]), Math.abs(values[k - 1]));
  if (values[0] < -tol) return false;
  let gScale = 0;
  for (let i = 0; i < n * k; i++) gScale = Math.max(gScale, Math.abs(WinvG[i]));
  for (let a = 0; a < k && values[a] <= tol; a++) {
    // null vector v (column a of the eigenvectors): W⁻¹G v must vanish
    for (let r = 0; r < n; r++) {
      let acc = 0;
      for (let j = 0; j < k; j++) acc += WinvG[r * k + j] * vectors[j * k + a];
      if (Math.abs(acc) > 1e-8 * gScale) return false;
    }
  }
  return true;
}

/** Largest k for which a non-P-matrix M triggers the per-step uniqueness check by enumeration. */
const UNIQUENESS_CHECK_LIMIT = 10;

function relayFailureMessage(t: number, detail: string, k: number, M: Float64Array): string {
  let diag = "";
  if (k <= 12) {
    const minor = nonPositiveMinor(k, M);
    diag = minor ? `; M = −h C W⁻¹ G is not a P-matrix (principal minor on units {${minor.map((i) => i + 1).join(", ")}} is not positive): the Filippov solution may not exist or be unique there` : "";
  }
  return `relay problem has no solution at t = ${t} (${detail})${diag}`;
}

/** The implicit θ-method solver (see the module comment). */
export const implicitEuler: Solver<ImplicitEulerOptions> = {
  meta: {
    name: "implicit-euler",
    description: "θ-method with implicit activations, one relay problem per step; exact sliding, no chattering (default)",
    order: 1,
    adaptive: false,
    denseOutput: false,
    filippov: true,
    options: ["h", "theta", "relayTol"],
  },
  init(problem, options = {}) {
    return new ImplicitEulerIntegrator(problem, options);
  },
};
