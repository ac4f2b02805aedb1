import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.ts";

describe("filippov train", () => {
  it("perceptron on blobs: one JSON object, converged within Novikoff's bound", () => {
    const r = runCli(["train", "--model", "perceptron", "--data", "blobs", "--margin", "0.1", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]);
    expect(j.converged).toBe(true);
    expect(j.accuracy).toBe(1);
    expect(j.cycled).toBe(false);
    expect(j.mistakes).toBeGreaterThan(0);
    expect(j.mistakes).toBeLessThanOrEqual(j.novikoffBound);
    expect(j.novikoffBound).toBeCloseTo((j.radius / j.margin) ** 2, 9);
    expect(j.mistakesPerEpoch.reduce((a: number, b: number) => a + b, 0)).toBe(j.mistakes);
    expect(j.epochs).toBe(j.mistakesPerEpoch.length);
  });

  it("perceptron on XOR: cycling detected, pocket better than the last iterate; report written", () => {
    const dir = mkdtempSync(join(tmpdir(), "filippov-train-"));
    const report = join(dir, "xor.html");
    const r = runCli(["train", "--model", "perceptron", "--data", "xor", "--json", "--report", report]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.converged).toBe(false);
    expect(j.cycled).toBe(true);
    expect(j.cyclePeriod).toBeGreaterThan(0);
    expect(j.novikoffBound).toBeNull();
    expect(j.mistakesPerEpoch.every((m: number) => m > 0)).toBe(true);
    expect(j.pocketAccuracy).toBeGreaterThan(j.accuracy);
    const html = readFileSync(report, "utf8");
    expect(html).toContain("Decision boundaries");
    expect(html).toContain('"type":"contour"');
    expect(html).toContain("Weight trajectory");
    expect(existsSync(join(dir, "plotly.min.js"))).toBe(true);
  });

  it("staircase network on moons: accuracy, epochs, mistakes, converged and the smooth comparison", () => {
    const dir = mkdtempSync(join(tmpdir(), "filippov-train-"));
    const report = join(dir, "st.html");
    const r = runCli(["train", "--model", "staircase", "--data", "moons", "--levels", "6", "--epochs", "150", "--seed", "2", "--json", "--report", report]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ["accuracy", "epochs", "mistakes", "converged", "smoothAccuracy", "testAccuracy", "loss", "smoothLoss"]) expect(j).toHaveProperty(k);
    expect(j.epochs).toBe(150);
    expect(j.levels).toBe(6);
    expect(j.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(j.mistakes).toBe(Math.round(200 * (1 - j.accuracy)));
    expect(j.converged).toBe(j.mistakes === 0);
    const html = readFileSync(report, "utf8");
    expect(html).toContain("Training loss");
    expect(html).toContain('"type":"heatmap"');
  });

  const bad: Array<[string[], RegExp]> = [
    [["--model", "perceptron", "--data", "spirals"], /`--data` must be one of moons, circles, xor, blobs, got "spirals"/],
    [["--model", "svm", "--data", "moons"], /`--model` must be one of perceptron, staircase, got "svm"/],
    [["--data", "moons"], /`--model` must be one of perceptron, staircase, got ""/],
    [["--model", "staircase", "--data", "moons", "--levels", "1"], /`--levels` must be an integer ≥ 2, got "1"/],
    [["--model", "staircase", "--data", "moons", "--levels", "2.5"], /`--levels` must be an integer ≥ 2, got "2.5"/],
    [["--model", "staircase", "--data", "moons", "--learning-rate", "NaN"], /`--learning-rate` must be a finite positive number, got "NaN"/],
    [["--model", "perceptron", "--data", "xor", "--learning-rate", "Infinity"], /`--learning-rate` must be a finite positive number, got "Infinity"/],
    [["--model", "perceptron", "--data", "xor", "--epochs", "0"], /`--epochs` must be a positive integer, got "0"/],
    [["--model", "staircase", "--data", "moons", "--epochs", "-3"], /`--epochs` must be a positive integer, got "-3"/],
  ];
  it.each(bad)("bad input %j exits 2 with one precise line", (args, message) => {
    const r = runCli(["train", ...args, "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
