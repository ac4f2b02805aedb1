import { describe, expect, it } from "vitest";
import { parseNetwork } from "../../src/io/network-file.ts";
import { solve } from "../../src/solver.ts";
import { implicitEuler } from "../../solvers/implicit-euler.ts";
import { forcedSliding } from "../../problems/canonical/index.ts";

describe("network files", () => {
  it("accept constant expressions and inputs u(t) written as text (mathjs)", () => {
    const net = parseNetwork(
      JSON.stringify({ x0: [1, 0], tEnd: 3, B: [[0, 0], [-1, 0]], u: ["0.5*sin(t)", 0], W: [["-2/2"], [0]], C: [[1, "0*pi"]], activation: "sign" }),
      "forced.json",
    );
    const sol = solve(implicitEuler, net.problem, { h: 1e-3, theta: 0.5 });
    // the same system as the canonical forced sliding problem: x2(3) known in closed form
    const ref = forcedSliding().reference.x2End as number;
    expect(Math.abs(sol.xFinal[1] - ref)).toBeLessThan(1e-6);
    expect(sol.xFinal[0]).toBe(0);
  });

  it("reject unsafe or unknown expressions, naming the field", () => {
    const base = { x0: [1], tEnd: 1, W: [[-1]], activation: "sign" };
    expect(() => parseNetwork(JSON.stringify({ ...base, W: [["sqrt(x)"]] }), "f.json")).toThrow(/f\.json: field "W\[0\]\[0\]": unknown symbol "x"/);
    expect(() => parseNetwork(JSON.stringify({ ...base, u: ["a = t"] }), "f.json")).toThrow(/field "u\[0\]".*may only use arithmetic/);
    expect(() => parseNetwork(JSON.stringify({ ...base, u: ["1/(t-t)"] }), "f.json")).toThrow(/finite number/);
    expect(() => parseNetwork(JSON.stringify({ ...base, extra: 1 }), "f.json")).toThrow(/unknown field "extra"/);
  });

  it("reads sparse matrices and per-unit activations", () => {
    const net = parseNetwork(
      JSON.stringify({
        x0: [2, -3],
        tEnd: 2,
        W: { rows: 2, cols: 2, entries: [[0, 0, -1], [1, 1, -2]] },
        activation: ["sign", { type: "relay", lower: -1, upper: 1 }],
      }),
      "s.json",
    );
    const sol = solve(implicitEuler, net.problem, { h: 0.01 });
    // decoupled: x1 reaches 0 at t = 2 and x2 at t = 1.5
    expect(sol.xFinal[0]).toBeCloseTo(0, 12);
    expect(sol.xFinal[1]).toBe(0);
  });
});
