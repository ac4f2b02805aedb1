/** The topics of `filippov demo`, in the order of the index page: one line per topic file. */
import { canonicalDemo } from "./canonical.ts";
import { imagingDemo } from "./imaging.ts";
import { learningDemo } from "./learning.ts";
import { optimizationDemo } from "./optimization.ts";
import { solversDemo } from "./solvers.ts";
import type { DemoTopic } from "./topic.ts";

export const demoTopics: Array<{ name: string; build: DemoTopic }> = [
  { name: "sliding modes", build: canonicalDemo },
  { name: "solvers compared", build: solversDemo },
  { name: "LP and QP through network dynamics", build: optimizationDemo },
  { name: "image restoration", build: imagingDemo },
  { name: "learning with discontinuous activations", build: learningDemo },
];
