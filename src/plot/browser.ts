/**
 * Headless Chromium for PNG/SVG export and page checks: Debian's `/usr/bin/chromium` driven by
 * `playwright-core` (no browser is ever downloaded). Each launch uses a fresh temporary profile that
 * is removed afterwards.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { InputError } from "../errors.ts";
import { writeFileAtomic } from "../io/atomic.ts";

/** Default Chromium binary (Debian package `chromium`); override with the `FILIPPOV_CHROMIUM` environment variable. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** The command that installs the missing browser, quoted in error messages. */
export const CHROMIUM_INSTALL_HINT = "install it with `apt-get install chromium` (Debian/Ubuntu), or set FILIPPOV_CHROMIUM to a Chromium binary";

/** A required external program is missing (exit code 2, like other bad input); the message says how to install it. */
export class MissingDependencyError extends InputError {
  override name = "MissingDependencyError";
}

/** Path of the Chromium binary used (`FILIPPOV_CHROMIUM` or {@link DEFAULT_CHROMIUM}). */
export function chromiumPath(): string {
  return process.env.FILIPPOV_CHROMIUM || DEFAULT_CHROMIUM;
}

/** Whether the Chromium binary exists. */
export function chromiumAvailable(): boolean {
  const p = chromiumPath();
  return existsSync(p) && statSync(p).isFile();
}

/** Command-line flags for a quiet, offline, sandbox-free headless Chromium. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A running headless Chromium with one page. */
export interface HeadlessBrowser {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and removes its temporary profile. */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh temporary profile.
 * @throws MissingDependencyError when Chromium or `playwright-core` is not installed.
 */
export async function launchChromium(options: { width?: number; height?: number } = {}): Promise<HeadlessBrowser> {
  if (!chromiumAvailable()) throw new MissingDependencyError(`Chromium not found at ${chromiumPath()}; PNG/SVG export needs it: ${CHROMIUM_INSTALL_HINT}`);
  let pw: typeof import("playwright-core");
  try {
    pw = await import("playwright-core");
  } catch {
    throw new MissingDependencyError("the npm package `playwright-core` is not installed; run `npm ci` in the project folder");
  }
  const profile = mkdtempSync(join(tmpdir(), "filippov-chromium-"));
  try {
    const context = await pw.chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: options.width ?? 1200, height: options.height ?? 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      close: async () => {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Opens a report in the page and waits until every figure is drawn (`body[data-ready="1"]`).
 * @returns the browser console errors and uncaught page errors seen while loading.
 */
export async function openReport(page: Page, reportPath: string, timeoutMs = 60_000): Promise<string[]> {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(resolve(reportPath)).href);
  await page.waitForSelector("body[data-ready='1']", { timeout: timeoutMs, state: "attached" });
  return errors;
}

/** Options of {@link exportFigures}. */
export interface ExportOptions {
  /** Image format (default `png`). */
  format?: "png" | "svg";
  /** Image size in CSS pixels (default 900×500; a figure's own `layout.height` wins). */
  width?: number;
  height?: number;
  /** Pixel ratio of PNGs (default 2, for sharp images). */
  scale?: number;
}

/** The few page globals used inside `page.evaluate` (declared here so the module needs no DOM types). */
interface PageElement {
  id: string;
  dataset: Record<string, string | undefined>;
  /** Set by Plotly on a drawn figure. */
  data?: unknown[];
  layout?: { height?: number };
}
interface PageGlobals {
  document: { querySelectorAll(selector: string): ArrayLike<PageElement>; getElementById(id: string): PageElement | null };
  Plotly: { toImage(el: PageElement | null, options: object): Promise<string> };
}

function slug(s: string): string {
  return s.normalize("NFKD").replace(/[^\w\s-]/g, "").trim().toLowerCase().replace(/[\s_-]+/g, "-").slice(0, 48) || "figure";
}

/**
 * Writes one image per figure of an HTML report, rendered by Plotly in headless Chromium
 * (`Plotly.toImage`). Files are named `<report>-<NN>-<figure-title>.<format>`, written atomically;
 * `dir` is created when missing. Empty-state figures are skipped.
 * @returns the paths written, in figure order.
 * @throws InputError when the report does not exist or `dir` cannot be written;
 * MissingDependencyError (an InputError) when Chromium is not installed.
 * @example await exportFigures("out/run.html", "out/png") // ["out/png/run-01-state-trajectories.png", ...]
 */
export async function exportFigures(reportPath: string, dir: string, options: ExportOptions = {}): Promise<string[]> {
  const format = options.format ?? "png";
  if (format !== "png" && format !== "svg") throw new InputError(`invalid option: export format must be "png" or "svg", got ${JSON.stringify(format)}`);
  if (!existsSync(reportPath) || !statSync(reportPath).isFile()) throw new InputError(`invalid argument: report ${JSON.stringify(reportPath)} does not exist`);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`invalid option: \`--${format}\` ${JSON.stringify(dir)} is not a folder`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new InputError(`invalid option: \`--${format}\` ${JSON.stringify(dir)} cannot be created (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const browser = await launchChromium();
  try {
    const errors = await openReport(browser.page, reportPath);
    const figs = await browser.page.evaluate(() =>
      Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll("div.figure")).map((el) => ({ id: el.id, title: el.dataset.title ?? el.id, drawn: Array.isArray(el.data) })),
    );
    const failed = figs.filter((f) => !f.drawn);
    if (failed.length > 0) {
      throw new Error(`${failed.length} figure(s) of ${reportPath} could not be drawn (${failed.map((f) => f.id).join(", ")})${errors.length ? `: ${errors[0]}` : ""}`);
    }
    const base = basename(reportPath).replace(/\.html?$/i, "");
    const written: string[] = [];
    let index = 0;
    for (const f of figs) {
      index++;
      const url = await browser.page.evaluate(
        async ({ id, format, width, height, scale }) => {
          const g = globalThis as unknown as PageGlobals;
          const el = g.document.getElementById(id);
          const h = el && el.layout && typeof el.layout.height === "number" ? el.layout.height : height;
          return g.Plotly.toImage(el, { format, width, height: h, scale });
        },
        { id: f.id, format, width: options.width ?? 900, height: options.height ?? 500, scale: format === "png" ? (options.scale ?? 2) : 1 },
      );
      const comma = url.indexOf(",");
      const head = url.slice(0, comma);
      const payload = url.slice(comma + 1);
      const bytes = head.endsWith(";base64") ? Buffer.from(payload, "base64") : Buffer.from(decodeURIComponent(payload), "utf8");
      const file = join(dir, `${base}-${String(index).padStart(2, "0")}-${slug(f.title)}.${format}`);
      writeFileAtomic(file, bytes, `--${format}`);
      written.push(file);
    }
    return written;
  } finally {
    await browser.close();
  }
}
