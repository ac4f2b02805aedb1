/**
 * Demo topic "image restoration": the Shepp–Logan phantom with 20 % salt-and-pepper noise restored by
 * the L1 gradient network (λ auto, without the clean image), compared with the median filters.
 */
import { restorationReport } from "../../../problems/imaging/report.ts";
import { restoreImage } from "../../../problems/imaging/restore.ts";
import { parseBlur } from "../../image/blur.ts";
import { adaptiveMedian, medianFilter } from "../../image/filters.ts";
import { makeImage } from "../../image/image.ts";
import { isnr, psnr, ssim } from "../../image/metrics.ts";
import { addNoise, parseNoise } from "../../image/noise.ts";
import { testImage } from "../../image/phantom.ts";
import { Random } from "../../random.ts";
import type { DemoReport } from "./topic.ts";

/** The report of this topic. */
export function imagingDemo(): DemoReport[] {
  const size = 128;
  const clean = testImage("shepp-logan", size);
  const noise = parseNoise("salt-pepper:0.2");
  const observed = makeImage(size, size, [addNoise(Float64Array.from(clean.channels[0]), noise, new Random(7))]);
  const blur = parseBlur("none");
  const result = restoreImage(observed, { blur, fidelity: "l1", method: "direct", lambda: "auto" });
  const median = (x: Float64Array) => makeImage(size, size, [x]);
  const m3 = median(medianFilter(observed.channels[0], size, size, 3));
  const m5 = median(medianFilter(observed.channels[0], size, size, 5));
  const am = median(adaptiveMedian(observed.channels[0], size, size).filtered);
  const summary = {
    "PSNR observed (dB)": psnr(clean, observed),
    "PSNR L1 network (dB)": psnr(clean, result.image),
    "SSIM L1 network": ssim(clean, result.image),
    "ISNR (dB)": isnr(clean, observed, result.image),
    "PSNR median 3×3 (dB)": psnr(clean, m3),
    "PSNR median 5×5 (dB)": psnr(clean, m5),
    "PSNR adaptive median (dB)": psnr(clean, am),
    lambda: result.lambda,
    "lambda source": result.lambdaSource,
    seconds: result.seconds,
  };
  return [
    {
      file: "image-restoration.html",
      title: "L1 image restoration: phantom with 20 % salt-and-pepper noise",
      description: `The L1 gradient network (λ auto) gives ${summary["PSNR L1 network (dB)"].toFixed(2)} dB against ${Math.max(summary["PSNR median 3×3 (dB)"], summary["PSNR median 5×5 (dB)"], summary["PSNR adaptive median (dB)"]).toFixed(2)} dB for the best median filter; its energy decreases to the minimum while explicit Euler chatters.`,
      report: restorationReport("Shepp–Logan phantom, 20 % salt-and-pepper, restored by the L1 network", { observed, result, reference: clean, blur, fidelity: "l1", method: "direct", summary }),
    },
  ];
}
