/**
 * `filippov demo` (= `npm start`): runs every demo topic and writes its HTML reports plus one
 * index page linking them into `out/demo/` (or `--dir`).
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { writeReport } from "../../report/report.ts";
import { writeIndexPage, type IndexEntry } from "../../report/index-page.ts";
import { demoTopics } from "../demo/index.ts";
import { printJson } from "../options.ts";

/** Registers `demo`. */
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("simulate the canonical systems and the showcase problems; write HTML reports and an index page")
    .option("--dir <folder>", "output folder", "out/demo")
    .option("--json", "print exactly one JSON object listing the files written")
    .action(async (o: { dir: string; json?: boolean }) => {
      mkdirSync(o.dir, { recursive: true });
      const entries: IndexEntry[] = [];
      for (const topic of demoTopics) {
        if (!o.json) process.stderr.write(`demo: ${topic.name} ...\n`);
        for (const r of await topic.build()) {
          writeReport(join(o.dir, r.file), r.report);
          entries.push({ title: r.title, href: r.file, description: r.description });
        }
      }
      const index = writeIndexPage(o.dir, entries, { title: "filippov demo" });
      if (o.json) printJson({ index: resolve(index), reports: entries.map((e) => join(o.dir, e.href)) });
      else process.stdout.write(`wrote ${entries.length} reports; open ${resolve(index)}\n`);
    });
}
