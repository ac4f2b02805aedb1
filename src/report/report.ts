/**
 * HTML reports: one page per run with a summary table and figures, rendered by the plotly.js-dist
 * bundle written once beside the reports (or inlined with `selfContained`). Works offline: the page
 * loads nothing from the network.
 *
 * Each drawn figure is a `<div class="figure" id="figN" data-traces="T">`; a figure with nothing to
 * draw becomes a `<div class="empty">` message instead. When every figure is drawn the page sets
 * `document.body.dataset.ready = "1"` (and `data-errors` to the number of figures that failed), which
 * the PNG/SVG export and the browser tests wait for.
 */
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { InputError } from "../errors.ts";
import { writeFileAtomic, requireWritable } from "../io/atomic.ts";
import { isEmptyFigure, type Figure } from "../plot/figure.ts";

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

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** Inline the Plotly bundle (≈10 MB page) instead of referencing {@link PLOTLY_BUNDLE} beside the report. */
  selfContained?: boolean;
  /** The option the path came from, for error messages (default `--report`). */
  option?: string;
}

/** File name of the Plotly bundle written beside reports. */
export const PLOTLY_BUNDLE = "plotly.min.js";

/** Path of the plotly.js-dist bundle in node_modules. */
export function plotlyBundlePath(): string {
  return createRequire(import.meta.url).resolve("plotly.js-dist/plotly.js");
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON for embedding inside a `<script>` (typed arrays become arrays; `<` is escaped; NaN → null). */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x)).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function cell(v: string | number | boolean): string {
  if (typeof v === "number") return escapeHtml(Number.isInteger(v) ? String(v) : String(+v.toPrecision(6)));
  return escapeHtml(String(v));
}

function statusClass(v: unknown): string {
  return v === "success" ? "ok" : typeof v === "string" && /fail|diverged|error|infeasible|zeno|max-/.test(v) ? "bad" : "";
}

function emptyReason(fig: Figure): string {
  if (fig.caption) return fig.caption;
  const ann = (fig.layout?.annotations as Array<{ text?: string }> | undefined)?.[0]?.text;
  return ann ?? "no data to plot";
}

/**
 * Renders the report to an HTML string; `bundleTag` is the `<script>` that loads Plotly.
 * Figures with nothing to draw (see {@link isEmptyFigure}) become an empty-state message.
 */
export function renderReport(report: Report, bundleTag: string): string {
  let figCount = 0;
  const specs: string[] = [];
  const body: string[] = [];
  body.push(`<h1>${escapeHtml(report.title)}</h1>`);
  const summary = Object.entries(report.summary ?? {});
  if (summary.length > 0) {
    body.push(`<table class="summary">${summary.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td class="${k === "status" ? statusClass(v) : ""}">${cell(v)}</td></tr>`).join("")}</table>`);
  }
  for (const sec of report.sections ?? []) {
    body.push(`<section><h2>${escapeHtml(sec.title)}</h2>`);
    if (sec.text) body.push(...sec.text.split(/\n\s*\n/).map((p) => `<p>${escapeHtml(p)}</p>`));
    if (sec.table && sec.table.length > 0) body.push(`<table>${sec.table.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${cell(v)}</td></tr>`).join("")}</table>`);
    if (sec.images && sec.images.length > 0) {
      body.push(`<div class="images">${sec.images.map((im) => `<figure><img alt="${escapeHtml(im.caption)}" src="data:image/png;base64,${Buffer.from(im.png).toString("base64")}"><figcaption>${escapeHtml(im.caption)}</figcaption></figure>`).join("")}</div>`);
    }
    for (const fig of sec.figures ?? []) {
      const id = `fig${figCount++}`;
      if (isEmptyFigure(fig)) {
        body.push(`<div class="empty" data-figure="${id}" data-traces="0"><strong>${escapeHtml(fig.title ?? "Figure")}</strong>: ${escapeHtml(emptyReason(fig))}.</div>`);
        continue;
      }
      const h = typeof fig.layout?.height === "number" ? `height:${fig.layout.height}px` : "";
      body.push(`<figure class="plot"><div class="figure" id="${id}" data-traces="${fig.data.length}" data-title="${escapeHtml(fig.title ?? "")}" style="${h}"></div>${fig.caption ? `<figcaption>${escapeHtml(fig.caption)}</figcaption>` : ""}</figure>`);
      const layout = { ...(fig.layout ?? {}), title: { text: fig.title ?? "", ...((fig.layout?.title as object) ?? {}) } };
      specs.push(`[${JSON.stringify(id)}, ${jsonForScript(fig.data)}, ${jsonForScript(layout)}]`);
    }
    body.push(`</section>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.4em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0;font-size:.95em}th,td{border:1px solid #ccc;padding:.25em .7em;text-align:left}
th{background:#f4f4f4;font-weight:600}td.ok{color:#1a7f37;font-weight:600}td.bad{color:#c62828;font-weight:600}
figure{margin:.8em 0}figcaption{color:#555;font-size:.9em}
.figure{width:100%;height:460px}.empty{padding:2em;border:1px dashed #aaa;color:#666;margin:.8em 0;border-radius:4px}
.images{display:flex;flex-wrap:wrap;gap:1em}.images figure{margin:0}.images img{image-rendering:pixelated;width:256px;max-width:100%}
</style>
${bundleTag}
</head><body>
${body.join("\n")}
<script>
(function () {
  var specs = [${specs.join(",\n")}];
  var errors = 0;
  function done() { document.body.dataset.errors = String(errors); document.body.dataset.ready = "1"; }
  if (typeof Plotly === "undefined") {
    if (specs.length) document.body.insertAdjacentHTML("afterbegin", "<p class=empty>The Plotly bundle (${PLOTLY_BUNDLE}) was not found beside this report; figures cannot be drawn. Write the report again or use --self-contained.</p>");
    errors = specs.length; done(); return;
  }
  Promise.all(specs.map(function (s) {
    return Plotly.newPlot(s[0], s[1], s[2], { responsive: true, displaylogo: false }).catch(function (e) {
      errors++; var el = document.getElementById(s[0]); el.className = "empty"; el.textContent = "This figure could not be drawn: " + e;
    });
  })).then(done, done);
})();
</script>
</body></html>
`;
}

/** Copies the Plotly bundle beside the reports in `dir` unless an identical-size copy is there; atomic. */
function writeBundleBeside(path: string, option: string): void {
  const dir = dirname(path);
  const source = plotlyBundlePath();
  const target = join(dir, PLOTLY_BUNDLE);
  if (existsSync(target) && statSync(target).size === statSync(source).size) return;
  const tmp = join(dir, `.${PLOTLY_BUNDLE}.tmp-${process.pid}-${Date.now()}`);
  try {
    copyFileSync(source, tmp);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`invalid option: \`${option}\` ${JSON.stringify(path)}: folder ${JSON.stringify(dir)} is not writable (cannot write ${PLOTLY_BUNDLE} there: ${code ?? String(e)})`);
  }
}

/**
 * Writes a report atomically. The Plotly bundle is copied once beside it as {@link PLOTLY_BUNDLE}
 * (or inlined when `selfContained`).
 * @throws InputError (exit code 2) when the folder of `path` does not exist, is not a folder, or
 * cannot be written; nothing is left behind in that case.
 * @example writeReport("out/run.html", { title: "Run", summary: { status: "success" }, sections: [] })
 */
export function writeReport(path: string, report: Report, options: WriteReportOptions = {}): void {
  const option = options.option ?? "--report";
  if (typeof path !== "string" || path.trim() === "") throw new InputError(`invalid option: \`${option}\` must be a file path, got ${JSON.stringify(path)}`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new InputError(`invalid option: \`${option}\` ${JSON.stringify(path)} is a folder, not a file`);
  requireWritable(path, option);
  let tag: string;
  if (options.selfContained) {
    tag = `<script>${readFileSync(plotlyBundlePath(), "utf8").replace(/<\/script/gi, "<\\/script")}</script>`;
  } else {
    writeBundleBeside(path, option);
    tag = `<script src="${PLOTLY_BUNDLE}"></script>`;
  }
  writeFileAtomic(path, renderReport(report, tag), option);
}
