/** `filippov phantom --size N [--image NAME] --out P.png`: write one of the project's licence-free test images. */
import type { Command } from "commander";
import { TEST_IMAGES, testImage } from "../../image/phantom.ts";
import { writePng } from "../../image/png.ts";
import { requireWritable } from "../../io/atomic.ts";
import { parseNumber, printJson } from "../options.ts";

/** Registers `phantom`. */
export function registerPhantom(program: Command): void {
  program
    .command("phantom")
    .description("write a synthetic test image (modified Shepp–Logan phantom, shapes, gradient, color)")
    .option("--size <n>", "side length in pixels (8 … 4096)", "256")
    .option("--image <name>", `one of ${TEST_IMAGES.join(", ")}`, "shepp-logan")
    .requiredOption("--out <file>", "output PNG (written atomically)")
    .option("--bits <n>", "bit depth 8 or 16", "8")
    .option("--json", "print one JSON object")
    .action((o: { size: string; image: string; out: string; bits: string; json?: boolean }) => {
      const size = parseNumber("--size", o.size, (v) => Number.isInteger(v) && v >= 8 && v <= 4096, "an integer in [8, 4096]");
      const bits = parseNumber("--bits", o.bits, (v) => v === 8 || v === 16, "8 or 16") as 8 | 16;
      requireWritable(o.out, "--out");
      const img = testImage(o.image, size);
      writePng(o.out, img, bits);
      if (o.json) printJson({ out: o.out, image: o.image, width: size, height: size, channels: img.channels.length });
      else process.stdout.write(`wrote ${o.out} (${o.image}, ${size}×${size})\n`);
    });
}
