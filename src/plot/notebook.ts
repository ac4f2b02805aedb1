/**
 * Showing figures in Jupyter notebooks run by Deno's kernel (`deno jupyter`): a figure becomes a
 * `text/html` output holding a `<div>` and a `Plotly.newPlot` call. The Plotly bundle is sent once
 * per kernel session, as its own output before the first figure (minified and cached under
 * `node_modules/.cache/filippov/`, ≈4.8 MB; outputs above ≈10 MB are dropped by the notebook
 * tooling). Outside Deno's kernel (Node, plain `deno run`) the helpers print a text line instead.
 *
 * Deno's kernel can deliver a cell's output after it has reported the cell as finished, and
 * nbconvert then loses that output; every helper here therefore awaits the display and then sleeps
 * 20 ms, so a cell that ends with `await showFigure(...)` keeps its output.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Figure } from "./figure.ts";
import { isEmptyFigure } from "./figure.ts";
import { escapeHtml, jsonForScript, plotlyBundlePath } from "../report/report.ts";

/** The part of Deno's runtime this module uses (declared here so that `tsc` needs no Deno types). */
interface DenoJupyterLike {
  jupyter?: { display(obj: Record<string, unknown>, options?: { raw?: boolean }): Promise<void> | void };
}

function denoJupyter(): DenoJupyterLike["jupyter"] | undefined {
  const deno = (globalThis as { Deno?: DenoJupyterLike }).Deno;
  return deno && deno.jupyter && typeof deno.jupyter.display === "function" ? deno.jupyter : undefined;
}

/** Whether the code runs inside Deno's Jupyter kernel (so outputs are shown as notebook outputs). */
export function inNotebook(): boolean {
  return denoJupyter() !== undefined;
}

/** Waits `ms` milliseconds (default 20: lets Deno's kernel flush a cell's output before it reports idle). */
export function pause(ms = 20): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

let bundleSent = false;
let bundleText: string | undefined;

/**
 * The Plotly bundle for notebooks: a minified copy cached in `node_modules/.cache/filippov/`
 * (made with esbuild, which ships with the project's dependencies), else the full bundle.
 */
export async function notebookPlotlyBundle(): Promise<string> {
  if (bundleText !== undefined) return bundleText;
  const source = plotlyBundlePath();
  const cacheDir = join(dirname(source), "..", ".cache", "filippov");
  const cached = join(cacheDir, "plotly.min.js");
  if (existsSync(cached) && statSync(cached).mtimeMs >= statSync(source).mtimeMs && statSync(cached).size > 1e6) {
    bundleText = readFileSync(cached, "utf8");
    return bundleText;
  }
  const full = readFileSync(source, "utf8");
  try {
    const esbuild = (await import("esbuild")) as { transform(code: string, o: object): Promise<{ code: string }> };
    const { code } = await esbuild.transform(full, { minify: true, legalComments: "none" });
    try {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cached}.tmp-${Date.now()}`;
      writeFileSync(tmp, code);
      renameSync(tmp, cached);
    } catch {
      // a read-only node_modules only costs the minification next time
    }
    bundleText = code;
  } catch {
    bundleText = full;
  }
  return bundleText;
}

/** Makes the next {@link showFigure} send the Plotly bundle again (e.g. after clearing all outputs). */
export function resetNotebookBundle(): void {
  bundleSent = false;
}

/** Options of {@link showFigure}. */
export interface ShowFigureOptions {
  /** Height of the plot in pixels (default: the figure's `layout.height`, else 420). */
  height?: number;
  /** Width in pixels (default: the full width of the output area). */
  width?: number;
}

/**
 * The HTML of a figure for a notebook output (a `<div>` and a script that draws it); includes the
 * Plotly bundle when `bundle` is given. Empty figures give an empty-state message.
 */
export function figureHtml(fig: Figure, options: ShowFigureOptions = {}, bundle?: string): string {
  if (isEmptyFigure(fig)) {
    const reason = fig.caption ?? "no data to plot";
    return `<div style="padding:1.5em;border:1px dashed #aaa;color:#666"><strong>${escapeHtml(fig.title ?? "Figure")}</strong>: ${escapeHtml(reason)}.</div>`;
  }
  const id = `filippov-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  const height = options.height ?? (typeof fig.layout?.height === "number" ? fig.layout.height : 420);
  const width = options.width ? `${options.width}px` : "100%";
  const layout = { ...(fig.layout ?? {}), title: { text: fig.title ?? "", ...((fig.layout?.title as object) ?? {}) } };
  const load = bundle ? `<script>if (typeof window.Plotly === "undefined") {${bundle.replace(/<\/script/gi, "<\\/script")}\n}</script>` : "";
  return (
    `<div id="${id}" class="filippov-figure" data-traces="${fig.data.length}" style="width:${width};height:${height}px"></div>` +
    load +
    `<script>(function(){var el=document.getElementById(${JSON.stringify(id)});` +
    `if (typeof window.Plotly === "undefined") { el.textContent = "Plotly is not loaded: run the notebook from the top (the first figure output carries the Plotly bundle)."; return; }` +
    `window.Plotly.newPlot(el, ${jsonForScript(fig.data)}, ${jsonForScript(layout)}, {responsive: true, displaylogo: false});})();</script>`
  );
}

/**
 * Sends the Plotly bundle to the notebook page as its own output (once per kernel session; later
 * calls do nothing) and waits for the kernel to flush it (≈0.5 s for the ≈4.8 MB bundle). Calling
 * it in the first cell keeps the bundle out of the figure outputs; {@link showFigure} calls it
 * itself when needed.
 * @example await loadPlotly();
 */
export async function loadPlotly(): Promise<void> {
  const jupyter = denoJupyter();
  if (!jupyter || bundleSent) return;
  const bundle = await notebookPlotlyBundle();
  const html = `<script>if (typeof window.Plotly === "undefined") {${bundle.replace(/<\/script/gi, "<\\/script")}\n}</script><div style="color:#888;font-size:12px">Plotly loaded.</div>`;
  await jupyter.display({ "text/html": html, "text/plain": "Plotly loaded." }, { raw: true });
  bundleSent = true;
  // a large output can reach the notebook after the kernel reports the cell as done: give it time
  await pause(20 + Math.ceil(html.length / 10_000));
}

/**
 * Shows a figure as a notebook output (Deno kernel) and waits 20 ms so the output is kept; outside a
 * notebook prints one line (title and trace count). The first figure of a session is preceded by
 * the Plotly bundle (see {@link loadPlotly}).
 *
 * Resolves to nothing, so that a cell ending with it shows no extra result (use {@link figureHtml}
 * for the HTML itself).
 * @example await showFigure(trajectoryFigure(sol));
 */
export async function showFigure(fig: Figure, options: ShowFigureOptions = {}): Promise<void> {
  const jupyter = denoJupyter();
  const empty = isEmptyFigure(fig);
  const html = figureHtml(fig, options);
  const text = `${fig.title}: ${empty ? "no data" : `${fig.data.length} trace(s)`}`;
  if (jupyter) {
    if (!empty) await loadPlotly();
    await jupyter.display({ "text/html": html, "text/plain": text }, { raw: true });
  } else console.log(text);
  await pause();
}

/** Shows HTML as a notebook output (or prints `fallback` outside a notebook), then waits 20 ms. */
export async function showHtml(html: string, fallback = ""): Promise<void> {
  const jupyter = denoJupyter();
  if (jupyter) await jupyter.display({ "text/html": html, "text/plain": fallback }, { raw: true });
  else console.log(fallback);
  await pause();
}

/** Shows plain text as a notebook output (or prints it), then waits 20 ms. */
export async function showText(text: string): Promise<void> {
  const jupyter = denoJupyter();
  if (jupyter) await jupyter.display({ "text/plain": text }, { raw: true });
  else console.log(text);
  await pause();
}

/**
 * Shows a small table (array of rows keyed by column) as an HTML table, then waits 20 ms.
 * @example await showTable([{ solver: "implicit-euler", switches: 3 }])
 */
export async function showTable(rows: ReadonlyArray<Record<string, unknown>>, caption = ""): Promise<void> {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const fmt = (v: unknown) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(5)) : String(v ?? ""));
  const html =
    `<table style="border-collapse:collapse">${caption ? `<caption style="text-align:left;font-weight:600">${escapeHtml(caption)}</caption>` : ""}` +
    `<tr>${cols.map((c) => `<th style="border:1px solid #ccc;padding:2px 8px;background:#f4f4f4">${escapeHtml(c)}</th>`).join("")}</tr>` +
    rows.map((r) => `<tr>${cols.map((c) => `<td style="border:1px solid #ccc;padding:2px 8px">${escapeHtml(fmt(r[c]))}</td>`).join("")}</tr>`).join("") +
    `</table>`;
  const text = [cols.join("\t"), ...rows.map((r) => cols.map((c) => fmt(r[c])).join("\t"))].join("\n");
  await showHtml(html, (caption ? caption + "\n" : "") + text);
}
