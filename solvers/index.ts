/**
 * The registry of integrators: one line per solver file. `getSolver(name)` refuses unknown names
 * with the list of known ones.
 */
import { InputError } from "../src/errors.ts";
import type { Solver } from "../src/solver.ts";
import { explicitEuler } from "./explicit-euler.ts";
import { implicitEuler } from "./implicit-euler.ts";
import { eventDriven } from "./event-driven.ts";
import { smoothed } from "./smoothed.ts";
import { primalDual } from "./primal-dual.ts";

export const solvers: Record<string, Solver<any>> = {
  "implicit-euler": implicitEuler,
  "explicit-euler": explicitEuler,
  "event-driven": eventDriven,
  smoothed,
  "primal-dual": primalDual,
};

/** The default solver's name. */
export const DEFAULT_SOLVER = "implicit-euler";

/** Looks a solver up by name. @throws InputError for unknown names, listing the known ones. */
export function getSolver(name: string): Solver<any> {
  const s = solvers[name];
  if (!s) throw new InputError(`invalid option: \`--solver\` must be one of ${Object.keys(solvers).join(", ")}, got ${JSON.stringify(name)}`);
  return s;
}
