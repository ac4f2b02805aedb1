import { describe, expect, it } from "vitest";
import { randomProblem } from "../../problems/optimization/examples.ts";
import { constraintGram, LpStepOps } from "../../problems/optimization/lp-step.ts";
import { buildLiuWangNetwork } from "../../problems/optimization/network.ts";
import { QpStepOps } from "../../problems/optimization/qp-step.ts";
import { ThetaStepOps, type StepOps } from "../../problems/optimization/step-ops.ts";
import type { RelayMatrix } from "../../src/relay/matrix.ts";
import { Random } from "../../src/random.ts";

/** M as a dense array (M = scale · gather of all entries). */
function dense(M: RelayMatrix): Float64Array {
  const k = M.k;
  const all = Int32Array.from({ length: k }, (_, i) => i);
  const out = new Float64Array(k * k);
  M.gather(all, k, all, k, out);
  return out.map((v) => v * M.scale);
}

const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

/**
 * The structured step operators (LP: M = τσK; QP: K − H diag(d) Hᵀ) against the generic θ-method
 * operators built from the network's inclusion (dense W⁻¹ by LU): M, its products, blocks, diagonal
 * and Gauss–Seidel rows, and the free and corrected states.
 */
function compare(structured: StepOps, generic: StepOps, n: number, rnd: Random) {
  for (const tau of [1e-2, 1, 1e2, 1e4]) {
    for (const sigma of [3, 40]) {
      structured.set(tau, sigma);
      generic.set(tau, sigma);
      const A = structured.M;
      const k = A.k;
      const ref = dense(generic.M);
      const scale = maxAbs(ref);
      const tol = 1e-9 * scale;
      const all = dense(A);
      expect(maxDiff(all, ref)).toBeLessThan(tol);
      // exactly symmetric, also between a row and a column gathered separately (the active-block
      // solver's symmetric path relies on it)
      for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) expect(all[i * k + j]).toBe(all[j * k + i]);
      const unit = Int32Array.of(k >> 1);
      const others = Int32Array.from({ length: k }, (_, i) => i);
      const row = new Float64Array(k);
      const col = new Float64Array(k);
      A.gather(unit, 1, others, k, row);
      A.gather(others, k, unit, 1, col);
      expect(Array.from(row)).toEqual(Array.from(col));
      for (let i = 0; i < k; i++) expect(Math.abs(A.diagonal[i] - ref[i * k + i])).toBeLessThan(tol);
      const s = Float64Array.from({ length: k }, () => rnd.uniform() * 2 - 1);
      const want = new Float64Array(k);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) want[i] += ref[i * k + j] * s[j];
      const got = new Float64Array(k);
      A.multiply(s, got);
      expect(maxDiff(got, want)).toBeLessThan(tol * k);
      // a block product over scattered rows and columns
      const rows = Int32Array.from([0, 3, 7, k - 1].filter((i) => i < k));
      const cols = Int32Array.from([1, 2, 5, k - 2].filter((j) => j >= 0 && j < k));
      const xb = Float64Array.from(cols, () => rnd.uniform());
      const ob = new Float64Array(rows.length);
      A.multiplyBlock(rows, rows.length, cols, cols.length, xb, ob);
      rows.forEach((i, a) => expect(Math.abs(ob[a] - cols.reduce((acc, j, b) => acc + ref[i * k + j] * xb[b], 0))).toBeLessThan(tol * k));
      // Gauss–Seidel rows: after begin and a few updates, rowDot(i) = (M s)_i for the updated s
      A.coord.begin(s);
      for (const i of [0, Math.floor(k / 2), k - 1]) {
        const delta = rnd.uniform();
        A.coord.update(i, delta);
        s[i] += delta;
      }
      for (let i = 0; i < k; i++) {
        let w = 0;
        for (let j = 0; j < k; j++) w += ref[i * k + j] * s[j];
        expect(Math.abs(A.coord.rowDot(i) - w)).toBeLessThan(tol * k);
      }
      // the state updates
      const x = Float64Array.from({ length: n }, () => 3 * (rnd.uniform() * 2 - 1));
      const f1 = new Float64Array(n);
      const f2 = new Float64Array(n);
      structured.free(x, f1);
      generic.free(x, f2);
      expect(maxDiff(f1, f2)).toBeLessThan(1e-9 * (1 + maxAbs(f2)));
      structured.correct(s, f1);
      generic.correct(s, f2);
      expect(maxDiff(f1, f2)).toBeLessThan(1e-9 * (1 + maxAbs(f2)));
    }
  }
}

describe("closed-form step operators agree with the generic θ-method operators", () => {
  it("LP: M = τσ C(I−P)Cᵀ", () => {
    const p = randomProblem(24, 31);
    const net = buildLiuWangNetwork(p);
    compare(new LpStepOps(net), new ThetaStepOps(net), p.n, new Random(1));
  });

  it.each([
    [24, 32, 24],
    [30, 33, 6],
  ])("QP n = %i (seed %i, rank Q = %i): M = τσ(K − H diag(d) Hᵀ)", (n, seed, rank) => {
    const p = randomProblem(n, seed, { qpRank: rank });
    const net = buildLiuWangNetwork(p);
    compare(new QpStepOps(net, constraintGram(net)), new ThetaStepOps(net), n, new Random(2));
  });
});
