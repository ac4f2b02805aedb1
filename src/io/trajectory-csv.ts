/** Trajectories as CSV: a header `t,<state names>,<unit names>` and one row per saved point. */
import type { Solution } from "../solution.ts";

/**
 * Renders the saved states and activation values of a solution as CSV text (full precision).
 * @param stateNames - column names of the states (length n).
 * @param unitNames - column names of the activation values (length k).
 */
export function trajectoryCsv(sol: Solution, stateNames: readonly string[], unitNames: readonly string[]): string {
  const lines: string[] = [["t", ...stateNames, ...unitNames.map((u) => `s:${u}`)].join(",")];
  const { n, k } = sol;
  for (let r = 0; r < sol.t.length; r++) {
    const row: number[] = [sol.t[r]];
    for (let i = 0; i < n; i++) row.push(sol.x[r * n + i]);
    for (let i = 0; i < k; i++) row.push(sol.s[r * k + i]);
    lines.push(row.join(","));
  }
  return lines.join("\n") + "\n";
}
