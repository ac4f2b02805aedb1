import {
  testImage, grayImage, addNoise, Random, medianFilter, adaptiveMedian, psnr, ssim,
  restoreImage, buildRestorationNetwork, explicitEulerTrace, imagePanelsFigure, imageDifference, convergenceFigure,
} from "../src/index.ts";
const size = 128;
const clean = testImage("shepp-logan", size);
const ref = clean.channels[0];
const t0 = performance.now();
for (const [name, spec] of [["sp10", { type: "salt-pepper", density: 0.1 }], ["sp30", { type: "salt-pepper", density: 0.3 }], ["g05", { type: "gaussian", std: 0.05 }]] as const) {
  const g = addNoise(Float64Array.from(ref), spec, new Random(1));
  const obs = grayImage(size, size, g);
  const t1 = performance.now();
  const fid = spec.type === "gaussian" ? "l2" : "l1";
  const r = restoreImage(obs, { blur: { type: "none" }, fidelity: fid, method: "direct", lambda: "auto" });
  const t2 = performance.now();
  const m3 = medianFilter(g, size, size, 3), m5 = medianFilter(g, size, size, 5), am = adaptiveMedian(g, size, size, 7).filtered;
  console.log(name, "obs", psnr(ref, g).toFixed(2), "net", psnr(ref, r.image.channels[0]).toFixed(2), ssim(clean, r.image).toFixed(4), "λ", r.lambda, "steps", r.channels[0].steps, "ms", (t2 - t1).toFixed(0),
    "m3", psnr(ref, m3).toFixed(2), "m5", psnr(ref, m5).toFixed(2), "am", psnr(ref, am).toFixed(2));
  const ch = r.channels[0];
  console.log(" energy", ch.energyTimes.length, ch.energyTimes[0], ch.energyTimes[ch.energyTimes.length - 1], ch.energy[0], ch.energy[ch.energy.length - 1], ch.objective, ch.status, ch.message);
  const net = buildRestorationNetwork({ width: size, height: size, observed: g, blur: { type: "none" }, lambda: r.lambda, fidelity: fid });
  const t3 = performance.now();
  const ee = explicitEulerTrace(net, g, 0.01, 400);
  console.log(" EE", ee.best, ee.energy[400], ee.chatter, (performance.now() - t3).toFixed(0), "ms");
}
console.log("total", (performance.now() - t0).toFixed(0));
