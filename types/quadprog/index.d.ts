// Declarations for npm `quadprog` 1.6.1 (Goldfarb–Idnani dual active set). Arrays are 1-based:
// index 0 is unused. Minimises ½ bᵀ D b − dᵀ b subject to Aᵀ b ≥ b0, the first `meq` rows as equalities.
export interface QuadprogResult {
  solution: number[];
  value: number[];
  unconstrained_solution: number[];
  iterations: number[];
  iact: number[];
  message: string;
}
export function solveQP(
  Dmat: number[][],
  dvec: number[],
  Amat: number[][],
  bvec: number[],
  meq?: number,
  factorized?: number[],
): QuadprogResult;
