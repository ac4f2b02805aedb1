import { describe, expect, it } from "vitest";
import { solveQP } from "quadprog";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { DenseRelayMatrix, type RelayCoordinateOps } from "../../src/relay/matrix.ts";
import { relayResidual, nonPositiveMinor, type RelayProblem } from "../../src/relay/problem.ts";
import { PatternWorkspace } from "../../src/relay/pattern.ts";
import { solveRelayNewton } from "../../src/relay/newton.ts";
import { solveRelayEnumerate } from "../../src/relay/enumeration.ts";
import { solveRelayPgs } from "../../src/relay/pgs.ts";
import { RelaySolver } from "../../src/relay/solve.ts";
import { randomPMatrix, symmetricUniform } from "../helpers/matrices.ts";

const rng = symmetricUniform;

/** A relay problem on a dense M. */
function dense(k: number, M: Float64Array, q: Float64Array, laws: LawSet): RelayProblem {
  return { k, M: new DenseRelayMatrix(k, M), q, laws };
}

/** Checks s ∈ Law(w), w = q − Ms (M dense), through the set-valued map itself (lower/upper), not through the solvers' residual. */
function satisfies(p: RelayProblem, s: Float64Array, tol: number): boolean {
  const M = (p.M as DenseRelayMatrix).entries;
  for (let i = 0; i < p.k; i++) {
    let w = p.q[i];
    for (let j = 0; j < p.k; j++) w -= M[i * p.k + j] * s[j];
    // allow w within tol of a breakpoint
    const lo = Math.min(p.laws.lower(i, w - tol), p.laws.lower(i, w + tol));
    const hi = Math.max(p.laws.upper(i, w - tol), p.laws.upper(i, w + tol));
    if (s[i] < lo - tol || s[i] > hi + tol) return false;
  }
  return true;
}

const mixedLaws = (k: number) =>
  new LawSet(
    Array.from({ length: k }, (_, i) =>
      i % 3 === 0 ? lawFromSpec("sign") : i % 3 === 1 ? lawFromSpec({ type: "hard-limiter", lower: -0.5, upper: 0.5 }) : lawFromSpec({ type: "staircase", thresholds: [-1, 1], heights: [1, 1] }),
    ),
  );

describe("relay solvers", () => {
  it("agree with each other and satisfy the law on random P-matrix problems", () => {
    const rand = rng(7);
    for (let trial = 0; trial < 40; trial++) {
      const k = 2 + (trial % 6);
      const M = randomPMatrix(k, rand, trial % 2 ? 0.5 : 0);
      const p = dense(k, M, Float64Array.from({ length: k }, () => 3 * rand()), mixedLaws(k));
      expect(nonPositiveMinor(k, M)).toBeNull();
      const ws = new PatternWorkspace(k);
      const sE = new Float64Array(k), wE = new Float64Array(k);
      const e = solveRelayEnumerate(p, sE, wE, ws);
      expect(e.ok).toBe(true);
      expect(satisfies(p, sE, 1e-9)).toBe(true);
      const sN = new Float64Array(k), wN = new Float64Array(k);
      const nres = solveRelayNewton(p, sN, wN, new PatternWorkspace(k));
      if (nres.ok) {
        expect(satisfies(p, sN, 1e-9)).toBe(true);
        // P-matrix: unique solution
        for (let i = 0; i < k; i++) expect(sN[i]).toBeCloseTo(sE[i], 8);
      }
      const general = new RelaySolver(k);
      const sS = new Float64Array(k), wS = new Float64Array(k);
      const out = general.solve(p, sS, wS);
      expect(out.ok).toBe(true);
      expect(relayResidual(p, sS, new Float64Array(k))).toBeLessThan(1e-9);
      for (let i = 0; i < k; i++) expect(sS[i]).toBeCloseTo(sE[i], 8);
    }
  });

  it("matches the box-constrained QP solved by quadprog for symmetric positive definite M (sign law)", () => {
    // s ∈ sgn(q − Ms)  ⇔  s = argmin_{|s|≤1} ½ sᵀMs − qᵀs
    const rand = rng(11);
    for (const k of [3, 8, 20, 40]) {
      const M = randomPMatrix(k, rand, 0);
      const q = Float64Array.from({ length: k }, () => 2 * rand());
      const p = dense(k, M, q, LawSet.uniform(lawFromSpec("sign"), k));
      const D = [undefined as unknown as number[]];
      for (let i = 0; i < k; i++) D.push([0, ...Array.from({ length: k }, (_, j) => M[i * k + j])]);
      const d = [0, ...q];
      // constraints Aᵀ s ≥ b: s ≥ −1 and −s ≥ −1
      const A: number[][] = [[]];
      for (let i = 1; i <= k; i++) {
        const row = [0];
        for (let c = 1; c <= 2 * k; c++) row.push(c === i ? 1 : c === k + i ? -1 : 0);
        A.push(row);
      }
      const b = [0, ...Array(2 * k).fill(-1)];
      const ref = solveQP(D, d, A, b).solution.slice(1);
      const s = new Float64Array(k), w = new Float64Array(k);
      expect(new RelaySolver(k).solve(p, s, w).ok).toBe(true);
      for (let i = 0; i < k; i++) expect(s[i]).toBeCloseTo(ref[i], 7);
      const sP = new Float64Array(k), wP = new Float64Array(k);
      expect(solveRelayPgs(p, sP, wP).ok).toBe(true);
      for (let i = 0; i < k; i++) expect(sP[i]).toBeCloseTo(ref[i], 7);
    }
  });

  it("reports failure, not a wrong answer, when no solution exists (M not a P-matrix)", () => {
    // w = q − M s, s ∈ sgn(w) with M = −1, q = 0.5: s = 1 ⇒ w = 1.5 ✓ — solvable. Choose M = [[0,1],[1,0]]·(−1) ...
    // A problem without solution: k = 1, M = −1, law step (s ∈ [0,1]), q = −0.5:
    // s = 0 ⇒ w = −0.5 < 0 ✓? step(−0.5) = 0 ✓ — solvable. Use M = [[1, -2], [2, 1]]·(−1): not P.
    const M = Float64Array.of(-1, 2, -2, -1);
    expect(nonPositiveMinor(2, M)).not.toBeNull();
    const p = dense(2, M, Float64Array.of(0.3, -0.2), LawSet.uniform(lawFromSpec("sign"), 2));
    const s = new Float64Array(2), w = new Float64Array(2);
    const out = new RelaySolver(2).solve(p, s, w);
    if (out.ok) expect(satisfies(p, s, 1e-9)).toBe(true);
    else expect(out.message).toMatch(/no solution|cycling|singular/);
  });

  it("PGS with factored rows M = a(FᵀF − GᵀG) (maintained f = Fs, g = Gs) matches dense PGS", () => {
    const rand = rng(77);
    const k = 24;
    const p1 = 10;
    const m = 4;
    const a = 0.7;
    // F = [F₁; I], G = ½F₁ (first m rows): FᵀF − GᵀG = F₁ᵀF₁ − ¼F₁ᵀE F₁ + I is positive definite
    const F = new Float64Array((p1 + k) * k);
    for (let r = 0; r < p1; r++) for (let i = 0; i < k; i++) F[r * k + i] = rand();
    for (let i = 0; i < k; i++) F[(p1 + i) * k + i] = 1;
    const G = new Float64Array(m * k);
    for (let r = 0; r < m; r++) for (let i = 0; i < k; i++) G[r * k + i] = 0.5 * F[r * k + i];
    const M = new Float64Array(k * k);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        let acc = 0;
        for (let r = 0; r < p1 + k; r++) acc += F[r * k + i] * F[r * k + j];
        for (let r = 0; r < m; r++) acc -= G[r * k + i] * G[r * k + j];
        M[i * k + j] = a * acc;
      }
    const f = new Float64Array(p1 + k);
    const g = new Float64Array(m);
    const coord: RelayCoordinateOps = {
      begin(s) {
        f.fill(0);
        g.fill(0);
        for (let i = 0; i < k; i++) this.update(i, s[i]);
      },
      rowDot(i) {
        let acc = 0;
        for (let r = 0; r < p1 + k; r++) acc += F[r * k + i] * f[r];
        for (let r = 0; r < m; r++) acc -= G[r * k + i] * g[r];
        return a * acc;
      },
      update(i, d) {
        for (let r = 0; r < p1 + k; r++) f[r] += F[r * k + i] * d;
        for (let r = 0; r < m; r++) g[r] += G[r * k + i] * d;
      },
    };
    const q = Float64Array.from({ length: k }, () => 3 * rand());
    const rows = dense(k, M, q, mixedLaws(k));
    const factored: RelayProblem = { ...rows, M: new DenseRelayMatrix(k, M, coord) };
    const sD = Float64Array.from({ length: k }, () => rand());
    const sF = Float64Array.from(sD);
    const wD = new Float64Array(k);
    const wF = new Float64Array(k);
    const outD = solveRelayPgs(rows, sD, wD, 5000, 1e-13);
    const outF = solveRelayPgs(factored, sF, wF, 5000, 1e-13);
    expect(outD.ok).toBe(true);
    expect(outF.ok).toBe(true);
    expect(outF.residual).toBeLessThan(1e-10);
    for (let i = 0; i < k; i++) expect(Math.abs(sF[i] - sD[i])).toBeLessThan(1e-10);
  });
});
