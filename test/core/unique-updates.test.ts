import { describe, expect, it } from "vitest";
import { liuWangExample } from "../../problems/optimization/examples.ts";
import { buildLiuWangNetwork } from "../../problems/optimization/network.ts";
import { uniqueStateUpdate } from "../../solvers/implicit-euler.ts";
import { buildThetaOperators } from "../../src/theta-operators.ts";
import { countRelaySolutions } from "../../src/relay/enumeration.ts";
import { DenseRelayMatrix } from "../../src/relay/matrix.ts";
import { PatternWorkspace } from "../../src/relay/pattern.ts";

describe("uniqueness of implicit-Euler state updates without enumeration", () => {
  it("holds for the Liu–Wang LP network (M singular positive semidefinite), and enumeration agrees", () => {
    const net = buildLiuWangNetwork(liuWangExample(), { sigma: 10 });
    const h = 0.01;
    const ops = buildThetaOperators(net.inclusion, h, 1);
    const { k, n } = net;
    expect(uniqueStateUpdate(k, n, ops.M, ops.WinvG)).toBe(true);
    // independent check: for many q, every relay solution found by enumeration moves the state alike
    const p = { k, M: new DenseRelayMatrix(k, ops.M), q: new Float64Array(k), laws: net.laws };
    const ws = new PatternWorkspace(k);
    const same = (a: Float64Array, b: Float64Array) => {
      for (let r = 0; r < n; r++) {
        let d = 0;
        for (let j = 0; j < k; j++) d += ops.WinvG[r * k + j] * (a[j] - b[j]);
        if (Math.abs(d) > 1e-9) return false;
      }
      return true;
    };
    for (let t = 0; t < 50; t++) {
      for (let i = 0; i < k; i++) p.q[i] = 6 * Math.sin(3 * t + 2 * i) - 0.5;
      expect(countRelaySolutions(p, new Float64Array(k), new Float64Array(k), ws, 2, 1e-10, same)).toBe(1);
    }
  });

  it("fails for a semidefinite M whose null vector moves the state, for an indefinite M and for a nonsymmetric M", () => {
    // M = [[1, 1], [1, 1]] (null vector (1, −1)), W⁻¹G = I: the null vector moves the state
    expect(uniqueStateUpdate(2, 2, Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 0, 0, 1))).toBe(false);
    // the same M with W⁻¹G = [1 1] (one state, the null vector does not move it)
    expect(uniqueStateUpdate(2, 1, Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 1))).toBe(true);
    expect(uniqueStateUpdate(2, 2, Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 0, 0, 1))).toBe(false);
    expect(uniqueStateUpdate(2, 2, Float64Array.of(1, 2, 0, 1), Float64Array.of(1, 0, 0, 1))).toBe(false);
  });
});
