/** The registry of canonical systems with known answers (used by tests, the demo and notebooks). */
import { codim2Spiral } from "./codim2-spiral.ts";
import { coulomb } from "./coulomb.ts";
import { forcedSliding } from "./forced-sliding.ts";
import { hopfield } from "./hopfield.ts";
import { relayFeedback } from "./relay-feedback.ts";
import { signDecay, siconosRelay } from "./sign-decay.ts";
import { slidingDrift } from "./sliding-drift.ts";
import type { CanonicalSystem } from "./system.ts";

export type { CanonicalSystem } from "./system.ts";
export { codim2Spiral, coulomb, forcedSliding, hopfield, relayFeedback, signDecay, siconosRelay, slidingDrift };

/** Every canonical system with its default parameters, by name. */
export const canonicalSystems: Record<string, () => CanonicalSystem> = {
  "sign-decay": () => signDecay(),
  "sliding-drift": () => slidingDrift(),
  "forced-sliding": () => forcedSliding(),
  coulomb: () => coulomb(),
  "siconos-relay": () => siconosRelay(),
  "codim2-spiral": () => codim2Spiral(),
  hopfield: () => hopfield(),
  "relay-feedback": () => relayFeedback(),
};
