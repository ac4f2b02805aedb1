/**
 * Imaging benchmark (`npx tsx bench/run.ts imaging`): quality of the L1 network restoration against
 * median filters and (when /usr/bin/python3 with scipy/scikit-image is present) SciPy's
 * `median_filter` and scikit-image's `denoise_tv_chambolle` on the same inputs; SSIM checked against
 * scikit-image; λ auto vs oracle λ for E2; explicit-Euler chattering; seconds and steps vs size.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testImage } from "../src/image/phantom.ts";
import { addNoise, parseNoise } from "../src/image/noise.ts";
import { Random } from "../src/random.ts";
import { blurOperator, parseBlur } from "../src/image/blur.ts";
import { adaptiveMedian, medianFilter } from "../src/image/filters.ts";
import { psnr, ssimPlane } from "../src/image/metrics.ts";
import { makeImage } from "../src/image/image.ts";
import { restoreImage, type RestoreMethod } from "../problems/imaging/restore.ts";
import { buildRestorationNetwork, explicitEulerTrace, type Fidelity } from "../problems/imaging/network.ts";

const SIZE = 256;
const CASES: Array<{ name: string; blur: string; noise: string; fidelity: Fidelity }> = [
  { name: "salt-pepper 10%", blur: "none", noise: "salt-pepper:0.1", fidelity: "l1" },
  { name: "salt-pepper 30%", blur: "none", noise: "salt-pepper:0.3", fidelity: "l1" },
  { name: "gaussian 0.05", blur: "none", noise: "gaussian:0.05", fidelity: "l2" },
  { name: "blur + salt-pepper 10%", blur: "gaussian:1.6:7", noise: "salt-pepper:0.1", fidelity: "l1" },
  { name: "blur + gaussian 0.01", blur: "gaussian:1.6:7", noise: "gaussian:0.01", fidelity: "l2" },
];
const r2 = (v: number) => Math.round(v * 100) / 100;

function degrade(clean: Float64Array, n: number, blur: string, noise: string, seed: number): Float64Array {
  const g = blurOperator(parseBlur(blur), n, n).apply(clean, new Float64Array(n * n));
  return addNoise(g, parseNoise(noise), new Random(seed));
}

function python(script: string, dir: string): unknown | null {
  if (!existsSync("/usr/bin/python3")) return null;
  const r = spawnSync("/usr/bin/python3", ["-c", script, dir], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) {
    process.stderr.write(`python comparison skipped: ${r.stderr.split("\n").slice(-2).join(" ")}\n`);
    return null;
  }
  return JSON.parse(r.stdout);
}

const PY = `
import sys, json, os, numpy as np
from scipy.ndimage import median_filter
from skimage.restoration import denoise_tv_chambolle
from skimage.metrics import structural_similarity, peak_signal_noise_ratio
d = sys.argv[1]; meta = json.load(open(os.path.join(d, "meta.json"))); out = {}
for c in meta:
    n = c["n"]; rd = lambda k: np.fromfile(os.path.join(d, c["id"] + "." + k), dtype="<f8").reshape(n, n)
    x, g, r = rd("clean"), rd("obs"), rd("restored")
    res = {"ssimRestoredSkimage": structural_similarity(x, r, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1)}
    res["median3"] = peak_signal_noise_ratio(x, median_filter(g, size=3), data_range=1)
    res["median5"] = peak_signal_noise_ratio(x, median_filter(g, size=5), data_range=1)
    best = max((peak_signal_noise_ratio(x, np.clip(denoise_tv_chambolle(g, weight=w), 0, 1), data_range=1), w) for w in [0.02, 0.05, 0.1, 0.2, 0.4])
    res["tvChambolleBest"] = best[0]; res["tvChambolleWeight"] = best[1]
    out[c["id"]] = res
print(json.dumps(out))
`;

/** Runs the benchmark; returns the figures written to out/bench/imaging.json. */
export async function run(): Promise<object> {
  const t0 = performance.now();
  const quality: Record<string, unknown>[] = [];
  const dir = mkdtempSync(join(tmpdir(), "filippov-bench-"));
  const meta: Array<{ id: string; n: number }> = [];
  for (const image of ["shepp-logan", "shapes"]) {
    const clean = testImage(image, SIZE).channels[0];
    for (const [ci, c] of CASES.entries()) {
      const g = degrade(clean, SIZE, c.blur, c.noise, 100 + ci);
      const obs = makeImage(SIZE, SIZE, [g]);
      const blur = parseBlur(c.blur);
      const row: Record<string, unknown> = { image, case: c.name, observed: r2(psnr(clean, g)) };
      if (c.fidelity === "l1") {
        row.median3 = r2(psnr(clean, medianFilter(g, SIZE, SIZE, 3)));
        row.median5 = r2(psnr(clean, medianFilter(g, SIZE, SIZE, 5)));
        row.adaptiveMedian = r2(psnr(clean, adaptiveMedian(g, SIZE, SIZE, 7).filtered));
      }
      const methods: RestoreMethod[] = c.fidelity === "l1" ? ["two-phase", "direct"] : ["direct"];
      let mainRestored: Float64Array | null = null;
      for (const m of methods) {
        const r = restoreImage(obs, { blur, fidelity: c.fidelity, method: m, lambda: "auto", maxSeconds: 20 });
        const x = r.image.channels[0];
        row[`${c.fidelity}-${m}`] = { psnr: r2(psnr(clean, x)), ssim: Math.round(ssimPlane(clean, x, SIZE, SIZE) * 1e4) / 1e4, lambda: Number(r.lambda.toPrecision(3)), steps: r.channels[0].steps, iterations: r.channels[0].innerIterations, seconds: r2(r.seconds), status: r.channels[0].status };
        mainRestored ??= x;
      }
      if (c.fidelity === "l2" && image === "shepp-logan") {
        const grid = c.blur === "none" ? [0.01, 0.02, 0.03, 0.045, 0.06, 0.08] : [0.0005, 0.001, 0.002, 0.004, 0.008];
        const sweep = grid.map((l) => ({ lambda: l, psnr: r2(psnr(clean, restoreImage(obs, { blur, fidelity: "l2", method: "direct", lambda: l, maxSeconds: 20 }).image.channels[0])) }));
        row.oracle = sweep.reduce((a, b) => (b.psnr > a.psnr ? b : a));
        row.oracleSweep = sweep;
      }
      const id = `${image}-${ci}`;
      meta.push({ id, n: SIZE });
      writeFileSync(join(dir, `${id}.clean`), new Uint8Array(clean.buffer));
      writeFileSync(join(dir, `${id}.obs`), new Uint8Array(g.buffer));
      writeFileSync(join(dir, `${id}.restored`), new Uint8Array(mainRestored!.buffer));
      row.id = id;
      row.ssimOurs = Math.round(ssimPlane(clean, mainRestored!, SIZE, SIZE) * 1e6) / 1e6;
      quality.push(row);
      process.stderr.write(`  ${image} ${c.name}: ${JSON.stringify(row)}\n`);
    }
  }
  writeFileSync(join(dir, "meta.json"), JSON.stringify(meta));
  const py = python(PY, dir) as Record<string, Record<string, number>> | null;
  if (py) for (const row of quality) row.python = py[row.id as string];
  rmSync(dir, { recursive: true, force: true });

  // explicit Euler chattering vs the primal-dual solver on the same network (128², s&p 10 %)
  const n = 128;
  const clean = testImage("shepp-logan", n).channels[0];
  const g = degrade(clean, n, "none", "salt-pepper:0.1", 7);
  const net = buildRestorationNetwork({ width: n, height: n, observed: g, blur: parseBlur("none"), lambda: 0.55, fidelity: "l1" });
  const pd = restoreImage(makeImage(n, n, [g]), { blur: parseBlur("none"), fidelity: "l1", method: "direct", lambda: 0.55, box: false, tol: 1e-7 });
  const chattering = [1e-2, 1e-3].map((h) => {
    const ee = explicitEulerTrace(net, g, h, 400);
    return { h, steps: 400, best: Number(ee.best.toPrecision(8)), final: Number(ee.energy[400].toPrecision(8)), chatterAmplitude: Number(ee.chatter.toPrecision(3)), psnr: r2(psnr(clean, ee.x)) };
  });

  // seconds and steps vs image size (s&p 10 %, direct, auto λ)
  const scaling = [];
  for (const s of [128, 256, 512, 1024]) {
    const cl = testImage("shepp-logan", s).channels[0];
    const gs = degrade(cl, s, "none", "salt-pepper:0.1", 9);
    for (const m of ["direct"] as const) {
      const r = restoreImage(makeImage(s, s, [gs]), { blur: parseBlur("none"), fidelity: "l1", method: m, lambda: "auto", maxSeconds: 30 });
      scaling.push({ size: s, method: m, seconds: r2(r.seconds), steps: r.channels[0].steps, iterations: r.channels[0].innerIterations, psnr: r2(psnr(cl, r.image.channels[0])) });
      process.stderr.write(`  size ${s} ${m}: ${r.seconds.toFixed(2)} s\n`);
    }
    if (s === 512) {
      const gg = degrade(cl, s, "none", "gaussian:0.05", 9);
      const r = restoreImage(makeImage(s, s, [gg]), { blur: parseBlur("none"), fidelity: "l2", method: "direct", lambda: "auto", maxSeconds: 30 });
      scaling.push({ size: s, method: "l2-direct", seconds: r2(r.seconds), steps: r.channels[0].steps, iterations: r.channels[0].innerIterations, psnr: r2(psnr(cl, r.image.channels[0])) });
    }
  }
  return {
    size: SIZE,
    quality,
    pythonAvailable: py !== null,
    chattering: { primalDual: { energy: Number(pd.channels[0].objective.toPrecision(8)), steps: pd.channels[0].steps, psnr: r2(psnr(clean, pd.image.channels[0])) }, explicitEuler: chattering },
    scaling,
    seconds: r2((performance.now() - t0) / 1000),
  };
}
