import { describe, expect, it } from "vitest";
import {
  trajectoryFigure,
  phasePortraitFigure,
  convergenceFigure,
  distanceSeries,
  workPrecisionFigure,
  sweepFigure,
  imagePanelsFigure,
  imageDifference,
  slidingIntervals,
  mergeIntervals,
  slidingMask,
  isEmptyFigure,
  spreadIndices,
  thinIndices,
  type Solution,
  type Trace,
} from "../../src/index.ts";
import { emptyRun, limiterInclusion, signInclusion, slidingRun } from "./fixtures.ts";

type Shape = { type: string; name?: string; x0: number; x1: number };
const shapes = (fig: { layout: Record<string, unknown> }) => (fig.layout.shapes ?? []) as Shape[];
const byName = (data: Trace[], name: string) => data.filter((t) => String(t.name).startsWith(name));

describe("sliding intervals", () => {
  it("come from enter/leave-sliding events, closed at tFinal", () => {
    const sol = slidingRun();
    expect(slidingIntervals(sol)).toEqual([{ unit: 0, t0: 1, t1: 2 }]);
    sol.events.push({ t: 1.5, unit: 0, kind: "leave-sliding", from: 1, to: 0 });
    expect(slidingIntervals(sol)).toEqual([{ unit: 0, t0: 1, t1: 1.5 }]);
  });
  it("come from the activation values when the log records no sliding", () => {
    const sol = slidingRun();
    sol.events = [];
    const iv = slidingIntervals(sol, signInclusion());
    expect(iv).toHaveLength(1);
    expect(iv[0].unit).toBe(0);
    expect(iv[0].t0).toBeCloseTo(1, 12);
    expect(iv[0].t1).toBe(2);
  });
  it("merge into the union with the units involved, and mask the saved times", () => {
    expect(mergeIntervals([{ unit: 1, t0: 1, t1: 3 }, { unit: 0, t0: 0, t1: 2 }, { unit: 2, t0: 5, t1: 6 }])).toEqual([
      { t0: 0, t1: 3, units: [0, 1] },
      { t0: 5, t1: 6, units: [2] },
    ]);
    const sol = slidingRun();
    const mask = slidingMask(sol, slidingIntervals(sol));
    expect(mask.filter(Boolean).length).toBe(101); // t = 1.00, 1.01, ..., 2.00
    expect(mask[99]).toBe(false);
  });
});

describe("trajectoryFigure", () => {
  it("draws one line per state, the events and the sliding band where the solution slides", () => {
    const fig = trajectoryFigure(slidingRun());
    const lines = fig.data.filter((t) => t.yaxis === undefined);
    expect(lines).toHaveLength(2);
    expect(byName(fig.data, "enter sliding")).toHaveLength(1);
    expect(byName(fig.data, "switch (crossing)")).toHaveLength(1);
    expect(byName(fig.data, "sliding")).toHaveLength(1);
    expect(fig.data).toHaveLength(5);
    const bands = shapes(fig).filter((s) => s.name === "sliding");
    expect(bands).toHaveLength(1);
    expect(bands[0].x0).toBe(1);
    expect(bands[0].x1).toBe(2);
    const bar = byName(fig.data, "sliding")[0];
    expect(bar.x).toEqual([1, 2, null]);
    expect(bar.y).toEqual([0, 0, null]);
  });
  it("has no sliding band when nothing slides", () => {
    const sol = slidingRun();
    sol.events = sol.events.filter((e) => e.kind === "cross");
    const fig = trajectoryFigure(sol);
    expect(shapes(fig)).toHaveLength(0);
    expect(byName(fig.data, "sliding")).toHaveLength(0);
  });
  it("keeps large networks readable: at most maxTraces states, legend groups", () => {
    const sol = slidingRun(40);
    const fig = trajectoryFigure(sol, { events: false, sliding: false });
    expect(fig.data).toHaveLength(10);
    expect(JSON.stringify(fig.layout.annotations)).toContain("showing 10 of 40 states");
    const sel = trajectoryFigure(sol, { states: [3, 5, 99], events: false, sliding: false, groups: [{ name: "layer 1", states: [3, 5] }] });
    expect(sel.data).toHaveLength(2);
    expect(sel.data.map((t) => t.legendgroup)).toEqual(["layer 1", "layer 1"]);
    expect(sel.data[0].legendgrouptitle).toEqual({ text: "layer 1" });
  });
  it("thins long runs but keeps the points at events", () => {
    const sol = slidingRun();
    const fig = trajectoryFigure(sol, { maxPoints: 20 });
    const x = fig.data[0].x as number[];
    expect(x.length).toBeLessThan(40);
    expect(x).toContain(1); // the event at t = 1
    expect(x[x.length - 1]).toBe(2);
  });
  it("gives an empty-state figure for an empty solution", () => {
    const fig = trajectoryFigure(emptyRun());
    expect(fig.data).toHaveLength(0);
    expect(isEmptyFigure(fig)).toBe(true);
    expect(isEmptyFigure(trajectoryFigure(slidingRun(), { states: [] }))).toBe(true);
  });
});

describe("phasePortraitFigure", () => {
  it("2-D: trajectory, sliding part, switching surfaces x1 = 0 and x2 = 0, start/end", () => {
    const sol = slidingRun();
    const fig = phasePortraitFigure(signInclusion(), sol);
    expect(fig.data.map((t) => t.name)).toEqual(["trajectory", "sliding", "switching surfaces", "start / end"]);
    const slide = fig.data[1];
    const xs = slide.x as Array<number | null>;
    const ts = Array.from(sol.t);
    // sliding points are exactly those at t ≥ 1, where x1 = 0
    xs.forEach((v, j) => expect(v === null).toBe(ts[j] < 1 - 1e-12));
    expect((slide.x as Array<number | null>).filter((v) => v !== null).every((v) => v === 0)).toBe(true);
    expect((fig.data[1].line as { width: number }).width).toBeGreaterThan((fig.data[0].line as { width: number }).width);
    // two surfaces: a vertical line x1 = 0 and a horizontal line x2 = 0
    const sx = fig.data[2].x as Array<number | null>;
    const sy = fig.data[2].y as Array<number | null>;
    expect(sx.filter((v) => v === null)).toHaveLength(2);
    expect(sx[0]).toBeCloseTo(0);
    expect(sx[1]).toBeCloseTo(0);
    expect(sy[3]).toBeCloseTo(0);
    expect(sy[4]).toBeCloseTo(0);
  });
  it("draws each breakpoint of a hard limiter on y = x1 + x2 − 1 (lines x1 + x2 = 0.5 and 1.5)", () => {
    const sol = slidingRun();
    sol.events = [];
    const fig = phasePortraitFigure(limiterInclusion(), sol);
    const surf = fig.data.find((t) => t.name === "switching surfaces")!;
    const x = surf.x as Array<number | null>;
    const y = surf.y as Array<number | null>;
    const sums: number[] = [];
    for (let j = 0; j < x.length; j += 3) {
      sums.push(x[j]! + y[j]!, x[j + 1]! + y[j + 1]!);
    }
    expect(sums.map((v) => +v.toFixed(9)).sort()).toEqual([0.5, 0.5, 1.5, 1.5]);
  });
  it("3-D: scatter3d plus one plane per surface", () => {
    const sol = slidingRun(3);
    const fig = phasePortraitFigure(signInclusion(3), sol, { states: [0, 1, 2] });
    expect(fig.data.filter((t) => t.type === "surface")).toHaveLength(3);
    expect(fig.data.filter((t) => t.type === "scatter3d").map((t) => t.name)).toEqual(["trajectory", "sliding", "start / end"]);
    expect(fig.layout.scene).toBeDefined();
  });
  it("works without an inclusion and gives empty-state figures for bad selections", () => {
    expect(phasePortraitFigure(undefined, slidingRun()).data.map((t) => t.name)).toEqual(["trajectory", "sliding", "start / end"]);
    expect(isEmptyFigure(phasePortraitFigure(signInclusion(), emptyRun()))).toBe(true);
    expect(isEmptyFigure(phasePortraitFigure(signInclusion(), slidingRun(), { states: [0, 7] }))).toBe(true);
    expect(isEmptyFigure(phasePortraitFigure(undefined, slidingRun(1)))).toBe(true);
  });
});

describe("convergence, work–precision and sweeps", () => {
  it("convergence: log y, one trace per series, marker and line at the reach time", () => {
    const t = Float64Array.from({ length: 50 }, (_, i) => i / 10);
    const d = t.map((v) => Math.max(0, 1 - v));
    const fig = convergenceFigure([
      { name: "distance", t, values: t.map((v) => Math.exp(-v)) },
      { name: "violation", t, values: d },
    ], { reached: { t: 0.5 } });
    expect((fig.layout.yaxis as { type: string }).type).toBe("log");
    expect(fig.data).toHaveLength(3);
    expect((fig.data[1].y as Array<number | null>).slice(10).every((v) => v === null)).toBe(true); // zeros are not drawn on a log axis
    expect(shapes(fig)[0].x0).toBe(0.5);
    expect(fig.data[2].x).toEqual([0.5, 0.5]);
    expect(fig.data[2].y).toEqual([Math.exp(-0.5), 0.5]);
  });
  it("convergence of a solution to a point, and empty input", () => {
    const sol = slidingRun();
    const s = distanceSeries(sol, [0, 1]);
    expect(s.values[0]).toBeCloseTo(1, 12); // x(0) = (1, 1)
    expect(isEmptyFigure(convergenceFigure([]))).toBe(true);
    expect(isEmptyFigure(convergenceFigure([{ name: "zero", t: [0, 1], values: [0, 0] }]))).toBe(true);
  });
  it("work–precision: log–log, one trace per solver, points in the given order (or by time)", () => {
    const fig = workPrecisionFigure([
      { solver: "implicit-euler", wallSeconds: 0.2, error: 1e-4 },
      { solver: "implicit-euler", wallSeconds: 0.02, error: 1e-2 },
      { solver: "explicit-euler", wallSeconds: 0.01, error: 0.3 },
      { solver: "explicit-euler", wallSeconds: 0, error: 0.3 },
    ]);
    expect(fig.data).toHaveLength(2);
    expect(fig.data[0].x).toEqual([0.2, 0.02]);
    expect(workPrecisionFigure([{ solver: "a", wallSeconds: 2, error: 1 }, { solver: "a", wallSeconds: 1, error: 2 }], { sortByTime: true }).data[0].x).toEqual([1, 2]);
    expect((fig.layout.xaxis as { type: string }).type).toBe("log");
    expect((fig.layout.yaxis as { type: string }).type).toBe("log");
    expect(isEmptyFigure(workPrecisionFigure([]))).toBe(true);
  });
  it("sweep: series, bound line, threshold and shaded failure runs", () => {
    const fig = sweepFigure({
      parameter: "σ",
      x: [4, 1, 2, 3, 5],
      series: [{ name: "reach time", y: [0.5, null, 2, 1, 0.4] }],
      bound: { name: "bound", y: [0.6, 9, 3, 1.2, 0.5] },
      threshold: { x: 1.5, label: "σ*" },
      failed: [false, true, false, false, false],
    });
    expect(fig.data.map((t) => t.name)).toEqual(["reach time", "bound", "failed"]);
    expect(fig.data[0].x).toEqual([1, 2, 3, 4, 5]);
    expect(fig.data[0].y).toEqual([null, 2, 1, 0.5, 0.4]);
    const fail = shapes(fig).filter((s) => s.name === "failure");
    expect(fail).toHaveLength(1);
    expect([fail[0].x0, fail[0].x1]).toEqual([1, 1.5]);
    expect(isEmptyFigure(sweepFigure({ parameter: "σ", x: [], series: [] }))).toBe(true);
  });
});

describe("imagePanelsFigure", () => {
  it("one heatmap per panel, images upright, and an energy panel", () => {
    const a = Float64Array.from({ length: 12 }, (_, i) => i / 11);
    const b = a.map((v) => v * 0.9);
    const fig = imagePanelsFigure(
      [
        { title: "observed", width: 4, height: 3, data: a },
        { title: "restored", width: 4, height: 3, data: b },
        { title: "difference", width: 4, height: 3, data: imageDifference(a, b), kind: "difference" },
        { title: "wrong size", width: 5, height: 3, data: a },
      ],
      { energy: { t: [0, 1, 2], values: [3, 2, 1.5] } },
    );
    expect(fig.data.map((t) => t.type)).toEqual(["heatmap", "heatmap", "heatmap", "scatter"]);
    expect((fig.data[0].z as number[][]).length).toBe(3);
    expect((fig.data[0].z as number[][])[0]).toHaveLength(4);
    expect(fig.data[2].colorscale).toBe("RdBu");
    expect(fig.data[2].zmin).toBeCloseTo(-(fig.data[2].zmax as number));
    expect((fig.layout.yaxis as { autorange: string }).autorange).toBe("reversed");
    expect((fig.layout.yaxis4 as { type: string }).type).toBe("log");
    expect(isEmptyFigure(imagePanelsFigure([]))).toBe(true);
  });
});

describe("helpers", () => {
  it("spread and thin indices", () => {
    expect(spreadIndices(100, 4)).toEqual([0, 33, 66, 99]);
    expect(spreadIndices(3, 10)).toEqual([0, 1, 2]);
    expect(thinIndices(10, 4, [7])).toEqual([0, 3, 6, 7, 9]);
  });
  it("no builder throws on degenerate input", () => {
    const odd = { ...slidingRun(), events: undefined } as unknown as Solution;
    expect(() => trajectoryFigure(odd)).not.toThrow();
    expect(() => phasePortraitFigure(signInclusion(), odd)).not.toThrow();
    const nan = slidingRun();
    nan.x[10] = NaN;
    expect(() => trajectoryFigure(nan)).not.toThrow();
    expect(trajectoryFigure(nan).data[0].y as unknown[]).toContain(null);
  });
});
