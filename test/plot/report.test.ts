import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError, PLOTLY_BUNDLE, emptyFigure, renderIndexPage, renderReport, trajectoryFigure, writeIndexPage, writeReport, type Report } from "../../src/index.ts";
import { runCli } from "../helpers/cli.ts";
import { slidingRun } from "./fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "filippov-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (): Report => ({
  title: "Run <1>",
  summary: { status: "success", steps: 200, h: 0.01 },
  sections: [
    { title: "Trajectories", text: "Sliding from t = 1.", figures: [trajectoryFigure(slidingRun())], table: [["events", 2]] },
    { title: "Nothing", figures: [emptyFigure("Convergence", "no optimum known"), { title: "zero points", data: [{ type: "scatter", x: [], y: [] }], layout: {} }] },
  ],
});

describe("writeReport", () => {
  it("writes the page and the Plotly bundle once beside it", () => {
    const a = join(dir, "a.html");
    writeReport(a, report());
    const bundle = join(dir, PLOTLY_BUNDLE);
    expect(statSync(bundle).size).toBeGreaterThan(1e6);
    const mtime = statSync(bundle).mtimeMs;
    writeReport(join(dir, "b.html"), report());
    expect(statSync(bundle).mtimeMs).toBe(mtime);
    const html = readFileSync(a, "utf8");
    expect(html).toContain(`<script src="${PLOTLY_BUNDLE}"></script>`);
    expect(html).toContain("<h1>Run &lt;1&gt;</h1>");
    expect(html).toMatch(/<th>status<\/th><td class="ok">success<\/td>/);
    expect(html).toContain('id="fig0" data-traces="5"');
    expect(html).not.toMatch(/https?:\/\/cdn/); // works offline
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });
  it("renders empty figures and zero-point figures as empty-state messages, not charts", () => {
    const html = renderReport(report(), "");
    expect(html).toContain('<div class="empty" data-figure="fig1" data-traces="0"><strong>Convergence</strong>: no optimum known.</div>');
    expect(html).toContain('<strong>zero points</strong>: no data to plot.');
    expect(html.match(/class="figure"/g)).toHaveLength(1);
  });
  it("inlines the bundle with selfContained", () => {
    const sub = join(dir, "self");
    mkdirSync(sub);
    writeReport(join(sub, "c.html"), report(), { selfContained: true });
    expect(existsSync(join(sub, PLOTLY_BUNDLE))).toBe(false);
    const html = readFileSync(join(sub, "c.html"), "utf8");
    expect(html.length).toBeGreaterThan(1e6);
    expect(html).not.toContain(`src="${PLOTLY_BUNDLE}"`);
  });
  it("refuses a missing folder, a file used as a folder, a folder as the file, and an unwritable folder", () => {
    const bad = (p: string) => {
      try {
        writeReport(p, report());
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error(`no error for ${p}`);
    };
    expect(bad(join(dir, "missing", "r.html"))).toMatch(/--report.*folder .*missing" does not exist/);
    writeFileSync(join(dir, "file"), "x");
    expect(bad(join(dir, "file", "r.html"))).toMatch(/is not a folder/);
    expect(bad(dir)).toMatch(/is a folder, not a file/);
    if (existsSync("/sys")) expect(bad("/sys/r.html")).toMatch(/not writable|cannot be written/);
  });
});

describe("index page", () => {
  it("links every report with its description", () => {
    const p = writeIndexPage(dir, [
      { title: "Sliding <mode>", href: "sliding mode.html", description: "A unit slides on x = 0." },
      { title: "LP", href: "lp.html", description: "Liu–Wang network." },
    ]);
    expect(p).toBe(join(dir, "index.html"));
    const html = readFileSync(p, "utf8");
    expect(html).toContain('<a href="sliding%20mode.html">Sliding &lt;mode&gt;</a>');
    expect(html).toContain("Liu–Wang network.");
    expect(renderIndexPage([])).toContain("No reports were written.");
    expect(() => writeIndexPage(join(dir, "nope"), [])).toThrow(InputError);
  });
});

describe("filippov export: bad input (no browser started)", () => {
  const withEnv = <T>(key: string, value: string, fn: () => T): T => {
    const old = process.env[key];
    process.env[key] = value;
    try {
      return fn();
    } finally {
      if (old === undefined) delete process.env[key];
      else process.env[key] = old;
    }
  };
  it("exits 2 with an install hint when Chromium is missing", () => {
    const a = join(dir, "a.html");
    if (!existsSync(a)) writeReport(a, report());
    const r = withEnv("FILIPPOV_CHROMIUM", "/nonexistent/chromium", () => runCli(["export", a, "--png", join(dir, "png")], undefined, 60_000));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("apt-get install chromium");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
  it("exits 2 for a missing report and for no output format", () => {
    const r1 = runCli(["export", join(dir, "none.html"), "--png", join(dir, "png")]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/none\.html.*does not exist/);
    const r2 = runCli(["export", join(dir, "a.html")]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("--png");
  });
});
