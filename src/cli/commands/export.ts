/**
 * `filippov export REPORT.html --png DIR [--svg DIR]`: writes one image per figure of a report,
 * rendered in headless Chromium (Debian `chromium`). Exit code 2 with an install hint when Chromium
 * is missing.
 */
import type { Command } from "commander";
import { InputError } from "../../errors.ts";
import { exportFigures } from "../../plot/browser.ts";
import { parsePositiveInt, printJson } from "../options.ts";

/** Registers the `export` subcommand. */
export function registerExport(program: Command): void {
  program
    .command("export")
    .description("write one PNG (or SVG) per figure of an HTML report, rendered in headless Chromium")
    .argument("<report>", "an HTML report written with --report")
    .option("--png <dir>", "write PNG files into this folder (created if missing)")
    .option("--svg <dir>", "write SVG files into this folder (created if missing)")
    .option("--width <px>", "image width in CSS pixels", "900")
    .option("--height <px>", "image height in CSS pixels", "500")
    .option("--json", "print one JSON object {report, files} on stdout")
    .action(async (report: string, opts: { png?: string; svg?: string; width: string; height: string; json?: boolean }) => {
      if (!opts.png && !opts.svg) throw new InputError("invalid usage: `filippov export` needs --png DIR and/or --svg DIR");
      const width = parsePositiveInt("--width", opts.width);
      const height = parsePositiveInt("--height", opts.height);
      const files: string[] = [];
      if (opts.png) files.push(...(await exportFigures(report, opts.png, { format: "png", width, height })));
      if (opts.svg) files.push(...(await exportFigures(report, opts.svg, { format: "svg", width, height })));
      if (opts.json) printJson({ report, files });
      else process.stdout.write(files.length ? files.join("\n") + "\n" : `${report}: no figures to export\n`);
    });
}
