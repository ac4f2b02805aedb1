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
export * from "./random.ts";
export * from "./fit.ts";

// --- plots and reports
export * from "./plot/figure.ts";
export * from "./plot/sliding.ts";
export * from "./plot/trajectories.ts";
export * from "./plot/phase.ts";
export * from "./plot/convergence.ts";
export * from "./plot/images.ts";
export * from "./plot/notebook.ts";
export * from "./plot/browser.ts";
export * from "./report/report.ts";
export * from "./report/index-page.ts";

// --- solvers and canonical problems
export * from "./relay/problem.ts";
export * from "./relay/matrix.ts";
export { RelaySolver, type RelaySolverOptions } from "./relay/solve.ts";
export { solveRelayNewton } from "./relay/newton.ts";
export { solveRelayEnumerate } from "./relay/enumeration.ts";
export { solveRelayPgs } from "./relay/pgs.ts";
export { PatternWorkspace } from "./relay/pattern.ts";
export * from "../solvers/index.ts";
export * from "../problems/canonical/index.ts";

// --- optimization
export * from "./io/optimization-problem.ts";
export * from "./io/problem-json.ts";
export * from "./io/mps.ts";
export * from "../problems/optimization/network.ts";
export * from "../problems/optimization/analysis.ts";
export * from "../problems/optimization/solve.ts";
export * from "../problems/optimization/examples.ts";
export * from "../problems/optimization/figures.ts";

// --- imaging
export * from "./image/image.ts";
export * from "./image/png.ts";
export * from "./image/blur.ts";
export * from "./image/differences.ts";
export * from "./image/noise.ts";
export * from "./image/noise-estimate.ts";
export * from "./image/metrics.ts";
export * from "./image/filters.ts";
export * from "./image/phantom.ts";
export * from "../problems/imaging/network.ts";
export * from "../problems/imaging/reference.ts";
export * from "../problems/imaging/restore.ts";
export * from "../problems/imaging/report.ts";
export * from "../solvers/primal-dual.ts";

// --- learning
export * from "../problems/learning/random.ts";
export * from "../problems/learning/datasets.ts";
export * from "../problems/learning/experiments.ts";
export * from "../problems/learning/margin.ts";
export * from "../problems/learning/perceptron.ts";
export * from "../problems/learning/pocket.ts";
export * from "../problems/learning/staircase.ts";
export * from "../problems/learning/staircase-network.ts";
export * from "../problems/learning/figures.ts";

// --- convergence studies
export * from "../problems/convergence/measures.ts";
export * from "../problems/convergence/gain-bound.ts";
export * from "../problems/convergence/l1-network.ts";
export * from "../problems/convergence/run.ts";
export * from "../problems/convergence/grid.ts";
export * from "../problems/convergence/parallel.ts";
export * from "../problems/convergence/sweep.ts";
export * from "../problems/convergence/figures.ts";
