import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, repoRoot } from "../helpers/cli.ts";
import { coulomb } from "../../problems/canonical/index.ts";

const tmp = mkdtempSync(join(tmpdir(), "filippov-sim-"));
const write = (name: string, obj: unknown) => {
  const p = join(tmp, name);
  writeFileSync(p, typeof obj === "string" ? obj : JSON.stringify(obj));
  return p;
};

describe("filippov simulate", () => {
  it("simulates the Coulomb oscillator from a file with k ≠ n and prints one JSON object", () => {
    const file = join(repoRoot, "examples", "coulomb.json");
    const csv = join(tmp, "traj.csv");
    const r = runCli(["simulate", file, "--json", "--step", "1e-3", "--theta", "0.5", "--out", csv]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(["status", "t", "x", "stats", "events"]));
    expect(out.status).toBe("success");
    expect(out.t).toBe(12);
    const ref = coulomb().reference;
    expect(Math.abs(out.x[0] - (ref.stickPosition as number))).toBeLessThan(1e-5);
    expect(out.x[1]).toBe(0);
    expect(out.stats.steps).toBe(12000);
    expect(out.stats.slidingTime).toBeGreaterThan(12 - (ref.stickTime as number) - 0.01);
    expect(out.events.some((e: { kind: string }) => e.kind === "enter-sliding")).toBe(true);
    const lines = readFileSync(csv, "utf8").trim().split("\n");
    expect(lines[0]).toBe("t,x,v,s:friction");
    expect(lines.length).toBe(12002);
  });

  it("writes a report with the Plotly bundle beside it", () => {
    const report = join(tmp, "r.html");
    const r = runCli(["simulate", join(repoRoot, "examples", "hopfield.json"), "--report", report]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/success/);
    expect(existsSync(report)).toBe(true);
    expect(existsSync(join(tmp, "plotly.min.js"))).toBe(true);
    expect(readFileSync(report, "utf8")).toMatch(/State trajectories/);
  });

  it.each([
    ["malformed JSON", "{\"x0\": [1,", /bad\.json: malformed JSON/],
    ["wrong dimensions", { x0: [1, 2], tEnd: 1, W: [[1, 0, 0]], activation: "sign" }, /field "W" must have 2 rows, got 1/],
    ["NaN entries", "{\"x0\": [1], \"tEnd\": 1, \"W\": [[NaN]], \"activation\": \"sign\"}", /malformed JSON/],
    ["an entry that is not a number", { x0: [1], tEnd: 1, W: [["x"]], activation: "sign" }, /W\[0\]\[0\]".*unknown symbol "x"/],
    ["an infinite entry", { x0: [1], tEnd: 1, W: [["1/0"]], activation: "sign" }, /W\[0\]\[0\]".*finite number, got Infinity/],
    ["unknown activation", { x0: [1], tEnd: 1, W: [[-1]], activation: "tanh" }, /unknown type "tanh"/],
    ["k ≠ n without C", { x0: [1, 2], tEnd: 1, W: [[1], [0]], activation: "sign" }, /field "C" is required/],
    ["missing tEnd", { x0: [1], W: [[-1]], activation: "sign" }, /tEnd/],
    ["bad sparse entry", { x0: [1, 2], tEnd: 1, W: { rows: 2, cols: 2, entries: [[0, 5, 1]] }, activation: "sign" }, /W\.entries\[0\]`? column index/],
  ])("rejects %s with exit code 2 and one line naming the field", (_label, content, pattern) => {
    const file = write("bad.json", content);
    const csv = join(tmp, "never.csv");
    const r = runCli(["simulate", file, "--out", csv]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(pattern as RegExp);
    expect(existsSync(csv)).toBe(false);
  });

  it("reports non-unique forward solutions (repulsive surface, M not a P-matrix) as a status, not a guess", () => {
    // dx/dt ∈ +sgn(x) from x0 = 0: the solutions x = t, x = −t and x = 0 all start there
    const file = write("repulsive.json", { x0: [0], tEnd: 1, W: [[1]], activation: "sign" });
    const r = runCli(["simulate", file, "--json", "--step", "0.1"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe("repulsive-sliding");
    expect(out.message).toMatch(/not a P-matrix/);
    expect(out.t).toBe(0);
    // from x0 = 0.5 the same network is well posed: x(t) = 0.5 + t exactly
    const ok = JSON.parse(runCli(["simulate", write("away.json", { x0: [0.5], tEnd: 1, W: [[1]], activation: "sign" }), "--json", "--step", "0.1"]).stdout);
    expect(ok.status).toBe("success");
    expect(ok.x[0]).toBeCloseTo(1.5, 12);
  });

  it("stops at the step budget with a status", () => {
    const r = runCli(["simulate", join(repoRoot, "examples", "coulomb.json"), "--json", "--step", "1e-4", "--max-steps", "100"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe("max-steps");
    expect(out.t).toBeCloseTo(0.01, 12);
  });

  it("refuses a report in a missing folder before any work, leaving no file", () => {
    const r = runCli(["simulate", join(repoRoot, "examples", "coulomb.json"), "--report", join(tmp, "missing", "r.html")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report.*does not exist/);
  });
});

describe("filippov demo", () => {
  it("writes the reports and an index page linking every one", () => {
    const dir = join(tmp, "demo");
    const r = runCli(["demo", "--dir", dir, "--json"], repoRoot, 300_000);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const index = readFileSync(out.index, "utf8");
    const html = readdirSync(dir).filter((f) => f.endsWith(".html") && f !== "index.html");
    expect(html.length).toBeGreaterThanOrEqual(6);
    for (const f of html) expect(index).toContain(`href="${f}"`);
  });
});
