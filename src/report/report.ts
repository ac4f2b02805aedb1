/**
 * HTML reports: one page per run with a summary table and figures, rendered by the plotly.js-dist
 * bundle written once beside the reports (or inlined with `selfContained`). Works offline.
 */
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { writeFileAtomic, requireWritable } from "../io/atomic.ts";
import type { Figure } from "../plot/figure.ts";

/** A part of a report. */
export interface ReportSection {
  title: string;
  /** Short explanatory text (plain text; escaped). */
  text?: string;
  figures?: Figure[];
  /** A key/value table. */
  table?: Array<[string, string | number | boolean]>;
  /** Images shown side by side, each a PNG file's bytes. */
  images?: Array<{ caption: string; png: Uint8Array }>;
}

/** A whole report. */
export interface Report {
  title: string;
  /** The summary table at the top (status, parameters, stats). */
  summary: Record<string, string | number | boolean>;
  sections: ReportSection[];
}

/** File name of the Plotly bundle written beside reports. */
export const PLOTLY_BUNDLE = "plotly.min.js";

/** Path of the plotly.js-dist bundle in node_modules. */
export function plotlyBundlePath(): string {
  return createRequire(import.meta.url).resolve("plotly.js-dist/plotly.js");
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function jsonForScript(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x)).replace(/</g, "\\u003c");
}

/** Renders the report to an HTML string; `bundleTag` is the `<script>` that loads Plotly. */
export function renderReport(report: Report, bundleTag: string): string {
  let figCount = 0;
  const scripts: string[] = [];
  const body: string[] = [];
  body.push(`<h1>${esc(report.title)}</h1>`);
  body.push(`<table class="summary">${Object.entries(report.summary).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(String(v))}</td></tr>`).join("")}</table>`);
  for (const sec of report.sections) {
    body.push(`<section><h2>${esc(sec.title)}</h2>`);
    if (sec.text) body.push(`<p>${esc(sec.text)}</p>`);
    if (sec.table) body.push(`<table>${sec.table.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(String(v))}</td></tr>`).join("")}</table>`);
    if (sec.images) {
      body.push(`<div class="images">${sec.images.map((im) => `<figure><img alt="${esc(im.caption)}" src="data:image/png;base64,${Buffer.from(im.png).toString("base64")}"><figcaption>${esc(im.caption)}</figcaption></figure>`).join("")}</div>`);
    }
    for (const fig of sec.figures ?? []) {
      const id = `fig${figCount++}`;
      const empty = fig.data.length === 0 || fig.data.every((t) => Array.isArray(t.x) && (t.x as unknown[]).length === 0 && !Array.isArray(t.z));
      if (empty) {
        body.push(`<div class="empty" data-figure="${id}">${esc(fig.title)}: no data to plot.</div>`);
        continue;
      }
      body.push(`<div class="figure" id="${id}" data-traces="${fig.data.length}"></div>`);
      scripts.push(`figs.push(Plotly.newPlot(${JSON.stringify(id)}, ${jsonForScript(fig.data)}, Object.assign({title: {text: ${JSON.stringify(fig.title)}}}, ${jsonForScript(fig.layout)}), {responsive: true}));`);
    }
    body.push(`</section>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(report.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.2em .6em;text-align:left}
th{background:#f4f4f4}.figure{width:100%;height:460px}.empty{padding:2em;border:1px dashed #aaa;color:#666}
.images{display:flex;flex-wrap:wrap;gap:1em}.images img{image-rendering:pixelated;max-width:320px}
</style>
${bundleTag}
</head><body>
${body.join("\n")}
<script>
const figs = [];
if (typeof Plotly === "undefined") { document.body.insertAdjacentHTML("afterbegin", "<p class=empty>Plotly bundle not found beside this report; figures cannot be drawn.</p>"); document.body.dataset.ready = "1"; }
else { ${scripts.join("\n")}
Promise.all(figs).then(() => { document.body.dataset.ready = "1"; }); }
</script>
</body></html>
`;
}

/**
 * Writes a report atomically. The Plotly bundle is copied once beside it as {@link PLOTLY_BUNDLE}
 * (or inlined when `selfContained`).
 * @throws InputError when the folder of `path` does not exist or cannot be written.
 */
export function writeReport(path: string, report: Report, options: { selfContained?: boolean; option?: string } = {}): void {
  const option = options.option ?? "--report";
  requireWritable(path, option);
  let tag: string;
  if (options.selfContained) {
    tag = `<script>${readFileSync(plotlyBundlePath(), "utf8").replace(/<\/script/gi, "<\\/script")}</script>`;
  } else {
    const target = join(dirname(path), PLOTLY_BUNDLE);
    if (!existsSync(target)) copyFileSync(plotlyBundlePath(), target);
    tag = `<script src="${PLOTLY_BUNDLE}"></script>`;
  }
  writeFileAtomic(path, renderReport(report, tag), option);
}
