/**
 * Parameter axes of a sweep: `name=a:b:N` (N equally spaced values from a to b inclusive),
 * `name=a:b:N:log` (log-spaced), or `name=v1,v2,...` (a list). Names: `sigma` (σ), `epsilon` (ε),
 * `h`, `theta` (θ), `lambda` (λ), `n` (problem size) and `x1`, `x2`, … (components of the initial
 * state: a grid of initial points, e.g. basins of attraction).
 */
import { InputError } from "../../src/errors.ts";

/** A parameter that a sweep can vary. */
export type ParamName = "sigma" | "epsilon" | "h" | "theta" | "lambda" | "n" | `x${number}`;

/** One axis of a sweep grid. */
export interface ParamAxis {
  name: ParamName;
  values: number[];
}

const ALIASES: Record<string, ParamName> = { sigma: "sigma", "σ": "sigma", epsilon: "epsilon", "ε": "epsilon", h: "h", theta: "theta", "θ": "theta", lambda: "lambda", "λ": "lambda", n: "n" };

/** Display label of a parameter (σ, ε, h, θ, λ, n, x1(0), …). */
export function paramLabel(name: ParamName): string {
  return ({ sigma: "σ", epsilon: "ε", h: "h", theta: "θ", lambda: "λ", n: "n" } as Record<string, string>)[name] ?? `${name}(0)`;
}

/** Whether the parameter is a component of the initial state. */
export function isStateParam(name: ParamName): boolean {
  return /^x\d+$/.test(name);
}

function check(name: ParamName, v: number, spec: string): number {
  const bad = (what: string) => new InputError(`invalid option: \`--param ${spec}\`: ${name} must be ${what}, got ${v}`);
  if (!Number.isFinite(v)) throw bad("a finite number");
  if ((name === "sigma" || name === "epsilon" || name === "h" || name === "lambda") && !(v > 0)) throw bad("positive");
  if (name === "theta" && !(v >= 0.5 && v <= 1)) throw bad("in [0.5, 1]");
  if (name === "n" && !(Number.isInteger(v) && v >= 1)) throw bad("a positive integer");
  return v;
}

/**
 * Parses one `--param` value.
 * @throws InputError (one line, naming the option) for an unknown name, a malformed or empty grid,
 * a non-integer count, a log range with non-positive ends, or a value out of the parameter's range.
 * @example parseParam("sigma=3:12:46").values.length // 46
 */
export function parseParam(spec: string): ParamAxis {
  const eq = spec.indexOf("=");
  if (eq <= 0) throw new InputError(`invalid option: \`--param\` must look like name=a:b:N or name=v1,v2,..., got ${JSON.stringify(spec)}`);
  const rawName = spec.slice(0, eq).trim();
  const body = spec.slice(eq + 1).trim();
  const name: ParamName | undefined = ALIASES[rawName] ?? (/^x[1-9]\d*$/.test(rawName) ? (rawName as ParamName) : undefined);
  if (!name) throw new InputError(`invalid option: \`--param ${spec}\`: unknown parameter ${JSON.stringify(rawName)}; expected sigma, epsilon, h, theta, lambda, n or x1, x2, ...`);
  if (body === "") throw new InputError(`invalid option: \`--param ${spec}\`: empty grid`);
  const num = (s: string) => {
    const v = Number(s);
    if (s.trim() === "" || !Number.isFinite(v)) throw new InputError(`invalid option: \`--param ${spec}\`: ${JSON.stringify(s)} is not a number`);
    return v;
  };
  let values: number[];
  if (body.includes(":")) {
    const parts = body.split(":");
    if (parts.length < 3 || parts.length > 4 || (parts.length === 4 && parts[3] !== "log")) throw new InputError(`invalid option: \`--param ${spec}\`: a range is a:b:N or a:b:N:log`);
    const a = num(parts[0]);
    const b = num(parts[1]);
    const count = num(parts[2]);
    if (!Number.isInteger(count) || count < 0) throw new InputError(`invalid option: \`--param ${spec}\`: the number of values must be a non-negative integer, got ${parts[2]}`);
    if (count === 0) throw new InputError(`invalid option: \`--param ${spec}\`: empty grid (0 values)`);
    const log = parts.length === 4;
    if (log && !(a > 0 && b > 0)) throw new InputError(`invalid option: \`--param ${spec}\`: a log range needs positive ends`);
    values = Array.from({ length: count }, (_, i) => {
      const f = count === 1 ? 0 : i / (count - 1);
      return log ? Math.exp(Math.log(a) + f * (Math.log(b) - Math.log(a))) : a + f * (b - a);
    });
  } else {
    const items = body.split(",").map((s) => s.trim());
    if (items.some((s) => s === "")) throw new InputError(`invalid option: \`--param ${spec}\`: empty entry in the list`);
    values = items.map(num);
  }
  values = values.map((v) => check(name, v, spec));
  if (new Set(values).size !== values.length) throw new InputError(`invalid option: \`--param ${spec}\`: repeated values`);
  return { name, values };
}
