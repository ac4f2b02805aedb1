/**
 * The report options shared by every command that writes an HTML report: `--report FILE`,
 * `--self-contained` and `--png DIR`. A command adds them with {@link addReportOptions} and, once its
 * run is done, calls {@link emitReport}.
 */
import type { Command } from "commander";
import { InputError } from "../errors.ts";
import { exportFigures } from "../plot/browser.ts";
import { writeReport, type Report } from "../report/report.ts";

/** Parsed values of the report options. */
export interface ReportOptionValues {
  report?: string;
  selfContained?: boolean;
  png?: string;
}

/** Adds `--report <file>`, `--self-contained` and `--png <dir>` to a command. */
export function addReportOptions(cmd: Command): Command {
  return cmd
    .option("--report <file>", "write an HTML report (figures and a summary table); the Plotly bundle is copied beside it once")
    .option("--self-contained", "inline the Plotly bundle into the report (one ≈10 MB file)")
    .option("--png <dir>", "also write one PNG per figure into this folder (needs Debian `chromium`)");
}

/**
 * Writes the report when `--report` was given, then the PNGs when `--png` was given.
 * `build` is only called when a report is wanted.
 * @returns the files written (report first).
 * @throws InputError for `--png` without `--report`, a bad path, or missing Chromium (exit code 2).
 */
export async function emitReport(opts: ReportOptionValues, build: () => Report): Promise<string[]> {
  if (opts.png && !opts.report) {
    throw new InputError("invalid usage: `--png` needs `--report FILE` (the PNGs are rendered from the report)");
  }
  if (!opts.report) return [];
  writeReport(opts.report, build(), { selfContained: !!opts.selfContained });
  const files = [opts.report];
  if (opts.png) files.push(...(await exportFigures(opts.report, opts.png, { format: "png" })));
  return files;
}
