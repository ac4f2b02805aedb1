/**
 * Work–precision of the four solvers (implicit-euler, explicit-euler, event-driven, smoothed) on
 * three canonical systems with exact answers (error of the final state vs wall time), the cost of
 * reaching 1e-8 (implicit Euler's extrapolated from its fitted log-error/log-cost line), and SciPy's
 * `solve_ivp` (RK45 with np.sign, and RK45 with terminal events and hand-coded mode switching) on the
 * same systems. Writes out/bench/solvers.html (log-log figures) beside the JSON of `bench/run.ts`.
 */
import { logLogFit } from "../src/fit.ts";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { solve, type Solver } from "../src/solver.ts";
import { writeReport } from "../src/report/report.ts";
import type { Figure } from "../src/plot/figure.ts";
import { solvers } from "../solvers/index.ts";
import { coulomb, forcedSliding, slidingDrift, type CanonicalSystem } from "../problems/canonical/index.ts";

interface Point {
  param: number;
  error: number;
  seconds: number;
  fEvals: number;
  status: string;
}

function timeRun(solver: Solver<any>, sys: CanonicalSystem, opts: Record<string, unknown>): Point {
  const ex = new Float64Array(sys.problem.x0.length);
  let best = Infinity;
  let sol = solve(solver, sys.problem, { maxWallSeconds: 20, ...opts });
  const reps = Math.max(1, Math.min(20, Math.ceil(0.02 / Math.max(sol.stats.wallSeconds, 1e-6))));
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    sol = solve(solver, sys.problem, { maxWallSeconds: 20, ...opts });
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  sys.exact!(sol.tFinal, ex);
  let err = 0;
  for (let i = 0; i < ex.length; i++) err = Math.max(err, Math.abs(sol.xFinal[i] - ex[i]));
  return { param: Number(Object.values(opts)[0]), error: Math.max(err, 1e-16), seconds: best, fEvals: sol.stats.fEvals, status: sol.status };
}

/** Least squares of log(seconds) = a + b·log(error). */
function fitCost(points: Point[]): { a: number; b: number } {
  const { slope, intercept } = logLogFit(points.map((p) => p.error), points.map((p) => p.seconds));
  return { a: intercept, b: slope };
}

/** Cost at error `target` by log-log interpolation between the bracketing points (null if never reached). */
function costAt(points: Point[], target: number): number | null {
  const sorted = [...points].sort((p, q) => q.error - p.error);
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i].error <= target) {
      if (i === 0) return sorted[0].seconds;
      const a = sorted[i - 1];
      const b = sorted[i];
      const w = (Math.log(target) - Math.log(a.error)) / (Math.log(b.error) - Math.log(a.error));
      return Math.exp(Math.log(a.seconds) + w * (Math.log(b.seconds) - Math.log(a.seconds)));
    }
  }
  return null;
}

const PY = String.raw`
import json, sys, time, math
import numpy as np
from scipy.integrate import solve_ivp
tol = float(sys.argv[1])
out = {}
class Budget(Exception):
    pass
def capped(f, cap=200000):
    n = [0]
    def g(t, x):
        n[0] += 1
        if n[0] > cap:
            raise Budget("RK45 with np.sign exceeded %d evaluations (chattering on the surface)" % cap)
        return f(t, x)
    return g
def best(fn, reps=3):
    b = 1e9; r = None
    for _ in range(reps):
        t0 = time.perf_counter(); r = fn(); b = min(b, time.perf_counter() - t0)
    return b, r
# forced sliding: x1' in -sgn x1 + 0.5 sin t, x2' = x1 on [0, 3]
ts = 1.4
for _ in range(60): ts -= (1.5 - ts - 0.5*math.cos(ts)) / (-1 + 0.5*math.sin(ts))
x2e = 1.5*ts - ts*ts/2 - 0.5*math.sin(ts)
def fs_naive():
    r = solve_ivp(capped(lambda t, x: [-np.sign(x[0]) + 0.5*np.sin(t), x[0]]), (0, 3), [1, 0], method='RK45', rtol=tol, atol=tol)
    return max(abs(r.y[0,-1]), abs(r.y[1,-1]-x2e)), r.nfev
def fs_events():
    ev = lambda t, x: x[0]; ev.terminal = True; ev.direction = -1
    r = solve_ivp(lambda t, x: [-1 + 0.5*np.sin(t), x[0]], (0, 3), [1, 0], method='RK45', rtol=tol, atol=tol, events=ev)
    te = r.t_events[0][0]; x2 = r.y_events[0][0][1]   # then slides at x1 = 0: x2 constant
    return abs(x2 - x2e), r.nfev
# coulomb: x' = v, v' = -x - 0.15 sgn v, x0 = (1, 0), T = 3pi + 3 ; exact final (-0.1, 0)
T = 3*math.pi + 3
def cb_naive():
    r = solve_ivp(capped(lambda t, y: [y[1], -y[0] - 0.15*np.sign(y[1])]), (0, T), [1, 0], method='RK45', rtol=tol, atol=tol)
    return max(abs(r.y[0,-1] + 0.1), abs(r.y[1,-1])), r.nfev
def cb_events():
    t, y, nfev, s = 0.0, [1.0, 0.0], 0, 1.0
    s = 1.0  # first half-cycle moves with v < 0: s = sgn(v) = -1 after start; decide by the velocity sign
    for _ in range(100):
        x = y[0]
        if abs(x) <= 0.15 and abs(y[1]) < 1e-12:
            return max(abs(x + 0.1), abs(y[1])), nfev
        s = -1.0 if (-x) < 0 else 1.0   # direction of v' at v = 0 decides the sign of v
        ev = lambda t, y: y[1]; ev.terminal = True; ev.direction = -s
        r = solve_ivp(lambda t, y, s=s: [y[1], -y[0] - 0.15*s], (t, T), y, method='RK45', rtol=tol, atol=tol, events=ev, first_step=1e-3)
        nfev += r.nfev
        if r.status == 0:
            return max(abs(r.y[0,-1] + 0.1), abs(r.y[1,-1])), nfev
        t = r.t_events[0][0]; y = [r.y_events[0][0][0], 0.0]
    raise Budget("too many events")
# sliding drift: x' in -sgn x + 0.5, x0 = 1, T = 5 ; exact 0
def sd_naive():
    r = solve_ivp(capped(lambda t, x: [-np.sign(x[0]) + 0.5]), (0, 5), [1], method='RK45', rtol=tol, atol=tol)
    return abs(r.y[0,-1]), r.nfev
def sd_events():
    ev = lambda t, x: x[0]; ev.terminal = True
    r = solve_ivp(lambda t, x: [-0.5], (0, 5), [1], method='RK45', rtol=tol, atol=tol, events=ev)
    return 0.0 if r.status == 1 else abs(r.y[0,-1]), r.nfev
for name, fns in {"forced-sliding": (fs_naive, fs_events), "coulomb": (cb_naive, cb_events), "sliding-drift": (sd_naive, sd_events)}.items():
    res = {}
    for label, fn in zip(("rk45", "rk45-events"), fns):
        try:
            sec, (err, nfev) = best(fn, 1 if label == "rk45" else 3)
            res[label] = {"seconds": sec, "error": err, "fEvals": int(nfev)}
        except Exception as e:
            res[label] = {"failed": str(e)[:200]}
    out[name] = res
print(json.dumps(out))
`;

function scipy(tol: number): Record<string, unknown> | { skipped: string } {
  if (!existsSync("/usr/bin/python3")) return { skipped: "/usr/bin/python3 not found" };
  try {
    const text = execFileSync("/usr/bin/python3", ["-c", PY, String(tol)], { encoding: "utf8", timeout: 120_000, stdio: ["ignore", "pipe", "pipe"] });
    return JSON.parse(text.trim().split("\n").pop()!);
  } catch (e) {
    return { skipped: `scipy run failed: ${(e as Error).message.split("\n")[0]}` };
  }
}

export async function run(): Promise<object> {
  const systems = [forcedSliding(), coulomb(), slidingDrift()];
  const plan: Record<string, Array<Record<string, unknown>>> = {
    "event-driven": [1e-4, 1e-6, 1e-8, 1e-10, 1e-12].map((tol) => ({ rtol: tol, atol: tol })),
    "implicit-euler": [1e-2, 3e-3, 1e-3, 3e-4, 1e-4].map((h) => ({ h })),
    "explicit-euler": [1e-2, 3e-3, 1e-3, 3e-4, 1e-4].map((h) => ({ h })),
    smoothed: [1e-2, 1e-3, 1e-4].map((delta) => ({ delta, rtol: 1e-10, atol: 1e-12 })),
  };
  const results: Record<string, unknown> = {};
  const figures: Figure[] = [];
  const summary: Record<string, string | number | boolean> = {};
  for (const sys of systems) {
    process.stderr.write(`  ${sys.name}\n`);
    const per: Record<string, Point[]> = {};
    for (const [name, list] of Object.entries(plan)) per[name] = list.map((o) => timeRun(solvers[name], sys, o));
    const target = 1e-8;
    const edCost = costAt(per["event-driven"], target);
    const ieFit = fitCost(per["implicit-euler"].filter((p) => p.error > 1e-14));
    const ieCost = costAt(per["implicit-euler"], target) ?? Math.exp(ieFit.a + ieFit.b * Math.log(target));
    const ieExtrapolated = costAt(per["implicit-euler"], target) === null;
    // smoothed beats event-driven if one of its runs is cheaper than every event-driven run at least as accurate
    const smoothedBeats = per.smoothed.some((sp) => {
      const costs = per["event-driven"].filter((e) => e.error <= sp.error).map((e) => e.seconds);
      return costs.length > 0 && sp.seconds < Math.min(...costs);
    });
    results[sys.name] = {
      points: per,
      at1e8: { eventDrivenSeconds: edCost, implicitEulerSeconds: ieCost, implicitEulerExtrapolated: ieExtrapolated, implicitEulerFit: ieFit, speedup: edCost && ieCost ? ieCost / edCost : null },
      smoothedEverBeatsEventDriven: smoothedBeats,
    };
    summary[`${sys.name}: ED speed-up vs IE at 1e-8`] = edCost && ieCost ? Number((ieCost / edCost).toPrecision(3)) : "n/a";
    figures.push({
      title: `Work–precision: ${sys.title}`,
      data: Object.entries(per).map(([name, pts]) => ({ type: "scatter", mode: "lines+markers", name, x: pts.map((p) => p.seconds), y: pts.map((p) => p.error) })),
      layout: { xaxis: { type: "log", title: { text: "wall time [s]" } }, yaxis: { type: "log", title: { text: "max error of x(T)" } } },
      caption: `Error of the final state against the exact solution vs best-of-N wall time. Implicit Euler at 1e-8 ${ieExtrapolated ? "extrapolated from its fitted line" : "measured"}.`,
    });
  }
  process.stderr.write("  scipy\n");
  const sp = scipy(1e-10);
  const ratios: Record<string, unknown> = {};
  if (!("skipped" in sp)) {
    for (const sys of systems) {
      const s = (sp as Record<string, Record<string, { seconds?: number; error?: number }>>)[sys.name];
      const ed = (results[sys.name] as { points: Record<string, Point[]> }).points["event-driven"].find((p) => p.param === 1e-10)!;
      ratios[sys.name] = {
        eventDriven: { seconds: ed.seconds, error: ed.error },
        rk45: s.rk45,
        rk45Events: s["rk45-events"],
        rk45OverEventDriven: s.rk45?.seconds ? s.rk45.seconds / ed.seconds : null,
        rk45EventsOverEventDriven: s["rk45-events"]?.seconds ? s["rk45-events"].seconds! / ed.seconds : null,
      };
    }
  }
  mkdirSync("out/bench", { recursive: true });
  const result = { systems: results, scipy: "skipped" in sp ? sp : ratios };
  writeFileSync("out/bench/solvers-detail.json", JSON.stringify(result, null, 2));
  writeReport("out/bench/solvers.html", { title: "Solver work–precision", summary, sections: [{ title: "Work–precision (log-log)", figures }] });
  return result;
}
