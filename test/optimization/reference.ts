/** Independent reference solvers for the optimization tests: HiGHS (LP and QP) and quadprog (QP). */
import highsNs from "highs";
import { solveQP as quadprog } from "quadprog";
import type { OptimizationProblem } from "../../src/io/optimization-problem.ts";

const loadHighs = ((highsNs as any).default ?? highsNs) as typeof highsNs.default;
let highsPromise: ReturnType<typeof loadHighs> | null = null;

const num = (v: number) => (v < 0 ? ` - ${(-v).toPrecision(17)}` : ` + ${v.toPrecision(17)}`);

/** The problem in CPLEX LP format (variables x0..x{n-1}). */
export function toLpFormat(p: OptimizationProblem): string {
  const n = p.n;
  const terms: string[] = [];
  for (let j = 0; j < n; j++) if (p.c[j] !== 0) terms.push(`${num(p.c[j])} x${j}`);
  let obj = terms.length ? terms.join("") : " 0 x0";
  if (p.Q) {
    const q: string[] = [];
    for (let i = 0; i < n; i++) {
      if (p.Q[i * n + i] !== 0) q.push(`${num(p.Q[i * n + i])} x${i}^2`);
      for (let j = i + 1; j < n; j++) if (p.Q[i * n + j] !== 0) q.push(`${num(2 * p.Q[i * n + j])} x${i} * x${j}`);
    }
    if (q.length) obj += ` + [${q.join("")} ] / 2`;
  }
  const rows: string[] = [];
  const row = (A: OptimizationProblem["Aeq"], i: number) => {
    const t: string[] = [];
    for (let k = A.rowPtr[i]; k < A.rowPtr[i + 1]; k++) t.push(`${num(A.values[k])} x${A.colIdx[k]}`);
    return t.length ? t.join("") : " 0 x0";
  };
  for (let i = 0; i < p.Aeq.rows; i++) rows.push(` e${i}: ${row(p.Aeq, i)} = ${p.beq[i].toPrecision(17)}`);
  for (let i = 0; i < p.Aineq.rows; i++) rows.push(` i${i}: ${row(p.Aineq, i)} <= ${p.bineq[i].toPrecision(17)}`);
  const bounds: string[] = [];
  for (let j = 0; j < n; j++) {
    const l = Number.isFinite(p.lb[j]) ? p.lb[j].toPrecision(17) : "-inf";
    const u = Number.isFinite(p.ub[j]) ? p.ub[j].toPrecision(17) : "+inf";
    bounds.push(` ${l} <= x${j} <= ${u}`);
  }
  return `Minimize\n obj:${obj}\nSubject To\n${rows.join("\n") || " c0: 0 x0 = 0"}\nBounds\n${bounds.join("\n")}\nEnd\n`;
}

/** HiGHS's status, objective and primal solution. */
export async function highsSolve(p: OptimizationProblem): Promise<{ status: string; objective: number; x: number[] }> {
  highsPromise ??= loadHighs();
  const highs = await highsPromise;
  const r = highs.solve(toLpFormat(p));
  const x: number[] = [];
  for (let j = 0; j < p.n; j++) {
    const col = (r.Columns as Record<string, any>)[`x${j}`];
    x.push(col && "Primal" in col ? col.Primal : NaN);
  }
  return { status: r.Status, objective: r.ObjectiveValue, x };
}

/** quadprog (Goldfarb–Idnani) for a strictly convex QP: Q is regularised by `reg`·I if singular. */
export function quadprogSolve(p: OptimizationProblem, reg = 0): { objective: number; x: number[] } {
  const n = p.n;
  const D: number[][] = [[]];
  for (let i = 0; i < n; i++) D.push([0, ...Array.from({ length: n }, (_, j) => p.Q![i * n + j] + (i === j ? reg : 0))]);
  const dvec = [0, ...Array.from(p.c, (v) => -v)];
  const cols: number[][] = [];
  const b0: number[] = [];
  const dense = (A: OptimizationProblem["Aeq"], i: number, sign: number) => {
    const v = new Array(n).fill(0);
    for (let k = A.rowPtr[i]; k < A.rowPtr[i + 1]; k++) v[A.colIdx[k]] += sign * A.values[k];
    return v;
  };
  for (let i = 0; i < p.Aeq.rows; i++) {
    cols.push(dense(p.Aeq, i, 1));
    b0.push(p.beq[i]);
  }
  for (let i = 0; i < p.Aineq.rows; i++) {
    cols.push(dense(p.Aineq, i, -1));
    b0.push(-p.bineq[i]);
  }
  for (let j = 0; j < n; j++) {
    if (Number.isFinite(p.lb[j])) {
      const v = new Array(n).fill(0);
      v[j] = 1;
      cols.push(v);
      b0.push(p.lb[j]);
    }
    if (Number.isFinite(p.ub[j])) {
      const v = new Array(n).fill(0);
      v[j] = -1;
      cols.push(v);
      b0.push(-p.ub[j]);
    }
  }
  const A: number[][] = [[]];
  for (let i = 0; i < n; i++) A.push([0, ...cols.map((c) => c[i])]);
  const r = quadprog(D, dvec, A, [0, ...b0], p.Aeq.rows);
  if (r.message) throw new Error(`quadprog: ${r.message}`);
  const x = r.solution.slice(1);
  let f = 0;
  for (let i = 0; i < n; i++) {
    f += p.c[i] * x[i];
    for (let j = 0; j < n; j++) f += 0.5 * x[i] * p.Q![i * n + j] * x[j];
  }
  return { objective: f, x };
}
