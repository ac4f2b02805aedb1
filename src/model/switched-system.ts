/**
 * A generic planar-type Filippov system with one smooth switching surface (Piiroinen & Kuznetsov's
 * setting, ACM TOMS 34(3), 2008; Filippov 1988, §2.4):
 *
 *     dx/dt = f⁻(t, x)  where h(x) < 0,      dx/dt = f⁺(t, x)  where h(x) > 0,
 *
 * and on Σ = {h = 0} the Filippov convexification. With σ± = ∇h·f± the surface is crossed when
 * σ⁻σ⁺ > 0, attracts (sliding) when σ⁻ > 0 > σ⁺, repels when σ⁻ < 0 < σ⁺; the sliding field is
 *
 *     f_s = (1 − α) f⁻ + α f⁺,    α = σ⁻ / (σ⁻ − σ⁺) ∈ [0, 1],   so that ∇h·f_s = 0,
 *
 * and sliding ends where α reaches 0 (σ⁻ = 0: leave with f⁻) or 1 (σ⁺ = 0: leave with f⁺).
 * Integrated by `simulateSwitched` (src/switched.ts) with the same DOPRI5/event engine as the network
 * solver.
 */
import { InputError } from "../errors.ts";

/** A smooth vector field written into `out`. */
export type VectorField = (t: number, x: Float64Array, out: Float64Array) => void;

/** The data of a switched system, as a user gives it. */
export interface SwitchedSystemSpec {
  /** State dimension. */
  n: number;
  /** The switching function h(x); the surface is h = 0. */
  h: (x: Float64Array) => number;
  /** Its gradient ∇h(x), written into `out`. */
  gradH: (x: Float64Array, out: Float64Array) => void;
  /** Field where h < 0. */
  fMinus: VectorField;
  /** Field where h > 0. */
  fPlus: VectorField;
  stateNames?: string[];
}

/** A validated switched system. */
export interface SwitchedSystem extends SwitchedSystemSpec {
  readonly stateNames: string[];
}

/**
 * Checks the shape of a switched system (functions present, n a positive integer).
 * @throws InputError naming the bad field.
 */
export function createSwitchedSystem(spec: SwitchedSystemSpec): SwitchedSystem {
  if (!(Number.isInteger(spec.n) && spec.n >= 1)) throw new InputError(`invalid argument: \`n\` must be a positive integer, got ${spec.n}`);
  for (const name of ["h", "gradH", "fMinus", "fPlus"] as const) {
    if (typeof spec[name] !== "function") throw new InputError(`invalid argument: \`${name}\` must be a function, got ${typeof spec[name]}`);
  }
  if (spec.stateNames && spec.stateNames.length !== spec.n) throw new InputError(`invalid argument: \`stateNames\` must have ${spec.n} entries, got ${spec.stateNames.length}`);
  return { ...spec, stateNames: spec.stateNames ?? Array.from({ length: spec.n }, (_, i) => `x${i + 1}`) };
}

/**
 * Checks that h, ∇h and f± are finite at a point (used on x0 before any work).
 * @throws InputError naming the function that returned a non-finite value.
 */
export function checkSwitchedAt(sys: SwitchedSystem, t: number, x: Float64Array): void {
  const n = sys.n;
  if (x.length !== n) throw new InputError(`invalid argument: \`x0\` must have length ${n}, got ${x.length}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) throw new InputError(`invalid argument: \`x0[${i}]\` must be a finite number, got ${x[i]}`);
  const hv = sys.h(x);
  if (!Number.isFinite(hv)) throw new InputError(`invalid argument: the surface function \`h\` returned ${hv} at x0`);
  const buf = new Float64Array(n);
  const check = (name: string) => {
    for (let i = 0; i < n; i++) if (!Number.isFinite(buf[i])) throw new InputError(`invalid argument: \`${name}\` returned a non-finite entry ${i} (${buf[i]}) at x0`);
  };
  sys.gradH(x, buf);
  check("gradH");
  sys.fMinus(t, x, buf);
  check("fMinus");
  sys.fPlus(t, x, buf);
  check("fPlus");
}
