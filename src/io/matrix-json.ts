/**
 * Matrices and vectors in JSON input files: a dense matrix is an array of rows; a sparse one is
 * `{"rows": m, "cols": n, "entries": [[i, j, v], ...]}` (0-based, duplicates summed).
 * Every error names the file, the field and the offending value.
 */
import { InputError, describe } from "../errors.ts";
import { CsrOperator, DenseOperator, type LinearOperator } from "../model/operator.ts";
import { evaluateConstant } from "./expressions.ts";

/** Entries may be numbers or constant expressions as strings ("1/3", "-sqrt(2)"). */
function entry(v: unknown, field: string, file: string): unknown {
  return typeof v === "string" ? evaluateConstant(v, field, file) : v;
}

/**
 * Parses a dense or sparse matrix field.
 * @param value - the JSON value.
 * @param field - the field name, for messages.
 * @param file - the file name, for messages.
 * @param shape - expected shape; `undefined` entries are free.
 * @throws InputError naming file, field and value.
 */
export function parseMatrix(value: unknown, field: string, file: string, shape: { rows?: number; cols?: number } = {}): LinearOperator {
  let op: LinearOperator;
  if (Array.isArray(value)) {
    if (value.length === 0) throw new InputError(`field "${field}" must be a non-empty array of rows, got []`, file);
    for (let i = 0; i < value.length; i++) {
      if (!Array.isArray(value[i])) throw new InputError(`field "${field}[${i}]" must be an array (a matrix row), got ${describe(value[i])}`, file);
    }
    const rows = (value as unknown[][]).map((row, i) => row.map((v, j) => entry(v, `${field}[${i}][${j}]`, file)));
    try {
      op = DenseOperator.fromRows(rows as number[][], field);
    } catch (e) {
      throw new InputError((e as Error).message.replace(/^invalid argument: /, "field "), file);
    }
  } else if (value !== null && typeof value === "object") {
    const v = value as Record<string, unknown>;
    const rows = v.rows;
    const cols = v.cols;
    if (!Number.isInteger(rows) || (rows as number) < 1) throw new InputError(`field "${field}.rows" must be a positive integer, got ${describe(rows)}`, file);
    if (!Number.isInteger(cols) || (cols as number) < 1) throw new InputError(`field "${field}.cols" must be a positive integer, got ${describe(cols)}`, file);
    if (!Array.isArray(v.entries)) throw new InputError(`field "${field}.entries" must be an array of [i, j, v], got ${describe(v.entries)}`, file);
    try {
      const entries = (v.entries as unknown[]).map((t, e) => (Array.isArray(t) && t.length === 3 ? [t[0], t[1], entry(t[2], `${field}.entries[${e}]`, file)] : t));
      op = CsrOperator.fromTriplets(rows as number, cols as number, entries as number[][], field);
    } catch (e) {
      throw new InputError((e as Error).message.replace(/^invalid argument: /, "field "), file);
    }
  } else {
    throw new InputError(`field "${field}" must be a matrix (array of rows or {"rows","cols","entries"}), got ${describe(value)}`, file);
  }
  if (shape.rows !== undefined && op.rows !== shape.rows) {
    throw new InputError(`field "${field}" must have ${shape.rows} rows, got ${op.rows}`, file);
  }
  if (shape.cols !== undefined && op.cols !== shape.cols) {
    throw new InputError(`field "${field}" must have ${shape.cols} columns, got ${op.cols}`, file);
  }
  return op;
}

/**
 * Parses a vector field (array of finite numbers, optionally of a given length).
 * @throws InputError naming file, field and value.
 */
export function parseVector(value: unknown, field: string, file: string, length?: number): Float64Array {
  if (!Array.isArray(value)) throw new InputError(`field "${field}" must be an array of numbers, got ${describe(value)}`, file);
  if (length !== undefined && value.length !== length) throw new InputError(`field "${field}" must have length ${length}, got ${value.length}`, file);
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = entry(value[i], `${field}[${i}]`, file);
    if (typeof v !== "number" || !Number.isFinite(v)) throw new InputError(`field "${field}[${i}]" must be a finite number, got ${describe(v)}`, file);
    out[i] = v;
  }
  return out;
}

/**
 * Reads and parses a JSON file into an object.
 * @throws InputError when the file is missing, not JSON (with the parser's position), or not an object.
 */
export function parseJsonObject(text: string, file: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`malformed JSON: ${(e as Error).message}`, file);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new InputError(`the top level must be a JSON object, got ${describe(data)}`, file);
  return data as Record<string, unknown>;
}
