/**
 * `filippov degrade CLEAN.png --blur B --noise N --seed S --out OBS.png`: blur then add seeded noise
 * (reproducible), clip to [0, 1] and write the observation atomically.
 */
import type { Command } from "commander";
import { blurOperator, formatBlur, parseBlur, requireKernelFits } from "../../image/blur.ts";
import { mapChannels } from "../../image/image.ts";
import { addNoise, formatNoise, parseNoise } from "../../image/noise.ts";
import { psnr } from "../../image/metrics.ts";
import { readPng, writePng } from "../../image/png.ts";
import { Random } from "../../random.ts";
import { requireWritable } from "../../io/atomic.ts";
import { parseNumber, printJson } from "../options.ts";

interface DegradeOptions {
  blur: string;
  noise: string;
  seed: string;
  out: string;
  bits?: string;
  json?: boolean;
}

/** Registers `degrade`. */
export function registerDegrade(program: Command): void {
  program
    .command("degrade")
    .description("blur and add seeded noise to a PNG image (test observations for `restore`)")
    .argument("<clean>", "clean PNG image (8/16-bit gray or RGB; alpha ignored)")
    .option("--blur <spec>", "none | gaussian:SIGMA:SIZE | box:SIZE (normalized, reflect boundary)", "none")
    .option("--noise <spec>", "none | gaussian:STD | salt-pepper:DENSITY | impulse:DENSITY", "none")
    .option("--seed <n>", "seed of the noise generator (integer)", "1")
    .requiredOption("--out <file>", "output PNG (written atomically)")
    .option("--bits <n>", "output bit depth 8 or 16 (default: that of the input)")
    .option("--json", "print one JSON object")
    .action((file: string, o: DegradeOptions) => {
      const blur = parseBlur(o.blur);
      const noise = parseNoise(o.noise);
      const seed = parseNumber("--seed", o.seed, (v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32, "an integer in [0, 2^32)");
      const bits = o.bits === undefined ? undefined : (parseNumber("--bits", o.bits, (v) => v === 8 || v === 16, "8 or 16") as 8 | 16);
      requireWritable(o.out, "--out");
      const clean = readPng(file, "<clean>");
      requireKernelFits(blur, clean.width, clean.height);
      const H = blurOperator(blur, clean.width, clean.height);
      const rng = new Random(seed);
      const obs = mapChannels(clean, (p) => addNoise(H.apply(p, new Float64Array(p.length)), noise, rng));
      writePng(o.out, obs, bits);
      if (o.json) {
        printJson({ out: o.out, width: clean.width, height: clean.height, channels: clean.channels.length, blur: formatBlur(blur), noise: formatNoise(noise), seed, psnr: psnr(clean, obs) });
      } else {
        process.stdout.write(`wrote ${o.out} (${clean.width}×${clean.height}, blur ${formatBlur(blur)}, noise ${formatNoise(noise)}, seed ${seed}; PSNR ${psnr(clean, obs).toFixed(2)} dB)\n`);
      }
    });
}
