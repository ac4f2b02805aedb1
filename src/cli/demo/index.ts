/** The topics of `filippov demo`, in the order of the index page: one line per topic file. */
import { canonicalDemo } from "./canonical.ts";
import type { DemoTopic } from "./topic.ts";

export const demoTopics: Array<{ name: string; build: DemoTopic }> = [{ name: "sliding modes", build: canonicalDemo }];
