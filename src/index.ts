/**
 * Public API of `filippov`: simulate recurrent networks with discontinuous activations as Filippov
 * differential inclusions, solve LP/QP through network dynamics, restore images with the L1 network,
 * and plot the results. Notebooks and user scripts import only from here.
 */

// --- model
export * from "./errors.ts";
export * from "./model/operator.ts";
export * from "./model/law.ts";
export * from "./model/inclusion.ts";
export * from "./solution.ts";
export * from "./solver.ts";

// --- plots and reports
export * from "./plot/figure.ts";
export * from "./report/report.ts";

// --- solvers and canonical problems
export * from "./relay/problem.ts";
export { RelaySolver } from "./relay/solve.ts";
export { solveRelayNewton } from "./relay/newton.ts";
export { solveRelayEnumerate } from "./relay/enumeration.ts";
export { solveRelayPgs } from "./relay/pgs.ts";
export { PatternWorkspace } from "./relay/pattern.ts";
export * from "../solvers/index.ts";
export * from "../problems/canonical/index.ts";

// --- optimization

// --- imaging

// --- learning

// --- convergence studies
