import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.ts";
import { parseMps } from "../../src/io/mps.ts";
import { parseProblemJson } from "../../src/io/problem-json.ts";
import { solveLP } from "../../problems/optimization/solve.ts";
import { highsSolve } from "./reference.ts";

const dir = mkdtempSync(join(tmpdir(), "filippov-opt-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const LW = JSON.stringify({ name: "lw", c: [4, 1, 2], Aeq: [[1, -2, 1], [-1, 2, 1]], beq: [2, 1], lb: [-5, -5, -5], ub: [5, 5, 5] });

describe("problem files", () => {
  it("dense and sparse JSON matrices read the same problem", () => {
    const a = parseProblemJson(LW);
    const b = parseProblemJson(JSON.stringify({ c: [4, 1, 2], Aeq: { rows: 2, cols: 3, entries: [[0, 0, 1], [0, 1, -2], [0, 2, 1], [1, 0, -1], [1, 1, 2], [1, 2, 1]] }, beq: [2, 1], lb: [-5, -5, -5], ub: [5, 5, 5] }));
    expect(Array.from(a.Aeq.values)).toEqual(Array.from(b.Aeq.values));
    expect(solveLP(b, { record: false }).objective).toBeCloseTo(-19.75, 10);
  });

  it("null bounds are infinite", () => {
    const p = parseProblemJson(JSON.stringify({ c: [1, 1], lb: [0, null], ub: [null, 3] }));
    expect(p.lb[1]).toBe(-Infinity);
    expect(p.ub[0]).toBe(Infinity);
  });

  it("MPS with G rows, RANGES, bounds (UP/MI/FX) and free format agrees with HiGHS on the same data", async () => {
    const mps = `NAME TESTLP
ROWS
 N  COST
 G  R1
 L  R2
 E  R3
 E  R4
COLUMNS
    X  COST  1.0   R1  1.0
    X  R2    1.0   R3  1.0
    Y  COST  2.0   R1  1.0
    Y  R2    -1.0  R4  1.0
    Z  COST  -1.0  R3  1.0
    Z  R4    1.0
RHS
    RHS  R1  1.0   R2  4.0
    RHS  R3  2.0   R4  1.0
RANGES
    RNG  R3  3.0   R4  -2.0
BOUNDS
 UP BND  X  4.0
 MI BND  Y
 UP BND  Y  5.0
 FX BND  Z  0.5
ENDATA
`;
    const p = parseMps(mps, "t.mps");
    expect(p.n).toBe(3);
    expect(p.lb[1]).toBe(-Infinity);
    expect(p.lb[2]).toBe(0.5);
    expect(p.Aeq.rows).toBe(0); // both E rows are ranged → inequalities
    expect(p.Aineq.rows).toBe(6);
    const ref = await highsSolve(p);
    const r = solveLP(p, { record: false });
    expect(r.status).toBe("optimal");
    expect(Math.abs(r.objective - ref.objective)).toBeLessThan(1e-8);
    // by hand: z = 0.5, 1.5 ≤ x ≤ 4, −1.5 ≤ y ≤ 0.5, x + y ≥ 1, x − y ≤ 4: min x + 2y − z at x = 2.5, y = −1.5: f = −1
    expect(Math.abs(r.objective + 1)).toBeLessThan(1e-9);
  });

  it("fixed-format MPS with blanks in names is read by columns", () => {
    const line = (f1: string, f2: string, f3: string, f4: string) => ` ${f1.padEnd(2)} ${f2.padEnd(8)}  ${f3.padEnd(8)}  ${f4.padStart(12)}`;
    const mps = ["NAME          FIXED", "ROWS", " N  OBJ", " L  ROW A", "COLUMNS", line("", "COL 1", "OBJ", "-1"), line("", "COL 1", "ROW A", "1"), "RHS", line("", "RHS", "ROW A", "3"), "ENDATA", ""].join("\n");
    const p = parseMps(mps, "fixed.mps");
    expect(p.colNames).toEqual(["COL 1"]);
    expect(solveLP(p, { record: false }).objective).toBeCloseTo(-3, 10);
  });
});

describe("filippov solve", () => {
  it("--json prints one object with the documented keys", () => {
    const r = runCli(["solve", file("lw.json", LW), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(Object.keys(o)).toEqual(expect.arrayContaining(["status", "x", "objective", "residuals", "network", "solver", "t"]));
    expect(o.status).toBe("optimal");
    expect(o.objective).toBeCloseTo(-19.75, 10);
    expect(Object.keys(o.residuals).sort()).toEqual(["bounds", "equality", "inequality"]);
    expect(o.network).toMatchObject({ model: "liu-wang-lp", sigmaLowerBound: expect.closeTo(4.5, 10), epsilon: 1 });
    expect(o.solver).toMatchObject({ name: "implicit-euler" });
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("--sigma 4.4 --no-adapt-sigma is not optimal; --sigma 4.6 is; AFIRO from MPS; --report writes HTML", () => {
    const f = file("lw2.json", LW);
    expect(JSON.parse(runCli(["solve", f, "--sigma", "4.4", "--no-adapt-sigma", "--json"]).stdout).status).toBe("not_converged");
    expect(JSON.parse(runCli(["solve", f, "--sigma", "4.6", "--no-adapt-sigma", "--json"]).stdout).status).toBe("optimal");
    const rep = join(dir, "afiro.html");
    const a = runCli(["solve", "test/data/afiro.mps", "--json", "--report", rep]);
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).objective).toBeCloseTo(-464.7531429, 6);
    expect(existsSync(rep)).toBe(true);
  });

  it.each([
    ["dim.json", JSON.stringify({ c: [1, 2], Aeq: [[1, 2, 3]], beq: [1] }), /dim\.json.*Aeq\[0\].*2 entries/],
    ["nan.json", '{"c": [1, "NaN"]}', /nan\.json.*c\[1\].*"NaN"/],
    ["nonsym.json", JSON.stringify({ c: [1, 1], Q: [[1, 2], [0, 1]] }), /nonsym\.json.*Q.*symmetric.*Q\[0\]\[1\] = 2/],
    ["indef.json", JSON.stringify({ c: [1, 1], Q: [[1, 0], [0, -1]] }), /indef\.json.*positive semidefinite/],
    ["empty.json", JSON.stringify({ c: [] }), /empty\.json.*empty/],
    ["rows.json", JSON.stringify({ c: [1, 1], Aineq: [[1, 1]], bineq: [1, 2] }), /rows\.json.*bineq.*1 entries.*got 2/],
    ["bad.mps", "NAME X\nROWS\n N OBJ\n L R1\nCOLUMNS\n    X OBJ 1 R1 abc\nRHS\nENDATA\n", /bad\.mps:6:.*"abc"/],
    ["bad2.mps", "NAME X\nROWS\n N OBJ\n Q R1\nENDATA\n", /bad2\.mps:4:.*row type.*"Q"/],
    ["empty.mps", "NAME X\nROWS\n N OBJ\nENDATA\n", /empty\.mps.*no columns/],
  ])("bad input %s exits 2 with a one-line message", (name, text, pattern) => {
    const r = runCli(["solve", file(name, text), "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });

  it("bad options exit 2", () => {
    const f = file("lw3.json", LW);
    expect(runCli(["solve", f, "--sigma", "-1"]).code).toBe(2);
    expect(runCli(["solve", f, "--solver", "nope"]).code).toBe(2);
  });
});
