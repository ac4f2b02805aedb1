import { describe, expect, it } from "vitest";
import { cholFactor, cholFactorPivoted, cholSolve, cholSolvePivoted } from "../../src/linalg/dense.ts";
import { ActiveBlockSolver } from "../../src/relay/active-block.ts";
import { DenseRelayMatrix } from "../../src/relay/matrix.ts";
import { symmetricUniform } from "../helpers/matrices.ts";

/** G Gᵀ for a random G (n×r): symmetric positive semidefinite of rank r (exactly symmetric). */
function gram(n: number, r: number, rand: () => number): Float64Array {
  const G = Array.from({ length: n * r }, rand);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let c = 0; c < r; c++) s += G[i * r + c] * G[j * r + c];
      A[i * n + j] = s;
      A[j * n + i] = s;
    }
  return A;
}

function matVec(n: number, A: Float64Array, x: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i] += A[i * n + j] * x[j];
  return y;
}

const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe("pivoted Cholesky", () => {
  it("on a positive definite matrix: full rank and the same solution as plain Cholesky", () => {
    const rand = symmetricUniform(5);
    const n = 30;
    const A = gram(n, n, rand);
    for (let i = 0; i < n; i++) A[i * n + i] += 1;
    const b = Float64Array.from({ length: n }, rand);
    const L = Float64Array.from(A);
    expect(cholFactor(n, L)).toBe(true);
    const want = cholSolve(n, L, Float64Array.from(b));
    const P = Float64Array.from(A);
    const perm = new Int32Array(n);
    expect(cholFactorPivoted(n, P, perm, new Float64Array(n), n * 2.3e-16 * 40)).toBe(n);
    const got = cholSolvePivoted(n, n, P, perm, Float64Array.from(b), new Float64Array(n));
    for (let i = 0; i < n; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-10 * (1 + Math.abs(want[i])));
  });

  it("reveals the rank of a semidefinite Gram matrix and solves consistent systems exactly", () => {
    const rand = symmetricUniform(9);
    for (const [n, r] of [[30, 12], [25, 1], [40, 39]] as const) {
      const A = gram(n, r, rand);
      const xh = Float64Array.from({ length: n }, rand);
      const b = matVec(n, A, xh); // in the range of A
      const P = Float64Array.from(A);
      const perm = new Int32Array(n);
      let maxDiag = 0;
      for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, A[i * n + i]);
      const rank = cholFactorPivoted(n, P, perm, new Float64Array(n), n * 2.3e-16 * maxDiag);
      expect(rank).toBe(r);
      const x = cholSolvePivoted(n, rank, P, perm, Float64Array.from(b), new Float64Array(n));
      // a basic solution: n − r entries are exactly 0, and A x = b
      expect(Array.from(x).filter((v) => v === 0).length).toBeGreaterThanOrEqual(n - r);
      const res = matVec(n, A, x).map((v, i) => v - b[i]);
      expect(maxAbs(res)).toBeLessThan(1e-9 * (1 + maxAbs(b)));
    }
  });

  it("stops at the first non-positive pivot of an indefinite matrix", () => {
    const A = Float64Array.of(0, 1, 1, 0); // eigenvalues ±1, zero diagonal
    expect(cholFactorPivoted(2, A, new Int32Array(2), new Float64Array(2), 1e-15)).toBe(0);
  });
});

describe("active blocks of a semidefinite matrix", () => {
  it.each([30, 37])("bordered and refactorised solves of M̂_II x = r agree with the equations for consistent right-hand sides (|I| = %i > rank 24)", (size) => {
    const rand = symmetricUniform(21 + size);
    const k = 40;
    const rank = 24;
    const Mh = gram(k, rank, rand);
    const matrix = new DenseRelayMatrix(k, Mh);
    const solver = new ActiveBlockSolver(k);
    const inSet = Array.from({ length: k }, (_, i) => i < size);
    const pick = (want: boolean) => {
      for (;;) {
        const u = Math.floor(((rand() + 1) / 2) * k) % k;
        if (inSet[u] === want) return u;
      }
    };
    const dropped = new Int32Array(k);
    let deficient = 0;
    for (let step = 0; step < 60; step++) {
      // swap 0–4 units in and out (the size stays above the rank: every block is singular)
      for (let c = 0; c < step % 5; c++) {
        inSet[pick(true)] = false;
        inSet[pick(false)] = true;
      }
      matrix.setScale(1 + step / 10); // M = scale · M̂: the factors of M̂ stay valid
      const act = Int32Array.from(inSet.flatMap((v, i) => (v ? [i] : [])));
      const m = act.length;
      expect(solver.prepare(matrix, act, m)).toBe(true);
      // a consistent right-hand side r = M̂_II y
      const y = Float64Array.from({ length: m }, rand);
      const r = new Float64Array(m);
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) r[a] += Mh[act[a] * k + act[b]] * y[b];
      const x = Float64Array.from(r);
      solver.solve(act, m, x);
      const nd = solver.dropped(dropped);
      expect(nd).toBe(size - rank);
      if (nd > 0) deficient++;
      const dropSet = new Set(Array.from(dropped.subarray(0, nd)));
      for (let a = 0; a < m; a++) if (dropSet.has(act[a])) expect(x[a]).toBe(0);
      let worst = 0;
      for (let a = 0; a < m; a++) {
        let s = -r[a];
        for (let b = 0; b < m; b++) s += Mh[act[a] * k + act[b]] * x[b];
        worst = Math.max(worst, Math.abs(s));
      }
      expect(worst).toBeLessThan(1e-8 * (1 + maxAbs(r)));
    }
    expect(deficient).toBe(60);
    // few dependents (6): bordered updates between factorisations; many (13): one per new set
    if (size === 30) expect(solver.factorizations).toBeLessThan(20);
  });
});
