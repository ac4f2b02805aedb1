import { describe, expect, it } from "vitest";
import { luFactor, luSolve } from "../../src/linalg/dense.ts";
import { ActiveBlockSolver } from "../../src/relay/active-block.ts";
import { DenseRelayMatrix } from "../../src/relay/matrix.ts";
import { randomPMatrix, symmetricUniform } from "../helpers/matrices.ts";


/** Reference: x = M̂_II⁻¹ r by a fresh LU. */
function direct(M: Float64Array, k: number, scale: number, act: number[], r: Float64Array): Float64Array {
  const m = act.length;
  const A = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) A[a * m + b] = M[act[a] * k + act[b]] / scale;
  const piv = new Int32Array(m);
  expect(luFactor(m, A, piv)).toBe(true);
  return luSolve(m, A, piv, Float64Array.from(r));
}

describe("active-block solver", () => {
  for (const skew of [0, 0.3]) {
    it(`bordered updates agree with fresh factorisations (${skew ? "nonsymmetric" : "symmetric"} M, changing scale and active set)`, () => {
      const k = 40;
      const rand = symmetricUniform(11 + (skew ? 1 : 0));
      const M = randomPMatrix(k, rand, skew, 0.5);
      const solver = new ActiveBlockSolver(k);
      const matrix = new DenseRelayMatrix(k, M);
      const inSet = Array.from({ length: k }, (_, i) => i % 2 === 0);
      let scale = 1;
      for (let step = 0; step < 40; step++) {
        // change 0–3 units and the scale (M = scale · M̂ with M̂ fixed)
        const changes = step % 4;
        for (let c = 0; c < changes; c++) {
          const u = Math.floor(((rand() + 1) / 2) * k) % k;
          inSet[u] = !inSet[u];
        }
        scale *= 1.5;
        const act = inSet.flatMap((v, i) => (v ? [i] : []));
        const Ms = M.map((v) => v * scale);
        const actArr = Int32Array.from(act);
        matrix.setScale(scale);
        expect(solver.prepare(matrix, actArr, act.length)).toBe(true);
        const r = Float64Array.from(act, () => rand());
        const want = direct(Ms, k, scale, act, r);
        const got = Float64Array.from(r);
        solver.solve(actArr, act.length, got);
        for (let a = 0; a < act.length; a++) expect(Math.abs(got[a] - want[a])).toBeLessThan(1e-10 * (1 + Math.abs(want[a])));
      }
      // a few full factorisations, the rest by bordering or reuse
      expect(solver.factorizations).toBeLessThan(10);
    });
  }
});
