/**
 * Convergence-study throughput: the 200-run σ sweep of the §5.1 LP (σ = 4.6…30 × 5 random initial
 * points on {Ax = b}, implicit Euler h = 0.01, tEnd = 60ε, early stop at rest) on 1 and 2 worker
 * threads, plus an 800-run variant. Reports total wall time (including worker start-up, i.e. tsx
 * registration and module compilation in each worker), the compute-only time, and the speedup of 2
 * workers over 1.
 */
import { loadavg, availableParallelism } from "node:os";
import { WorkerPool } from "../problems/convergence/parallel.ts";
import { planSweep } from "../problems/convergence/sweep.ts";

async function timeSweep(x0Count: number, workers: number) {
  const plan = planSweep({ problem: "liu-wang-lp", params: ["sigma=4.6:30:40"], x0: `random:7:${x0Count}`, tEnd: 60 });
  const pool = new WorkerPool(plan.settings, { workers });
  const t0 = performance.now();
  await pool.start();
  const t1 = performance.now();
  const results = await pool.run(plan.runs);
  const t2 = performance.now();
  await pool.close();
  return { runs: results.length, workers, totalSeconds: (t2 - t0) / 1000, startupSeconds: (t1 - t0) / 1000, computeSeconds: (t2 - t1) / 1000, converged: results.filter((r) => r.converged).length };
}

export async function run(): Promise<object> {
  const out: Record<string, unknown> = { cores: availableParallelism(), loadAverageBefore: loadavg()[0] };
  for (const x0Count of [5, 20]) {
    await timeSweep(x0Count, 1); // warm the tsx cache
    const one = await timeSweep(x0Count, 1);
    const two = await timeSweep(x0Count, 2);
    const row = { one, two, speedupTotal: one.totalSeconds / two.totalSeconds, speedupCompute: one.computeSeconds / two.computeSeconds };
    process.stderr.write(JSON.stringify(row) + "\n");
    out[`runs${one.runs}`] = row;
  }
  out.loadAverageAfter = loadavg()[0];
  return out;
}
