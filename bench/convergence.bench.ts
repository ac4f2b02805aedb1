/**
 * Convergence-study throughput: the 200-run σ sweep of the §5.1 LP (σ = 4.6…30 × 5 random initial
 * points on {Ax = b}, implicit Euler h = 0.01, tEnd = 60ε, early stop at rest) on 1 and 2 worker
 * threads, plus an 800-run variant. Reports total wall time (including worker start-up, i.e. tsx
 * registration and module compilation in each worker), the compute-only time, and the speedup of 2
 * workers over 1; and the same 200 runs with h = 1e-4, heavy enough for two threads to pay off.
 */
import { loadavg, availableParallelism } from "node:os";
import { WorkerPool } from "../problems/convergence/parallel.ts";
import { planSweep } from "../problems/convergence/sweep.ts";

async function timeSweep(x0Count: number, workers: number, h = 0.01) {
  const plan = planSweep({ problem: "liu-wang-lp", params: ["sigma=4.6:30:40"], x0: `random:7:${x0Count}`, tEnd: 60, h });
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
  // the 200- and 800-run sweeps of the issue (≈1–2 ms per run), and the 200-run sweep with a 100×
  // smaller step (≈0.1 s per run), where the threads' start-up is repaid
  for (const [x0Count, h] of [[5, 0.01], [20, 0.01], [5, 1e-4]] as const) {
    await timeSweep(x0Count, 1, h); // warm the tsx cache
    const one = await timeSweep(x0Count, 1, h);
    const two = await timeSweep(x0Count, 2, h);
    const row = { h, one, two, speedupTotal: one.totalSeconds / two.totalSeconds, speedupCompute: one.computeSeconds / two.computeSeconds };
    process.stderr.write(JSON.stringify(row) + "\n");
    out[`runs${one.runs}-h${h}`] = row;
  }
  out.loadAverageAfter = loadavg()[0];
  return out;
}
