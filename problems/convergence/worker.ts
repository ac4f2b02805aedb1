/**
 * The sweep worker: receives `{ settings }` once, then batches of {@link RunSpec}s, and answers each
 * batch with the measured {@link RunResult}s (a failing run becomes a result with status "error").
 * Started through `worker-bootstrap.mjs` by {@link WorkerPool}.
 */
import { parentPort } from "node:worker_threads";
import { StudyContext, type RunSpec, type StudySettings } from "./run.ts";
import { runSafely } from "./parallel.ts";

let ctx: StudyContext | null = null;

parentPort!.on("message", (msg: { type: "init"; settings: StudySettings } | { type: "run"; batch: number; specs: RunSpec[] }) => {
  if (msg.type === "init") {
    ctx = new StudyContext(msg.settings);
    parentPort!.postMessage({ type: "ready" });
    return;
  }
  const results = msg.specs.map((s) => runSafely(ctx!, s));
  parentPort!.postMessage({ type: "results", batch: msg.batch, results });
});
