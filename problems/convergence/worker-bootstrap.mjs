// Worker-thread entry of the sweep pool: registers the TypeScript loader (tsx) inside the worker,
// then loads the TypeScript worker module named in workerData.entry. A plain .mjs file so that it
// runs in any worker, whether the parent was started by `node bin/filippov.js`, tsx or vitest.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
