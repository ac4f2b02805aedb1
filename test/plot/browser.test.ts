/**
 * Opens generated reports in headless Chromium: no console errors, every figure drawn with the
 * expected number of traces, a screenshot in out/plot/, and PNG/SVG export (library and command).
 * Skipped with a notice when Chromium is missing, unless CI=true.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  convergenceFigure,
  emptyFigure,
  exportFigures,
  imageDifference,
  imagePanelsFigure,
  launchChromium,
  openReport,
  phasePortraitFigure,
  sweepFigure,
  trajectoryFigure,
  workPrecisionFigure,
  writeReport,
  type HeadlessBrowser,
  type Report,
} from "../../src/index.ts";
import { repoRoot, runCli } from "../helpers/cli.ts";
import { hasTool, installHint, skipWithout } from "../helpers/requirements.ts";
import { signInclusion, slidingRun } from "./fixtures.ts";

const outDir = join(repoRoot, "out", "plot");
const reportPath = join(outDir, "browser-report.html");
const skip = skipWithout("chromium", "browser tests");

function fullReport(with3d = true): Report {
  const sol = slidingRun();
  const sol3 = slidingRun(3);
  const t = Array.from({ length: 80 }, (_, i) => i / 20);
  const img = Float64Array.from({ length: 32 * 32 }, (_, i) => ((i % 32) > 10 && (i % 32) < 22 && i > 320 && i < 700 ? 0.9 : 0.1));
  const noisy = img.map((v, i) => Math.min(1, Math.max(0, v + 0.3 * Math.sin(i * 12.9898) * Math.cos(i * 78.233))));
  return {
    title: "Browser check",
    summary: { status: "success", solver: "hand-made", steps: 200, h: 0.01 },
    sections: [
      { title: "Trajectories", text: "Unit 1 slides on x1 = 0 from t = 1.", figures: [trajectoryFigure(sol, { inclusion: signInclusion() })] },
      { title: "Phase portraits", figures: [phasePortraitFigure(signInclusion(), sol), ...(with3d ? [phasePortraitFigure(signInclusion(3), sol3, { states: [0, 1, 2] })] : [])] },
      {
        title: "Convergence and comparisons",
        figures: [
          convergenceFigure([{ name: "‖x − x*‖", t, values: t.map((v) => Math.exp(-2 * v)) }, { name: "violation", t, values: t.map((v) => Math.max(0, 1 - v)) }], { reached: { t: 1 } }),
          workPrecisionFigure([
            { solver: "implicit-euler", wallSeconds: 0.01, error: 1e-2 },
            { solver: "implicit-euler", wallSeconds: 0.1, error: 1e-3 },
            { solver: "explicit-euler", wallSeconds: 0.005, error: 0.2 },
            { solver: "explicit-euler", wallSeconds: 0.05, error: 0.1 },
          ]),
          sweepFigure({ parameter: "σ", x: [0.5, 1, 2, 4, 8], series: [{ name: "reach time", y: [null, null, 2.1, 1.0, 0.5] }], bound: { name: "bound", y: [8, 4, 2.4, 1.2, 0.6] }, threshold: { x: 1.5, label: "σ > ‖…‖" }, failed: [true, true, false, false, false] }),
        ],
      },
      {
        title: "Images",
        figures: [
          imagePanelsFigure(
            [
              { title: "observed", width: 32, height: 32, data: noisy },
              { title: "restored", width: 32, height: 32, data: img },
              { title: "difference", width: 32, height: 32, data: imageDifference(noisy, img), kind: "difference" },
            ],
            { energy: { t, values: t.map((v) => 10 * Math.exp(-v) + 1) } },
          ),
          emptyFigure("Energy of a run with no saved points", "the solution has no saved points"),
        ],
      },
    ],
  };
}

describe.skipIf(skip)("reports in headless Chromium", () => {
  let browser: HeadlessBrowser;
  beforeAll(async () => {
    if (!hasTool("chromium")) return; // CI=true without Chromium: the tests below fail
    mkdirSync(outDir, { recursive: true });
    writeReport(reportPath, fullReport());
    browser = await launchChromium({ width: 1200, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("has Chromium", () => {
    expect(hasTool("chromium"), `CI needs ${installHint("chromium")}`).toBe(true);
  });

  it("draws every figure with the expected number of traces and no console errors", async () => {
    const errors = await openReport(browser.page, reportPath);
    expect(errors).toEqual([]);
    const figs = await browser.page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>("div.figure")).map((el) => ({
        id: el.id,
        expected: Number(el.dataset.traces),
        drawn: ((el as unknown as { data?: unknown[] }).data ?? []).length,
        svg: el.querySelectorAll(".main-svg").length,
      })),
    );
    expect(figs).toHaveLength(7);
    for (const f of figs) {
      expect(f.drawn, f.id).toBe(f.expected);
      expect(f.svg, f.id).toBeGreaterThan(0);
    }
    expect(await browser.page.getAttribute("body", "data-errors")).toBe("0");
    expect(await browser.page.locator(".empty").count()).toBe(1);
    await browser.page.screenshot({ path: join(outDir, "browser-report.png"), fullPage: true });
    await browser.page.locator("#fig0").screenshot({ path: join(outDir, "browser-trajectories.png") });
    expect(statSync(join(outDir, "browser-report.png")).size).toBeGreaterThan(20_000);
  });

  it("shows a message instead of failing when the Plotly bundle is missing", async () => {
    const lone = join(outDir, "lone");
    rmSync(lone, { recursive: true, force: true });
    mkdirSync(lone);
    writeReport(join(lone, "r.html"), fullReport());
    rmSync(join(lone, "plotly.min.js"));
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await openReport(page, join(lone, "r.html"));
    expect(await page.textContent("body")).toContain("Plotly bundle (plotly.min.js) was not found");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("exports one PNG and one SVG per drawn figure", async () => {
    // 2-D figures only: a 3-D scene takes seconds to render in software WebGL
    const small = join(outDir, "browser-export.html");
    writeReport(small, fullReport(false));
    const png = join(outDir, "png");
    const svg = join(outDir, "svg");
    rmSync(png, { recursive: true, force: true });
    rmSync(svg, { recursive: true, force: true });
    const files = await exportFigures(small, png, { format: "png" });
    expect(files).toHaveLength(6);
    expect(files[0]).toMatch(/browser-export-01-state-trajectories\.png$/);
    for (const f of files) expect(readFileSync(f).subarray(1, 4).toString()).toBe("PNG");
    const r = runCli(["export", small, "--svg", svg, "--json"], undefined, 60_000);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { files: string[] };
    expect(out.files).toHaveLength(6);
    expect(readdirSync(svg)).toHaveLength(6);
    expect(readFileSync(out.files[0], "utf8")).toMatch(/^<svg/);
    expect(existsSync(join(svg, "browser-export-07-energy-of-a-run-with-no-saved-points.svg"))).toBe(false);
  });
});
