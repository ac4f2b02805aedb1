/**
 * LP/QP problem files in JSON:
 *
 *     { "name": "...", "c": [..n..], "Q": n×n, "Aeq": m×n, "beq": [..m..],
 *       "Aineq": p×n, "bineq": [..p..], "lb": [..n..], "ub": [..n..] }
 *
 * meaning min ½xᵀQx + cᵀx s.t. Aeq x = beq, Aineq x ≤ bineq, lb ≤ x ≤ ub. Only `c` is required.
 * Matrices are dense (an array of rows) or sparse `{"rows": r, "cols": n, "entries": [[i, j, v], ...]}`
 * (0-based, duplicates summed). `null` entries of lb/ub (or a missing lb/ub) mean unbounded.
 * {@link readProblemFile} also reads MPS (`.mps`, see `mps.ts`).
 */
import { readFileSync } from "node:fs";
import { InputError, describe } from "../errors.ts";
import { CsrOperator } from "../model/operator.ts";
import { parseMps } from "./mps.ts";
import { validateOptimizationProblem, type OptimizationProblem } from "./optimization-problem.ts";

const KEYS = new Set(["name", "c", "Q", "Aeq", "beq", "Aineq", "bineq", "lb", "ub"]);

function vector(v: unknown, field: string, fail: (m: string) => never, nulls?: number): Float64Array {
  if (!Array.isArray(v)) fail(`invalid problem: \`${field}\` must be an array of numbers, got ${describe(v)}`);
  const arr = v as unknown[];
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (x === null && nulls !== undefined) out[i] = nulls;
    else if (typeof x === "number" && Number.isFinite(x)) out[i] = x;
    else fail(`invalid problem: \`${field}[${i}]\` must be a finite number${nulls !== undefined ? " or null" : ""}, got ${describe(x)}`);
  }
  return out;
}

function matrix(v: unknown, field: string, n: number, fail: (m: string) => never): CsrOperator {
  if (Array.isArray(v)) {
    const entries: number[][] = [];
    for (let i = 0; i < v.length; i++) {
      const row = v[i] as unknown;
      if (!Array.isArray(row)) fail(`invalid problem: \`${field}[${i}]\` must be an array of ${n} numbers, got ${describe(row)}`);
      const r = row as unknown[];
      if (r.length !== n) fail(`invalid problem: \`${field}[${i}]\` must have ${n} entries (the length of c), got ${r.length}`);
      for (let j = 0; j < n; j++) {
        const x = r[j];
        if (typeof x !== "number" || !Number.isFinite(x)) fail(`invalid problem: \`${field}[${i}][${j}]\` must be a finite number, got ${describe(x)}`);
        if (x !== 0) entries.push([i, j, x as number]);
      }
    }
    return CsrOperator.fromTriplets(v.length, n, entries, field);
  }
  if (v && typeof v === "object") {
    const o = v as { rows?: unknown; cols?: unknown; entries?: unknown };
    if (!Number.isInteger(o.rows) || (o.rows as number) < 0) fail(`invalid problem: \`${field}.rows\` must be a non-negative integer, got ${describe(o.rows)}`);
    if (o.cols !== n) fail(`invalid problem: \`${field}.cols\` must be ${n} (the length of c), got ${describe(o.cols)}`);
    if (!Array.isArray(o.entries)) fail(`invalid problem: \`${field}.entries\` must be an array of [i, j, v], got ${describe(o.entries)}`);
    return CsrOperator.fromTriplets(o.rows as number, n, o.entries as number[][], field);
  }
  return fail(`invalid problem: \`${field}\` must be an array of rows or {"rows", "cols", "entries"}, got ${describe(v)}`);
}

/**
 * Parses the JSON text of a problem file.
 * @param where - the file name, prefixed to error messages.
 * @throws InputError naming the file, field and value (bad JSON, unknown key, wrong shape, NaN, …).
 */
export function parseProblemJson(text: string, where = "problem"): OptimizationProblem {
  const fail = (m: string): never => {
    throw new InputError(m, where);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail(`invalid JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return fail(`invalid problem: the file must hold one JSON object, got ${describe(raw)}`);
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!KEYS.has(key)) fail(`invalid problem: unknown key \`${key}\`; expected ${[...KEYS].join(", ")}`);
  if (o.c === undefined) fail("invalid problem: missing `c` (the objective vector)");
  const c = vector(o.c, "c", fail);
  const n = c.length;
  if (n === 0) fail("invalid problem: `c` is empty (the problem has no variables)");
  if (o.name !== undefined && typeof o.name !== "string") fail(`invalid problem: \`name\` must be a string, got ${describe(o.name)}`);
  let Q: Float64Array | null = null;
  if (o.Q !== undefined && o.Q !== null) {
    const Qc = matrix(o.Q, "Q", n, fail);
    if (Qc.rows !== n) fail(`invalid problem: \`Q\` must have ${n} rows (the length of c), got ${Qc.rows}`);
    Q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let p = Qc.rowPtr[i]; p < Qc.rowPtr[i + 1]; p++) Q[i * n + Qc.colIdx[p]] += Qc.values[p];
  }
  const pair = (an: string, bn: string) => {
    const A = o[an] === undefined ? undefined : matrix(o[an], an, n, fail);
    const b = o[bn] === undefined ? undefined : vector(o[bn], bn, fail);
    if (A && !b && A.rows > 0) fail(`invalid problem: \`${an}\` is given but \`${bn}\` is missing`);
    if (b && !A && b.length > 0) fail(`invalid problem: \`${bn}\` is given but \`${an}\` is missing`);
    return { A, b };
  };
  const eq = pair("Aeq", "beq");
  const ineq = pair("Aineq", "bineq");
  const lb = o.lb === undefined ? undefined : vector(o.lb, "lb", fail, -Infinity);
  const ub = o.ub === undefined ? undefined : vector(o.ub, "ub", fail, Infinity);
  return validateOptimizationProblem({ name: (o.name as string | undefined) ?? where.replace(/^.*[\\/]/, ""), c, Q, Aeq: eq.A, beq: eq.b, Aineq: ineq.A, bineq: ineq.b, lb, ub }, where);
}

/**
 * Reads a problem file: MPS when the name ends in `.mps` (free or fixed format), JSON otherwise.
 * @throws InputError naming the file when it cannot be read or is invalid.
 */
export function readProblemFile(path: string): OptimizationProblem {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`cannot read problem file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, path);
  }
  return /\.mps$/i.test(path) ? parseMps(text, path) : parseProblemJson(text, path);
}

/** Serialises a problem to the JSON format above (sparse matrices; null for infinite bounds). */
export function problemToJson(p: OptimizationProblem): string {
  const sparse = (A: CsrOperator) => {
    const entries: number[][] = [];
    for (let i = 0; i < A.rows; i++) for (let q = A.rowPtr[i]; q < A.rowPtr[i + 1]; q++) entries.push([i, A.colIdx[q], A.values[q]]);
    return { rows: A.rows, cols: A.cols, entries };
  };
  const bound = (v: Float64Array) => Array.from(v, (x) => (Number.isFinite(x) ? x : null));
  const o: Record<string, unknown> = { name: p.name, c: Array.from(p.c) };
  if (p.Q) o.Q = Array.from({ length: p.n }, (_, i) => Array.from(p.Q!.subarray(i * p.n, (i + 1) * p.n)));
  if (p.Aeq.rows) Object.assign(o, { Aeq: sparse(p.Aeq), beq: Array.from(p.beq) });
  if (p.Aineq.rows) Object.assign(o, { Aineq: sparse(p.Aineq), bineq: Array.from(p.bineq) });
  o.lb = bound(p.lb);
  o.ub = bound(p.ub);
  return JSON.stringify(o);
}
