/**
 * Set-valued activation laws: monotone staircases, convexified at their jumps (Filippov).
 *
 * Every law of this package is one shape: breakpoints `b₁ < … < b_m` and nondecreasing values
 * `v₀ ≤ v₁ ≤ … ≤ v_m`, with
 *
 *     Law(y) = {v_j}            for b_j < y < b_{j+1}   (b₀ = −∞, b_{m+1} = +∞)
 *     Law(y) = [v_{j−1}, v_j]   for y = b_j
 *
 * i.e. the subdifferential of the convex piecewise-linear ψ(y) = v₀·y + Σ_j (v_j − v_{j−1})·max(0, y − b_j).
 * - sign: b = (0), v = (−1, 1) — Hopfield-type and L1 networks;
 * - step (Heaviside): b = (0), v = (0, 1) — inequality neurons;
 * - hard limiter with dead zone [l, h]: b = (l, h), v = (−1, 0, 1) — Liu & Wang's bound neurons;
 * - staircase (Findlay 1989): b = thresholds, v = cumulative sums of the step heights;
 * - relay [lb, ub]: b = (0), v = (lb, ub) — Siconos's `RelayNSL`.
 *
 * A {@link LawSet} holds one law per activation unit in flat typed arrays so that the hot loops
 * (relay solves, event detection) read them without allocation.
 */
import { InputError, describe } from "../errors.ts";

/** The named activation laws, as written in network files. */
export type LawSpec =
  | { type: "sign" }
  | { type: "step" }
  | { type: "hard-limiter"; lower: number; upper: number }
  | { type: "staircase"; thresholds: number[]; heights: number[] }
  | { type: "relay"; lower: number; upper: number };

/** One law in breakpoint/value form (see the module comment). */
export interface Law {
  readonly name: string;
  readonly breakpoints: Float64Array;
  readonly values: Float64Array;
}

function finite(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InputError(`invalid activation: \`${field}\` must be a finite number, got ${describe(v)}`);
  }
  return v;
}

/**
 * Builds a {@link Law} from its specification (a type name string or an object).
 * @param field - where the spec came from, for error messages (e.g. `activation[2]`).
 * @throws InputError for unknown types, non-finite numbers, empty or unsorted thresholds, non-positive heights, lower ≥ upper.
 * @example lawFromSpec({ type: "hard-limiter", lower: -5, upper: 5 }) // breakpoints (−5, 5), values (−1, 0, 1)
 */
export function lawFromSpec(spec: LawSpec | string, field = "activation"): Law {
  const s = (typeof spec === "string" ? { type: spec } : spec) as { type?: unknown } & Record<string, unknown>;
  if (s === null || typeof s !== "object") throw new InputError(`invalid activation: \`${field}\` must be a string or an object, got ${describe(spec)}`);
  switch (s.type) {
    case "sign":
      return { name: "sign", breakpoints: Float64Array.of(0), values: Float64Array.of(-1, 1) };
    case "step":
      return { name: "step", breakpoints: Float64Array.of(0), values: Float64Array.of(0, 1) };
    case "hard-limiter": {
      const l = finite(s.lower, `${field}.lower`);
      const h = finite(s.upper, `${field}.upper`);
      if (!(l < h)) throw new InputError(`invalid activation: \`${field}\` hard limiter needs lower < upper, got lower = ${l}, upper = ${h}`);
      return { name: `hard-limiter[${l},${h}]`, breakpoints: Float64Array.of(l, h), values: Float64Array.of(-1, 0, 1) };
    }
    case "relay": {
      const lb = finite(s.lower, `${field}.lower`);
      const ub = finite(s.upper, `${field}.upper`);
      if (!(lb < ub)) throw new InputError(`invalid activation: \`${field}\` relay needs lower < upper, got lower = ${lb}, upper = ${ub}`);
      return { name: `relay[${lb},${ub}]`, breakpoints: Float64Array.of(0), values: Float64Array.of(lb, ub) };
    }
    case "staircase": {
      const th = s.thresholds;
      const he = s.heights;
      if (!Array.isArray(th) || th.length === 0) throw new InputError(`invalid activation: \`${field}.thresholds\` must be a non-empty array, got ${describe(th)}`);
      if (!Array.isArray(he) || he.length !== th.length) throw new InputError(`invalid activation: \`${field}.heights\` must be an array of ${th.length} entries (one per threshold), got ${describe(he)}`);
      const b = new Float64Array(th.length);
      const v = new Float64Array(th.length + 1);
      for (let j = 0; j < th.length; j++) {
        b[j] = finite(th[j], `${field}.thresholds[${j}]`);
        if (j > 0 && !(b[j] > b[j - 1])) throw new InputError(`invalid activation: \`${field}.thresholds\` must be strictly increasing, got ${b[j - 1]} then ${b[j]}`);
        const hj = finite(he[j], `${field}.heights[${j}]`);
        if (!(hj > 0)) throw new InputError(`invalid activation: \`${field}.heights[${j}]\` must be positive (a monotone staircase; put signs into W), got ${hj}`);
        v[j + 1] = v[j] + hj;
      }
      return { name: `staircase(${th.length})`, breakpoints: b, values: v };
    }
    default:
      throw new InputError(`invalid activation: \`${field}\` has unknown type ${describe(s.type)}; expected "sign", "step", "hard-limiter", "staircase" or "relay"`);
  }
}

/**
 * The laws of all k activation units, in flat arrays.
 *
 * Unit i has breakpoints `bp[start[i] .. start[i+1])` and values `val[start[i] + i .. start[i+1] + i]`.
 * A *piece* index p ∈ [0, 2m] names where y sits: even p = 2j is the open interval (b_j, b_{j+1})
 * where s = v_j; odd p = 2j − 1 is the breakpoint b_j where s ∈ [v_{j−1}, v_j] (a switching surface).
 */
export class LawSet {
  readonly k: number;
  readonly bp: Float64Array;
  readonly val: Float64Array;
  readonly start: Int32Array;
  readonly names: string[];

  constructor(laws: readonly Law[]) {
    this.k = laws.length;
    this.start = new Int32Array(this.k + 1);
    for (let i = 0; i < this.k; i++) this.start[i + 1] = this.start[i] + laws[i].breakpoints.length;
    this.bp = new Float64Array(this.start[this.k]);
    this.val = new Float64Array(this.start[this.k] + this.k);
    this.names = laws.map((l) => l.name);
    for (let i = 0; i < this.k; i++) {
      this.bp.set(laws[i].breakpoints, this.start[i]);
      this.val.set(laws[i].values, this.start[i] + i);
    }
  }

  /** The same law for `k` units. */
  static uniform(law: Law, k: number): LawSet {
    return new LawSet(Array.from({ length: k }, () => law));
  }

  /** Number of breakpoints (switching surfaces) of unit i. */
  breakpointCount(i: number): number {
    return this.start[i + 1] - this.start[i];
  }
  /** Breakpoint b_j of unit i (j = 1..m). */
  breakpoint(i: number, j: number): number {
    return this.bp[this.start[i] + j - 1];
  }
  /** Value v_j of unit i (j = 0..m). */
  value(i: number, j: number): number {
    return this.val[this.start[i] + i + j];
  }
  /** Smallest value v₀ of unit i. */
  min(i: number): number {
    return this.val[this.start[i] + i];
  }
  /** Largest value v_m of unit i. */
  max(i: number): number {
    return this.val[this.start[i + 1] + i];
  }

  /**
   * The piece of unit i that contains y (see the class comment); y within `tol` of a breakpoint
   * counts as on it.
   */
  piece(i: number, y: number, tol = 0): number {
    const b0 = this.start[i];
    const m = this.start[i + 1] - b0;
    for (let j = 1; j <= m; j++) {
      const b = this.bp[b0 + j - 1];
      if (y < b - tol) return 2 * (j - 1);
      if (y <= b + tol) return 2 * j - 1;
    }
    return 2 * m;
  }

  /** Lower end of Law_i(y). */
  lower(i: number, y: number): number {
    const p = this.piece(i, y);
    return this.value(i, p >> 1);
  }
  /** Upper end of Law_i(y). */
  upper(i: number, y: number): number {
    const p = this.piece(i, y);
    return this.value(i, (p + 1) >> 1);
  }
  /** The single-valued selection used by naive schemes: Law_i(y) off the jumps, the midpoint at a jump (sign(0) = 0). */
  select(i: number, y: number): number {
    const p = this.piece(i, y);
    return 0.5 * (this.value(i, p >> 1) + this.value(i, (p + 1) >> 1));
  }

  /**
   * The piece holding the unique solution s of s ∈ Law_i(r − m·s), for m > 0: an even piece 2j means
   * s = v_j (flat), an odd piece 2j − 1 means r − m·s = b_j (on the switching surface).
   */
  scalarPiece(i: number, r: number, m: number): number {
    const b0 = this.start[i];
    const nb = this.start[i + 1] - b0;
    const v0 = b0 + i;
    for (let j = 0; j < nb; j++) {
      const w = r - m * this.val[v0 + j];
      if (w <= this.bp[b0 + j]) return j === 0 || w >= this.bp[b0 + j - 1] ? 2 * j : 2 * j - 1;
    }
    const w = r - m * this.val[v0 + nb];
    return nb === 0 || w >= this.bp[b0 + nb - 1] ? 2 * nb : 2 * nb - 1;
  }

  /**
   * The unique s with s ∈ Law_i(r − m·s), for m > 0: the scalar relay solve (one projected
   * Gauss–Seidel update; with r = z/ρ, m = 1/ρ it is the resolvent of Law⁻¹).
   */
  solveScalar(i: number, r: number, m: number): number {
    const p = this.scalarPiece(i, r, m);
    if ((p & 1) === 0) return this.value(i, p >> 1);
    const s = (r - this.breakpoint(i, (p + 1) >> 1)) / m;
    // clamp rounding so that s stays inside [v_{j−1}, v_j]
    const lo = this.value(i, p >> 1);
    const hi = this.value(i, (p + 1) >> 1);
    return s < lo ? lo : s > hi ? hi : s;
  }

  /** ψ_i(y) = v₀·y + Σ_j (v_j − v_{j−1})·max(0, y − b_j): the convex potential whose subdifferential is Law_i. */
  potential(i: number, y: number): number {
    const b0 = this.start[i];
    const nb = this.start[i + 1] - b0;
    const v0 = b0 + i;
    let s = this.val[v0] * y;
    for (let j = 1; j <= nb; j++) {
      const b = this.bp[b0 + j - 1];
      if (y > b) s += (this.val[v0 + j] - this.val[v0 + j - 1]) * (y - b);
    }
    return s;
  }
}

/**
 * Builds the {@link LawSet} for k units from one spec for all units or an array with one spec per unit.
 * @throws InputError when an array has the wrong length or a spec is invalid.
 */
export function lawSetFromSpec(spec: LawSpec | string | ReadonlyArray<LawSpec | string>, k: number, field = "activation"): LawSet {
  if (Array.isArray(spec)) {
    if (spec.length !== k) throw new InputError(`invalid activation: \`${field}\` must have one entry per activation unit (${k}), got ${spec.length}`);
    return new LawSet(spec.map((s, i) => lawFromSpec(s, `${field}[${i}]`)));
  }
  return LawSet.uniform(lawFromSpec(spec as LawSpec | string, field), k);
}
