/**
 * The gain bound and the finite-time feasibility bound of the Liu–Wang networks, computed so that
 * they can be trusted (or are flagged when they cannot):
 *
 *     ε dx/dt ∈ −P x + q − (I − P)(∇f(x) + σ ∂Φ(x)),   on S = {Ax = b}:  ε dΦ/dt ≤ −‖Nγ‖(σ‖Nγ‖ − L),
 *     N = I − P,  γ ∈ ∂Φ(x) = Cᵀ Law(Cx − d),
 *     β = min{‖Nγ‖ : γ ∈ ∂Φ(x), x ∈ S, Φ(x) > 0},   L ≥ sup ‖N∇f(x)‖ over the region visited,
 *     σ > L/β  ⇒  Φ(x(t)) = 0 for t ≥ T,  T ≤ εΦ(x₀) / (β(σβ − L))   (x₀ ∈ S).
 *
 * β (the smallest norm of the projected activation vector over the activation patterns realisable on
 * S) is computed by enumeration: in coordinates x = q + Z t on S (Z an orthonormal basis of null A),
 * unit i switches on the hyperplanes a_iᵀt = b − y0_i (a_i = ZᵀC_iᵀ, y0_i = C_i q − d_i). On every
 * face of this arrangement the set ∂Φ is a fixed box image, and it only grows towards the face's
 * boundary (outer semicontinuity), so the minimum is attained on a minimal face with Φ > 0: a vertex
 * with Φ > 0, or an edge (a ray) leaving a vertex (Φ is convex, so a face whose vertices and edges
 * are all feasible is feasible). After removing the lineality space (directions along which no unit
 * changes) the arrangement is pointed, so the vertices are the solutions of the r′×r′ systems of
 * r′ unit hyperplanes; every vertex and every edge leaving it is evaluated at an actual point of S,
 * so every pattern used is realisable, and the minimum of ‖N Cᵀ s‖ over the box of s at that point is
 * solved exactly by enumerating the faces of the box (for up to 10 free units). This is `kind:
 * "exact"`.
 *
 * When the enumeration is too large (more than `maxCombinations` candidate vertices), the
 * conservative substitute drops realisability: for each unit j and each violated value v of its law,
 * min ‖N Cᵀ s‖ with s_j = v and every other unit anywhere in the hull of its law, bounded from below
 * by a projected-gradient run certified by its Frank–Wolfe gap. That β′ ≤ β (a superset of
 * patterns), so σ > L/β′ is sufficient and T′ ≥ T still bounds the time (b ↦ b(σb − L) increases for
 * b > L/(2σ)): `kind: "conservative"`; it is often 0 (no bound) on problems with units that cannot be
 * violated on S. For QPs, L = ‖Nc‖ + ‖Q‖_F·max‖x‖ over the box spanned by the bounds and x₀, so the
 * bound is rigorous only while the trajectory stays in that box: the run measures
 * max ‖N∇f(x(t))‖ and reports whether it stayed ≤ L.
 *
 * Structure of the networks: Q. Liu & J. Wang, Neural Computation 20(5), 2008 (LP) and IEEE TNN
 * 19(4), 2008 (QP), reconstructed (see `problems/optimization/network.ts`). The finite-time argument
 * is the nonsmooth chain rule of Forti, Grazzini, Nistri & Pancioni, Physica D 214 (2006) 88–99.
 */
import { luFactor, luSolve } from "../../src/linalg/dense.ts";
import { penalty } from "../optimization/analysis.ts";
import { projectNull, type LiuWangNetwork } from "../optimization/network.ts";

/** The gain bound σ > L/β (see the module comment). */
export interface GainBound {
  /** L ≥ sup ‖(I − P)∇f‖ over the region (null: unbounded). */
  L: number | null;
  /** β (exact), β′ ≤ β (conservative), or null. */
  beta: number | null;
  /** L/β, the gain above which Φ reaches 0 in finite time (null when unavailable). */
  value: number | null;
  kind: "exact" | "conservative" | "none";
  /** Whether T ≤ εΦ(x₀)/(β(σβ − L)) is proved for this problem (QP: only inside the box used for L). */
  rigorous: boolean;
  /** How L and β were obtained, and why the bound is or is not rigorous. */
  method: string;
  /** Number of realisable faces (vertices and edges) evaluated (0 for the substitute). */
  faces: number;
}

/** Options of {@link liuWangGainBound}. */
export interface GainBoundOptions {
  /** Largest number of candidate vertices before the conservative substitute is used (default 20000). */
  maxCombinations?: number;
  /** QP: initial state included in the box over which L is bounded. */
  x0?: ArrayLike<number>;
}

const norm2 = (v: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
};

/** Orthonormalises `vectors` (Gram–Schmidt twice); drops those with a remainder ≤ tol·‖v‖. */
function orthonormalize(vectors: Float64Array[], dim: number, tol = 1e-10, against: Float64Array[] = []): Float64Array[] {
  const basis: Float64Array[] = [];
  for (const v0 of vectors) {
    const v = Float64Array.from(v0);
    const n0 = norm2(v);
    if (n0 === 0) continue;
    for (let pass = 0; pass < 2; pass++) {
      for (const u of [...against, ...basis]) {
        let s = 0;
        for (let j = 0; j < dim; j++) s += u[j] * v[j];
        for (let j = 0; j < dim; j++) v[j] -= s * u[j];
      }
    }
    const nv = norm2(v);
    if (nv > tol * n0) basis.push(v.map((x) => x / nv));
  }
  return basis;
}

/** Reduced coordinates of the units on S (see the module comment). */
interface Arrangement {
  /** Dimension r′ after removing the lineality space. */
  r: number;
  /** a′_i (length r′, zero for units constant on S). */
  a: Float64Array[];
  y0: Float64Array;
  constant: boolean[];
}

function arrangement(net: LiuWangNetwork): Arrangement {
  const { n, m, U, C, d, q, k } = net;
  const Urows = Array.from({ length: m }, (_, r) => U.subarray(r * n, (r + 1) * n));
  const Z = orthonormalize(Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => (i === j ? 1 : 0))), n, 1e-8, Urows);
  const y0 = new Float64Array(k);
  C.apply(q, y0);
  const rows: Float64Array[] = [];
  const e = new Float64Array(k);
  const row = new Float64Array(n);
  for (let i = 0; i < k; i++) {
    y0[i] -= d[i];
    e.fill(0);
    e[i] = 1;
    C.applyTranspose(e, row);
    rows.push(Float64Array.from(Z, (z) => {
      let s = 0;
      for (let j = 0; j < n; j++) s += z[j] * row[j];
      return s;
    }));
  }
  const constant = rows.map((a, i) => {
    e.fill(0);
    e[i] = 1;
    C.applyTranspose(e, row);
    return norm2(a) <= 1e-12 * (1 + norm2(row));
  });
  const W = orthonormalize(rows.filter((_, i) => !constant[i]), Z.length, 1e-9);
  const a = rows.map((ai, i) =>
    constant[i]
      ? new Float64Array(W.length)
      : Float64Array.from(W, (w) => {
          let s = 0;
          for (let j = 0; j < ai.length; j++) s += w[j] * ai[j];
          return s;
        }),
  );
  return { r: W.length, a, y0, constant };
}

/**
 * min ‖c + Σ_i s_i a_i‖ over s ∈ ∏[lo_i, hi_i]: exact by enumerating the faces of the box (each
 * variable at lo, at hi, or free; a free set with independent columns has a unique stationary
 * point, and an optimal vertex of the solution set always has one).
 */
export function boxMinNormExact(c: Float64Array, cols: Float64Array[], lo: number[], hi: number[]): number {
  const p = cols.length;
  const r = c.length;
  let best = Infinity;
  const state = new Int8Array(p); // 0 lo, 1 hi, 2 free
  const total = 3 ** p;
  const res = new Float64Array(r);
  for (let code = 0; code < total; code++) {
    let rem = code;
    for (let i = 0; i < p; i++) {
      state[i] = rem % 3;
      rem = Math.floor(rem / 3);
    }
    const free: number[] = [];
    res.set(c);
    for (let i = 0; i < p; i++) {
      if (state[i] === 2) free.push(i);
      else {
        const v = state[i] === 0 ? lo[i] : hi[i];
        for (let j = 0; j < r; j++) res[j] += v * cols[i][j];
      }
    }
    if (free.length > 0) {
      if (free.length > r) continue; // dependent columns
      const f = free.length;
      if (orthonormalize(free.map((i) => cols[i]), r, 1e-9).length < f) continue;
      const G = new Float64Array(f * f);
      const rhs = new Float64Array(f);
      for (let a = 0; a < f; a++) {
        for (let b = 0; b < f; b++) {
          let s = 0;
          for (let j = 0; j < r; j++) s += cols[free[a]][j] * cols[free[b]][j];
          G[a * f + b] = s;
        }
        let s = 0;
        for (let j = 0; j < r; j++) s += cols[free[a]][j] * res[j];
        rhs[a] = -s;
      }
      const piv = new Int32Array(f);
      if (!luFactor(f, G, piv)) continue;
      luSolve(f, G, piv, rhs);
      let inside = true;
      for (let a = 0; a < f; a++) {
        const i = free[a];
        const tol = 1e-12 * (1 + Math.abs(lo[i]) + Math.abs(hi[i]));
        if (rhs[a] < lo[i] - tol || rhs[a] > hi[i] + tol) inside = false;
      }
      if (!inside) continue;
      for (let a = 0; a < f; a++) for (let j = 0; j < r; j++) res[j] += rhs[a] * cols[free[a]][j];
    }
    best = Math.min(best, norm2(res));
  }
  return best;
}

/**
 * A certified lower bound of min ‖c + Σ_i s_i a_i‖ over the box: accelerated projected gradient on
 * ½‖·‖², then the Frank–Wolfe bound f(s̄) + min_{s ∈ box} ∇f(s̄)ᵀ(s − s̄) ≤ min f (convexity).
 */
export function boxMinNormLower(c: Float64Array, cols: Float64Array[], lo: number[], hi: number[], iterations = 3000): number {
  const p = cols.length;
  const r = c.length;
  let lf = 0;
  for (const a of cols) lf += norm2(a) ** 2;
  const step = lf > 0 ? 1 / lf : 1;
  const s = Float64Array.from({ length: p }, (_, i) => Math.min(hi[i], Math.max(lo[i], 0)));
  const yv = Float64Array.from(s);
  const prev = Float64Array.from(s);
  const res = new Float64Array(r);
  const grad = new Float64Array(p);
  const evalAt = (v: Float64Array) => {
    res.set(c);
    for (let i = 0; i < p; i++) for (let j = 0; j < r; j++) res[j] += v[i] * cols[i][j];
    for (let i = 0; i < p; i++) {
      let g = 0;
      for (let j = 0; j < r; j++) g += cols[i][j] * res[j];
      grad[i] = g;
    }
    return 0.5 * norm2(res) ** 2;
  };
  let tk = 1;
  for (let it = 0; it < iterations; it++) {
    evalAt(yv);
    prev.set(s);
    for (let i = 0; i < p; i++) s[i] = Math.min(hi[i], Math.max(lo[i], yv[i] - step * grad[i]));
    const tn = (1 + Math.sqrt(1 + 4 * tk * tk)) / 2;
    for (let i = 0; i < p; i++) yv[i] = s[i] + ((tk - 1) / tn) * (s[i] - prev[i]);
    tk = tn;
  }
  const f = evalAt(s);
  let lb = f;
  for (let i = 0; i < p; i++) lb += Math.min(grad[i] * (lo[i] - s[i]), grad[i] * (hi[i] - s[i]));
  return Math.sqrt(Math.max(0, 2 * lb));
}

/** L ≥ sup ‖(I − P)∇f‖: exact for an LP; for a QP over the box spanned by the bounds and x₀. */
function gradientBound(net: LiuWangNetwork, x0?: ArrayLike<number>): { L: number | null; method: string } {
  const p = net.problem;
  const L0 = norm2(net.Nc);
  if (!p.Q) return { L: L0, method: "L = ‖(I−P)c‖ (exact for an LP)" };
  let R2 = 0;
  for (let j = 0; j < p.n; j++) {
    const b = Math.max(Math.abs(p.lb[j]), Math.abs(p.ub[j]), x0 ? Math.abs(x0[j]) : 0);
    if (!Number.isFinite(b)) return { L: null, method: "L unbounded (QP with an unbounded variable)" };
    R2 += b * b;
  }
  return { L: L0 + norm2(p.Q) * Math.sqrt(R2), method: "L = ‖(I−P)c‖ + ‖Q‖_F·max‖x‖ over the box spanned by the bounds and x₀ (valid while the trajectory stays in it)" };
}

/**
 * Computes L, β and the gain bound L/β of a Liu–Wang network (see the module comment).
 * @param net - a network from `buildLiuWangNetwork`.
 * @param options - the enumeration budget and, for a QP, x₀.
 * @returns the bound with its kind, whether it is rigorous and how it was computed; never throws.
 * @example liuWangGainBound(buildLiuWangNetwork(liuWangExample())).value // 4.5 (L = 9/√5, β = 2/√5)
 */
export function liuWangGainBound(net: LiuWangNetwork, options: GainBoundOptions = {}): GainBound {
  const { L, method: lMethod } = gradientBound(net, options.x0);
  const qpNote = net.problem.Q ? "; rigorous only while x(t) stays in that box" : "";
  const none = (why: string): GainBound => ({ L, beta: null, value: null, kind: "none", rigorous: false, method: `${lMethod}; ${why}`, faces: 0 });
  if (net.k === 0) return none("nothing is penalised (no bounds or inequalities)");
  const arr = arrangement(net);
  const { laws } = net;
  for (let i = 0; i < net.k; i++) {
    if (!arr.constant[i]) continue;
    const p = laws.piece(i, arr.y0[i], 1e-12 * (1 + Math.abs(arr.y0[i])));
    if (laws.value(i, p >> 1) > 0 || laws.value(i, (p + 1) >> 1) < 0) return none(`unit ${i + 1} is violated everywhere on {Ax = b}: the problem is infeasible`);
  }
  if (arr.r === 0) return none("Φ is constant on {Ax = b}: no gain is needed (the feasible set is reached at once or never)");
  const nonConst = arr.a.map((_, i) => i).filter((i) => !arr.constant[i]);
  const maxBp = Math.max(...nonConst.map((i) => laws.breakpointCount(i)));
  let combos = 1;
  for (let j = 0; j < arr.r; j++) combos = (combos * (nonConst.length - j)) / (j + 1);
  combos *= maxBp ** arr.r;
  const finish = (beta: number, kind: "exact" | "conservative", bMethod: string, faces: number): GainBound => {
    if (!(beta > 0)) return { ...none(`${bMethod} gives β = 0: no finite-time bound`), faces };
    return { L, beta, value: L === null ? null : L / beta, kind: L === null ? "none" : kind, rigorous: L !== null && !net.problem.Q, method: `${lMethod}; ${bMethod}${qpNote}`, faces };
  };
  if (combos > (options.maxCombinations ?? 20000)) {
    return finish(conservativeBeta(arr, net), "conservative", `β′ ≤ β from all activation patterns without the realisability test (${Math.round(combos)} candidate vertices exceed the enumeration budget), certified by a Frank–Wolfe gap`, 0);
  }
  const { beta, faces, approximate } = enumerateBeta(arr, net, nonConst);
  return finish(beta, approximate ? "conservative" : "exact", `β by enumerating the ${faces} realisable vertices and edges of the activation arrangement on {Ax = b} (dimension ${arr.r})${approximate ? "; some boxes had more than 10 free units and used the certified lower bound" : ""}`, faces);
}

function conservativeBeta(arr: Arrangement, net: LiuWangNetwork): number {
  const { laws } = net;
  const nonConst = arr.a.map((_, i) => i).filter((i) => !arr.constant[i]);
  let best = Infinity;
  for (const j of nonConst) {
    const vals = new Set<number>();
    for (let p = 0; p <= laws.breakpointCount(j); p++) if (laws.value(j, p) !== 0) vals.add(laws.value(j, p));
    for (const v of vals) {
      const c = arr.a[j].map((x) => v * x);
      const others = nonConst.filter((i) => i !== j);
      const lo = others.map((i) => laws.value(i, 0));
      const hi = others.map((i) => laws.value(i, laws.breakpointCount(i)));
      best = Math.min(best, boxMinNormLower(c, others.map((i) => arr.a[i]), lo, hi));
    }
  }
  return best;
}

function enumerateBeta(arr: Arrangement, net: LiuWangNetwork, nonConst: number[]): { beta: number; faces: number; approximate: boolean } {
  const { laws } = net;
  const r = arr.r;
  let best = Infinity;
  let faces = 0;
  let approximate = false;
  const yAt = (i: number, u: Float64Array) => {
    let s = arr.y0[i];
    for (let j = 0; j < r; j++) s += arr.a[i][j] * u[j];
    return s;
  };
  const tolOf = (i: number, u: Float64Array) => 1e-9 * (1 + Math.abs(arr.y0[i]) + norm2(arr.a[i]) * norm2(u));
  /** Evaluates the pattern at point u; returns the active (on-surface) non-constant units. */
  const evaluate = (u: Float64Array): number[] => {
    const c = new Float64Array(r);
    const cols: Float64Array[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    const active: number[] = [];
    let violated = false;
    for (let i = 0; i < net.k; i++) {
      const y = arr.constant[i] ? arr.y0[i] : yAt(i, u);
      const p = laws.piece(i, y, arr.constant[i] ? 1e-12 * (1 + Math.abs(y)) : tolOf(i, u));
      const a = laws.value(i, p >> 1);
      const b = laws.value(i, (p + 1) >> 1);
      if (a > 0 || b < 0) violated = true;
      if (arr.constant[i]) continue;
      if (p & 1) active.push(i);
      if (a === b) for (let j = 0; j < r; j++) c[j] += a * arr.a[i][j];
      else {
        cols.push(arr.a[i]);
        lo.push(a);
        hi.push(b);
      }
    }
    faces++;
    if (violated) {
      if (cols.length > 10) {
        approximate = true;
        best = Math.min(best, boxMinNormLower(c, cols, lo, hi));
      } else best = Math.min(best, boxMinNormExact(c, cols, lo, hi));
    }
    return active;
  };
  const seen = new Set<string>();
  const chosen: number[] = [];
  const bps: number[] = [];
  const visitVertex = (u: Float64Array) => {
    const key = Array.from(u, (v) => v.toPrecision(10)).join(",");
    if (seen.has(key)) return;
    seen.add(key);
    const active = evaluate(u);
    // edges: drop one of r − 1 … keep r − 1 independent active hyperplanes, move along their common direction
    const subsets: number[][] = [];
    const pick = (start: number, acc: number[]) => {
      if (subsets.length > 200) return;
      if (acc.length === r - 1) {
        subsets.push(acc.slice());
        return;
      }
      for (let s = start; s < active.length; s++) pick(s + 1, [...acc, active[s]]);
    };
    pick(0, []);
    for (const T of subsets) {
      const B = orthonormalize(T.map((i) => arr.a[i]), r, 1e-9);
      if (B.length < r - 1) continue;
      const cands = orthonormalize(Array.from({ length: r }, (_, j) => Float64Array.from({ length: r }, (_, i) => (i === j ? 1 : 0))), r, 1e-8, B);
      if (cands.length === 0) continue;
      const dir = cands[0];
      for (const sgn of [1, -1]) {
        let delta = Infinity;
        for (const i of nonConst) {
          let ad = 0;
          for (let j = 0; j < r; j++) ad += arr.a[i][j] * dir[j] * sgn;
          if (Math.abs(ad) <= 1e-12 * norm2(arr.a[i])) continue;
          const yi = yAt(i, u);
          for (let b = 1; b <= laws.breakpointCount(i); b++) {
            const lam = (laws.breakpoint(i, b) - yi) / ad;
            if (lam > 1e-9 * (1 + norm2(u))) delta = Math.min(delta, lam);
          }
        }
        const step = Number.isFinite(delta) ? delta / 2 : 1 + norm2(u);
        evaluate(Float64Array.from(u, (v, j) => v + step * sgn * dir[j]));
      }
    }
  };
  const recurse = (start: number) => {
    if (chosen.length === r) {
      const M = new Float64Array(r * r);
      const rhs = new Float64Array(r);
      chosen.forEach((i, a) => {
        M.set(arr.a[i], a * r);
        rhs[a] = laws.breakpoint(i, bps[a]) - arr.y0[i];
      });
      if (orthonormalize(chosen.map((i) => arr.a[i]), r, 1e-9).length < r) return;
      const piv = new Int32Array(r);
      if (!luFactor(r, M, piv)) return;
      visitVertex(luSolve(r, M, piv, rhs));
      return;
    }
    for (let s = start; s < nonConst.length; s++) {
      const i = nonConst[s];
      for (let b = 1; b <= laws.breakpointCount(i); b++) {
        chosen.push(i);
        bps.push(b);
        recurse(s + 1);
        chosen.pop();
        bps.pop();
      }
    }
  };
  recurse(0);
  return { beta: best, faces, approximate };
}

/** The finite-time feasibility bound of one run (see {@link feasibilityTimeBound}). */
export interface FeasibilityBound {
  /** T ≤ εΦ(x₀)/(β(σβ − L)), 0 when x₀ is feasible, or null when the bound does not apply. */
  T: number | null;
  /** Why it does not apply (empty when it does). */
  reason: string;
}

/**
 * T ≤ εΦ(x₀)/(β(σβ − L)) for a run of the network with gain σ from x₀ (Forti et al. 2006 argument;
 * see the module comment). Applies when x₀ ∈ {Ax = b} (to 1e-9 relative), β and L are available and
 * σβ > L.
 * @param net - the network (its ε and problem are used; σ is passed separately).
 * @param bound - from {@link liuWangGainBound}.
 * @returns T (model time) or null with the reason.
 */
export function feasibilityTimeBound(net: LiuWangNetwork, bound: GainBound, x0: ArrayLike<number>, sigma: number): FeasibilityBound {
  const { n, m, U, bt } = net;
  let worst = 0;
  let scale = 1;
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += U[r * n + j] * x0[j];
    worst = Math.max(worst, Math.abs(s - bt[r]));
    scale = Math.max(scale, Math.abs(bt[r]));
  }
  if (worst > 1e-9 * scale) return { T: null, reason: "x0 is not on {Ax = b} (the bound holds only after the exponential transient)" };
  const phi0 = penalty(net.problem, x0);
  if (phi0 === 0) return { T: 0, reason: "" };
  if (bound.L === null || bound.beta === null) return { T: null, reason: `no gain bound (${bound.method})` };
  const gap = bound.beta * (sigma * bound.beta - bound.L);
  if (!(gap > 1e-12 * bound.L * bound.beta)) return { T: null, reason: `σ = ${sigma} ≤ L/β = ${(bound.L / bound.beta).toPrecision(6)}` };
  return { T: (net.epsilon * phi0) / gap, reason: "" };
}

/** ‖(I − P)∇f(x)‖ (for the a-posteriori check of L along a trajectory). */
export function projectedGradientNorm(net: LiuWangNetwork, x: ArrayLike<number>, tmp = new Float64Array(net.n)): number {
  const p = net.problem;
  const n = p.n;
  for (let i = 0; i < n; i++) {
    let g = p.c[i];
    if (p.Q) for (let j = 0; j < n; j++) g += p.Q[i * n + j] * x[j];
    tmp[i] = g;
  }
  projectNull(net, tmp, new Float64Array(Math.max(net.m, 1)));
  return norm2(tmp);
}
