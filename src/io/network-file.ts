/**
 * A user's network as a JSON file:
 *
 *     {"x0": [...], "tEnd": T, "B": M, "W": M, "u": v, "C": M, "d": v, "activation": A}
 *
 * Model dx/dt ∈ −Bx + W s + u, s ∈ A(Cx − d), with n states (the length of x0) and k activation
 * units (the columns of W). Defaults: B = 0, C = I (then k = n), d = 0, u = 0, t0 = 0. A is
 * "sign", "step", {"type":"hard-limiter","lower","upper"}, {"type":"staircase","thresholds","heights"},
 * {"type":"relay","lower","upper"}, or an array of those with one entry per unit. Matrix and vector
 * entries may be constant expressions ("1/3"); entries of u may be expressions in t ("0.5*sin(t)").
 */
import { readFileSync } from "node:fs";
import { InputError, describe } from "../errors.ts";
import { createInclusion, type InputFunction } from "../model/inclusion.ts";
import { compileExpression } from "./expressions.ts";
import { lawSetFromSpec, type LawSpec } from "../model/law.ts";
import type { SimulationProblem } from "../solver.ts";
import { parseJsonObject, parseMatrix, parseVector } from "./matrix-json.ts";

const KNOWN = new Set(["x0", "tEnd", "t0", "B", "W", "u", "C", "d", "activation", "name", "stateNames", "unitNames"]);

/** A parsed network file. */
export interface NetworkFile {
  name: string;
  problem: SimulationProblem;
}

/**
 * Parses the text of a network file.
 * @param file - the file name, used in every error message.
 * @throws InputError naming the file, field and value for every malformed or inconsistent entry.
 */
export function parseNetwork(text: string, file: string): NetworkFile {
  const obj = parseJsonObject(text, file);
  for (const key of Object.keys(obj)) {
    if (!KNOWN.has(key)) throw new InputError(`unknown field "${key}"; known fields: ${[...KNOWN].join(", ")}`, file);
  }
  if (obj.x0 === undefined) throw new InputError(`field "x0" (the initial state) is required`, file);
  const x0 = parseVector(obj.x0, "x0", file);
  const n = x0.length;
  if (n === 0) throw new InputError(`field "x0" must have at least one entry, got []`, file);
  if (obj.W === undefined) throw new InputError(`field "W" (the n×k feedback weights of the activations) is required`, file);
  const G = parseMatrix(obj.W, "W", file, { rows: n });
  const k = G.cols;
  const B = obj.B === undefined ? undefined : parseMatrix(obj.B, "B", file, { rows: n, cols: n });
  const C = obj.C === undefined ? undefined : parseMatrix(obj.C, "C", file, { rows: k, cols: n });
  if (!C && k !== n) throw new InputError(`field "C" is required when W has ${k} columns but there are ${n} states (C defaults to the identity only when k = n)`, file);
  const u = obj.u === undefined ? undefined : parseInput(obj.u, file, n);
  const d = obj.d === undefined ? undefined : parseVector(obj.d, "d", file, k);
  const t0 = obj.t0 === undefined ? 0 : num(obj.t0, "t0", file);
  const tEnd = obj.tEnd === undefined ? NaN : num(obj.tEnd, "tEnd", file);
  if (obj.tEnd !== undefined && !(tEnd > t0)) throw new InputError(`field "tEnd" must be greater than t0 = ${t0}, got ${tEnd}`, file);
  if (obj.activation === undefined) throw new InputError(`field "activation" is required ("sign", "step", {"type": "hard-limiter", ...}, ...)`, file);
  let laws;
  try {
    laws = lawSetFromSpec(obj.activation as LawSpec, k, "activation");
  } catch (e) {
    throw new InputError((e as Error).message.replace(/^invalid activation: /, "field "), file);
  }
  const names = (v: unknown, field: string, count: number) => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.length !== count || v.some((s) => typeof s !== "string")) throw new InputError(`field "${field}" must be an array of ${count} strings, got ${describe(v)}`, file);
    return v as string[];
  };
  const inclusion = createInclusion({ B, G, C, u, d, laws, stateNames: names(obj.stateNames, "stateNames", n), unitNames: names(obj.unitNames, "unitNames", k) });
  const name = typeof obj.name === "string" ? obj.name : file.replace(/^.*\//, "").replace(/\.json$/, "");
  return { name, problem: { inclusion, x0, t0, tEnd } };
}

/**
 * The input u: numbers and constant expressions give a constant vector; any entry that uses `t`
 * (e.g. "0.5*sin(t)") makes u a function of time, compiled once.
 */
function parseInput(value: unknown, file: string, n: number): Float64Array | InputFunction {
  if (!Array.isArray(value) || !value.some((v) => typeof v === "string" && /\bt\b/.test(v))) return parseVector(value, "u", file, n);
  if (value.length !== n) throw new InputError(`field "u" must have length ${n}, got ${value.length}`, file);
  const parts = value.map((v, i) => {
    if (typeof v === "number" && Number.isFinite(v)) return () => v;
    if (typeof v === "string") return compileExpression(v, ["t"], `u[${i}]`, file);
    throw new InputError(`field "u[${i}]" must be a number or an expression in t, got ${describe(v)}`, file);
  });
  for (const f of parts) f({ t: 0 }); // evaluate once: errors surface before any work
  return (t, out) => {
    for (let i = 0; i < n; i++) out[i] = parts[i]({ t });
    return out;
  };
}

function num(v: unknown, field: string, file: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new InputError(`field "${field}" must be a finite number, got ${describe(v)}`, file);
  return v;
}

/**
 * Reads and parses a network file from disk.
 * @throws InputError when the file cannot be read or is malformed.
 */
export function readNetwork(path: string): NetworkFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, path);
  }
  return parseNetwork(text, path);
}
