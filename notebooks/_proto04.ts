import {
  liuWangExample, buildLiuWangNetwork, liuWangGainBound, feasibilityTimeBound, penalty,
  planSweep, StudyContext, executeRun, summarize, initialPoints, quantiles, solveOptimization,
} from "../src/index.ts";
const t0 = performance.now();
const lp = liuWangExample();
const net1 = buildLiuWangNetwork(lp, { sigma: 1 });
const gb = liuWangGainBound(net1);
console.log(gb, Array.from(net1.q));
const x0 = Array.from(net1.q, (v, j) => v - 4 * [2, 1, 0][j]);
console.log("x0", x0, "phi", penalty(lp, x0));
const plan = planSweep({ problem: "liu-wang-lp", params: ["sigma=3:12:37"], x0: x0.join(","), tEnd: 20 });
const ctx = new StudyContext(plan.settings);
const res = plan.runs.map((s) => executeRun(ctx, s));
for (const r of res) console.log(r.sigma?.toFixed(3), r.status, r.converged, r.tFeasible, r.tFeasibleBound, r.boundNote.slice(0, 30), r.tOptimal, r.steps, r.xFinal.map((v) => v.toFixed(3)).join(" "), (r.wallSeconds * 1000).toFixed(1));
console.log("sweep ms", (performance.now() - t0).toFixed(0));
const t1 = performance.now();
const mc = planSweep({ problem: "liu-wang-lp", params: ["sigma=3,4,4.4,4.6,5,6,8,12"], x0: "random:7:25", tEnd: 20 });
const ctx2 = new StudyContext(mc.settings);
const res2 = mc.runs.map((s) => executeRun(ctx2, s));
const groups = summarize(mc, res2);
for (const g of groups) console.log(g.point, g.fraction, g.tFeasible, g.tOptimal, g.boundMedian, g.worstExcess);
console.log("mc ms", (performance.now() - t1).toFixed(0));
for (const sigma of [3, 6]) {
  const h = 0.01;
  const r = solveOptimization(lp, { sigma, adaptSigma: false, growth: 1, tau0: h, tauMax: h, tEnd: 20, x0, record: true });
  console.log(sigma, r.status, r.message, r.trajectory!.t.length, r.trajectory!.feasibleAt, Array.from(r.x));
}
