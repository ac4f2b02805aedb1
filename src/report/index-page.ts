/**
 * An index page linking a set of reports (e.g. everything `filippov demo` wrote). Plain HTML, no
 * scripts, works offline.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import { escapeHtml } from "./report.ts";

/** One link of an index page. */
export interface IndexEntry {
  title: string;
  /** Link target, usually a report file name relative to the index page. */
  href: string;
  /** One or two sentences saying what the report shows. */
  description: string;
}

/** Renders the index page HTML (see {@link writeIndexPage}). */
export function renderIndexPage(entries: readonly IndexEntry[], title = "filippov reports"): string {
  const items = entries.length
    ? `<ul class="reports">${entries
        .map((e) => `<li><a href="${escapeHtml(encodeURI(e.href))}">${escapeHtml(e.title)}</a><p>${escapeHtml(e.description ?? "")}</p></li>`)
        .join("\n")}</ul>`
    : `<p class="empty">No reports were written.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em auto;max-width:900px;padding:0 1em;color:#222;line-height:1.4}
ul.reports{list-style:none;padding:0}ul.reports li{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:.6em 0}
ul.reports a{font-weight:600;font-size:1.1em}ul.reports p{margin:.3em 0 0;color:#444}.empty{color:#666}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
${items}
</body></html>
`;
}

/**
 * Writes `index.html` in `dir` (atomically) with one link per entry, and returns its path.
 * @param dir - an existing folder (usually the one holding the reports).
 * @param entries - the reports to link, in display order.
 * @throws InputError when `dir` does not exist or cannot be written.
 * @example writeIndexPage("out/demo", [{ title: "Sliding mode", href: "sliding.html", description: "..." }]) // "out/demo/index.html"
 */
export function writeIndexPage(dir: string, entries: readonly IndexEntry[], options: { title?: string } = {}): string {
  const path = join(dir, "index.html");
  writeFileAtomic(path, renderIndexPage(entries, options.title), "index page");
  return path;
}
