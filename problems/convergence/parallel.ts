/**
 * A pool of `node:worker_threads` workers that execute {@link RunSpec}s in parallel. Each worker is
 * started through `worker-bootstrap.mjs`, which registers the TypeScript loader inside the worker
 * (Node 20 does not load `.ts` worker entries, and loader hooks of the parent are not inherited), so
 * the pool works the same under `node bin/filippov.js`, tsx and vitest. Runs are dealt in small
 * batches on demand (dynamic load balancing: runs that stop early at rest free their worker).
 * With `workers: 0` everything runs in the calling thread (same results, no threads).
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { StudyContext, executeRun, type RunResult, type RunSpec, type StudySettings } from "./run.ts";

/** The number of cores Node reports (at least 1). */
export function coreCount(): number {
  return Math.max(1, availableParallelism());
}

/** Runs one spec, turning any exception into a result with status "error". */
export function runSafely(ctx: StudyContext, spec: RunSpec): RunResult {
  try {
    return executeRun(ctx, spec);
  } catch (e) {
    return {
      index: spec.index,
      solver: spec.solver,
      sigma: spec.sigma ?? null,
      epsilon: spec.epsilon ?? null,
      h: spec.h,
      theta: spec.theta ?? null,
      lambda: spec.lambda ?? null,
      n: spec.n ?? 0,
      x0: spec.x0 ?? [],
      status: "error",
      message: (e as Error).message,
      converged: false,
      tFeasible: null,
      tFeasibleBound: null,
      boundNote: "",
      gainBound: null,
      gainBoundKind: "none",
      boundValid: true,
      tOptimal: null,
      finalError: NaN,
      finalPenalty: NaN,
      switches: 0,
      slidingTime: 0,
      energyInitial: NaN,
      energyFinal: NaN,
      energyMonotone: true,
      maxEnergyIncrease: 0,
      energyT: [],
      energyV: [],
      steps: 0,
      tFinal: 0,
      wallSeconds: 0,
      xFinal: [],
    };
  }
}

/** Options of {@link WorkerPool}. */
export interface PoolOptions {
  /** Number of worker threads (0: run in the calling thread). */
  workers: number;
  /** Runs per message (default: about total/(8·workers), at least 1). */
  batchSize?: number;
}

/** A pool of sweep workers (see the module comment). Call {@link close} when done. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private ready: Promise<void> | null = null;
  private local: StudyContext | null = null;
  /** Seconds spent starting the workers (loader registration and module compilation). */
  startupSeconds = 0;

  constructor(readonly settings: StudySettings, readonly options: PoolOptions) {}

  /** Starts the workers (idempotent). */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    const t0 = performance.now();
    if (this.options.workers <= 0) {
      this.local = new StudyContext(this.settings);
      this.ready = Promise.resolve();
      return this.ready;
    }
    const boot = new URL("./worker-bootstrap.mjs", import.meta.url);
    const entry = new URL("./worker.ts", import.meta.url).href;
    const started: Promise<void>[] = [];
    for (let i = 0; i < this.options.workers; i++) {
      const w = new Worker(boot, { workerData: { entry } });
      this.workers.push(w);
      started.push(
        new Promise<void>((resolve, reject) => {
          const onMsg = (m: { type: string }) => {
            if (m.type === "ready") {
              w.off("message", onMsg);
              w.off("error", reject);
              resolve();
            }
          };
          w.on("message", onMsg);
          w.once("error", reject);
          w.postMessage({ type: "init", settings: this.settings });
        }),
      );
    }
    this.ready = Promise.all(started).then(() => {
      this.startupSeconds = (performance.now() - t0) / 1000;
    });
    return this.ready;
  }

  /**
   * Executes the specs; `onResult` is called as each result arrives (for progress bars).
   * @returns the results in the order of `specs`.
   */
  async run(specs: RunSpec[], onResult?: (r: RunResult, done: number, total: number) => void): Promise<RunResult[]> {
    await this.start();
    const out: RunResult[] = new Array(specs.length);
    const pos = new Map<number, number>();
    specs.forEach((s, i) => pos.set(s.index, i));
    let done = 0;
    const accept = (r: RunResult) => {
      out[pos.get(r.index)!] = r;
      done++;
      onResult?.(r, done, specs.length);
    };
    if (this.local) {
      for (const s of specs) accept(runSafely(this.local, s));
      return out;
    }
    const batch = Math.max(1, this.options.batchSize ?? Math.floor(specs.length / (8 * this.workers.length)));
    let next = 0;
    let batchId = 0;
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              if (next >= specs.length) {
                w.off("message", onMsg);
                w.off("error", onErr);
                resolve();
                return;
              }
              const chunk = specs.slice(next, next + batch);
              next += chunk.length;
              w.postMessage({ type: "run", batch: batchId++, specs: chunk });
            };
            const onMsg = (m: { type: string; results?: RunResult[] }) => {
              if (m.type !== "results") return;
              for (const r of m.results!) accept(r);
              feed();
            };
            const onErr = (e: Error) => reject(e);
            w.on("message", onMsg);
            w.once("error", onErr);
            feed();
          }),
      ),
    );
    return out;
  }

  /** Terminates the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
