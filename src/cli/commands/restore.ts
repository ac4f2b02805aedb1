/**
 * `filippov restore OBS.png --blur B [--fidelity l1|l2] [--method two-phase|direct]
 * [--lambda X|auto] [--reference CLEAN.png] --out OUT.png [--json] [--report R.html]`:
 * restore an image with the L1 gradient network (reconstructed formulation of Ferreira, Kaszkurewicz
 * & Bhaya, IJCNN 2008), integrated to its equilibrium by the `primal-dual` solver.
 *
 * `--json` prints exactly one object with the keys psnr, ssim, psnrObserved, isnr (null without
 * `--reference`), lambda, objective, steps, seconds, and extra keys documented in docs/imaging.md.
 */
import type { Command } from "commander";
import { InputError } from "../../errors.ts";
import { formatBlur, parseBlur, requireKernelFits } from "../../image/blur.ts";
import { requireSameShape, type Image } from "../../image/image.ts";
import { isnr, mae, psnr, ssim } from "../../image/metrics.ts";
import { readPng, writePng } from "../../image/png.ts";
import { requireWritable } from "../../io/atomic.ts";
import type { Fidelity } from "../../../problems/imaging/network.ts";
import { restorationReport } from "../../../problems/imaging/report.ts";
import { emitReport, type ReportOptionValues } from "../report-options.ts";
import { restoreImage, type RestoreMethod } from "../../../problems/imaging/restore.ts";
import { parseNumber, printJson } from "../options.ts";
import { startProgress } from "../progress.ts";

interface RestoreCliOptions extends ReportOptionValues {
  blur: string;
  fidelity: string;
  method?: string;
  lambda: string;
  reference?: string;
  out: string;
  json?: boolean;
  box: boolean;
  tol: string;
  maxSeconds: string;
}

/** Registers `restore`. */
export function registerRestore(program: Command): void {
  program
    .command("restore")
    .description("restore a noisy/blurred PNG with the L1 gradient network (energy decreases to its minimum)")
    .argument("<observed>", "observed PNG image (8/16-bit gray or RGB; RGB restored per channel)")
    .option("--blur <spec>", "blur of the observation: none | gaussian:SIGMA:SIZE | box:SIZE", "none")
    .option("--fidelity <f>", "l1 (impulse noise, E1 = ‖Hx − g‖₁ + λ‖Dx‖₁) or l2 (Gaussian noise, E2 = ½‖Hx − g‖² + λ‖Dx‖₁)", "l1")
    .option("--method <m>", "direct (default; won on the benchmark) or two-phase (detect impulses with the adaptive median, drop them from the fidelity)")
    .option("--lambda <x>", "regularisation weight λ > 0, or auto (estimated from the observation)", "auto")
    .option("--reference <file>", "clean PNG for PSNR / SSIM / ISNR")
    .requiredOption("--out <file>", "restored PNG (written atomically)")
    .option("--json", "print one JSON object")
    .option("--report <file>", "write an HTML report (images, energy vs time)")
    .option("--self-contained", "inline the Plotly bundle into the report (one ≈10 MB file)")
    .option("--png <dir>", "also write one PNG per figure into this folder (needs Debian `chromium`)")
    .option("--no-box", "do not constrain intensities to [0, 1] during the restoration")
    .option("--tol <r>", "stationarity tolerance (relative energy change per step)", "1e-4")
    .option("--max-seconds <s>", "wall-time budget per channel", "120")
    .action(async (file: string, o: RestoreCliOptions) => {
      const blur = parseBlur(o.blur);
      if (o.fidelity !== "l1" && o.fidelity !== "l2") throw new InputError(`invalid option: \`--fidelity\` must be l1 or l2, got ${JSON.stringify(o.fidelity)}`);
      const fidelity = o.fidelity as Fidelity;
      const methodText = o.method ?? "direct";
      if (methodText !== "two-phase" && methodText !== "direct") throw new InputError(`invalid option: \`--method\` must be two-phase or direct, got ${JSON.stringify(methodText)}`);
      const method = methodText as RestoreMethod;
      const lambda = o.lambda === "auto" ? "auto" : parseNumber("--lambda", o.lambda, (v) => v > 0, "a positive number or auto");
      const tol = parseNumber("--tol", o.tol, (v) => v > 0 && v < 1, "a number in (0, 1)");
      const maxSeconds = parseNumber("--max-seconds", o.maxSeconds, (v) => v > 0, "a positive number");
      requireWritable(o.out, "--out");
      if (o.report) requireWritable(o.report, "--report");
      const observed = readPng(file, "<observed>");
      requireKernelFits(blur, observed.width, observed.height);
      let reference: Image | undefined;
      if (o.reference) {
        reference = readPng(o.reference, "--reference");
        requireSameShape(reference, observed, ["--reference", "the observed image"]);
      }
      const nc = observed.channels.length;
      const progress = startProgress("restore");
      let result;
      try {
        result = restoreImage(observed, {
          blur,
          fidelity,
          method,
          lambda,
          box: o.box,
          tol,
          maxSeconds,
          onStep: (c, step) => progress.update((c + step / (step + 40)) / nc),
        });
      } finally {
        progress.stop();
      }
      writePng(o.out, result.image);
      const small = observed.width >= 11 && observed.height >= 11;
      const metrics = reference
        ? {
            psnr: psnr(reference, result.image),
            ssim: small ? ssim(reference, result.image) : null,
            psnrObserved: psnr(reference, observed),
            isnr: isnr(reference, observed, result.image),
            mae: mae(reference, result.image),
          }
        : { psnr: null, ssim: null, psnrObserved: null, isnr: null, mae: null };
      const objective = result.channels.reduce((s, c) => s + c.objective, 0);
      const steps = result.channels.reduce((s, c) => s + c.steps, 0);
      const summary = {
        ...metrics,
        lambda: result.lambda,
        objective,
        steps,
        seconds: result.seconds,
        lambdaSource: result.lambdaSource,
        noiseEstimate: Number.isFinite(result.noiseEstimate) ? result.noiseEstimate : null,
        fidelity,
        method,
        blur: formatBlur(blur),
        width: observed.width,
        height: observed.height,
        channels: nc,
        iterations: result.channels.reduce((s, c) => s + c.innerIterations, 0),
        detectedFraction: result.channels.reduce((s, c) => s + c.detectedFraction, 0) / nc,
        status: result.channels.every((c) => c.status === "success") ? "success" : result.channels.find((c) => c.status !== "success")!.status,
        out: o.out,
      };
      await emitReport(o, () => restorationReport(`Restoration of ${file}`, { observed, result, reference, blur, fidelity, method, summary }));
      if (o.json) printJson(summary);
      else {
        const m = reference ? `PSNR ${summary.psnr!.toFixed(2)} dB (observed ${summary.psnrObserved!.toFixed(2)}), SSIM ${summary.ssim?.toFixed(4) ?? "—"}, ` : "";
        process.stdout.write(`wrote ${o.out}: ${m}λ = ${result.lambda.toPrecision(4)} (${result.lambdaSource}), E = ${objective.toPrecision(8)}, ${steps} steps, ${result.seconds.toFixed(2)} s\n`);
      }
    });
}
