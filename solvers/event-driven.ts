/**
 * `event-driven`: high-order Filippov integration by mode freezing and event location.
 *
 * Between events the mode is frozen (flat units keep their value, sliding units take the value
 * that keeps them on their surface, (CG)_II s_I = −(C(f + G_J s_J))_I) and the smooth field is
 * integrated by Dormand–Prince 5(4) with dense output (Hairer, Nørsett & Wanner 1993). Surface
 * crossings and sliding exits are located on the dense output to ~4·eps (Shampine & Thompson 2000);
 * at each event a relay problem on the velocities picks the next mode (Stewart 1990; Acary &
 * Brogliato 2008), repulsive surfaces end with status `repulsive-sliding`, and states on surfaces are
 * projected back exactly. The accuracy is that of DOPRI5 at the given tolerances, also across
 * switches (Piiroinen & Kuznetsov, ACM TOMS 34(3), 2008). Intersections that the trajectory
 * spirals into (codim-2 Zeno accumulation) are entered as codim-2 sliding once the state is within
 * `surfaceTol` of them and the relay problem there says they are attractive; other event storms end
 * with status `zeno`.
 */
import { HybridIntegrator, hybridSettings, type HybridOptions } from "../src/hybrid-engine.ts";
import { NetworkSystem, type NetworkModeOptions } from "../src/network-modes.ts";
import type { SimulationProblem, Solver } from "../src/solver.ts";
import { validateProblem } from "../src/solver.ts";

/** Options of the event-driven solver. */
export interface EventDrivenOptions extends HybridOptions, NetworkModeOptions {}

/** The event-driven DOPRI5 solver (see the module comment). */
export const eventDriven: Solver<EventDrivenOptions> = {
  meta: {
    name: "event-driven",
    description: "frozen modes integrated by Dormand–Prince 5(4), events located on dense output, relay mode selection; high order",
    order: 5,
    adaptive: true,
    denseOutput: true,
    filippov: true,
    options: ["rtol", "atol", "hMax", "maxEvents", "samples", "zenoEvents", "zenoSpan", "surfaceTol", "zenoSliding", "enumerationLimit"],
  },
  init(problem: SimulationProblem, options: EventDrivenOptions = {}) {
    validateProblem(problem);
    const settings = hybridSettings(options, problem.tEnd - problem.t0);
    const sys = new NetworkSystem(problem.inclusion, problem.x0, settings.atol, options);
    return new HybridIntegrator("event-driven", sys, problem.x0, problem.t0, problem.tEnd, options);
  },
};
