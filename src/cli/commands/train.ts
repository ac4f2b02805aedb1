/**
 * `filippov train`: learning with discontinuous activations — Rosenblatt's perceptron (with
 * Novikoff's bound, cycle detection and the pocket variant) and Findlay's staircase networks
 * compared with the same network with tanh units.
 */
import type { Command } from "commander";
import { InputError } from "../../errors.ts";
import { parseNumber, parsePositiveInt, printJson } from "../options.ts";
import { requireWritable } from "../../io/atomic.ts";
import { writeReport } from "../../report/report.ts";
import { DATASET_NAMES, makeDataset } from "../../../problems/learning/datasets.ts";
import { runPerceptron, runStaircase, type StaircaseSettings } from "../../../problems/learning/experiments.ts";
import type { LevelScheme, Surrogate } from "../../../problems/learning/staircase.ts";

interface RawOptions {
  model?: string;
  data?: string;
  levels?: string;
  epochs?: string;
  seed?: string;
  learningRate?: string;
  samples?: string;
  noise?: string;
  margin?: string;
  hidden?: string;
  surrogate?: string;
  scheme?: string;
  json?: boolean;
  report?: string;
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T {
  if (value === undefined || !(allowed as readonly string[]).includes(value)) {
    throw new InputError(`invalid option: \`${option}\` must be one of ${allowed.join(", ")}, got ${JSON.stringify(value ?? "")}`);
  }
  return value as T;
}

function dataOptions(o: RawOptions, seed: number): { n: number; seed: number; noise?: number; margin?: number } {
  return {
    n: o.samples === undefined ? 200 : parseNumber("--samples", o.samples, (v) => Number.isInteger(v) && v >= 2, "an integer ≥ 2"),
    seed,
    noise: o.noise === undefined ? undefined : parseNumber("--noise", o.noise, (v) => v >= 0, "a finite number ≥ 0"),
    margin: o.margin === undefined ? undefined : parseNumber("--margin", o.margin, (v) => v >= 0, "a finite number ≥ 0"),
  };
}

/** Reads the staircase network options. @throws InputError naming the option and value. */
function staircaseSettings(o: RawOptions): StaircaseSettings {
  return {
    levels: o.levels === undefined ? 8 : parseNumber("--levels", o.levels, (v) => Number.isInteger(v) && v >= 2, "an integer ≥ 2"),
    hidden:
      o.hidden === undefined
        ? [16]
        : o.hidden.split(",").map((s) => parseNumber("--hidden", s, (v) => Number.isInteger(v) && v > 0 && v <= 4096, "a comma-separated list of positive integers (≤ 4096)")),
    surrogate: oneOf<Surrogate>("--surrogate", o.surrogate ?? "envelope", ["envelope", "straight-through"]),
    scheme: oneOf<LevelScheme>("--scheme", o.scheme ?? "uniform", ["uniform", "pow2"]),
  };
}

/** Registers `filippov train`. */
export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("train a perceptron or a staircase network (discontinuous activations) on generated data")
    .option("--model <model>", "perceptron | staircase")
    .option("--data <name>", `data set: ${DATASET_NAMES.join(" | ")}`)
    .option("--levels <K>", "staircase levels K ≥ 2 (default 8)")
    .option("--epochs <E>", "epochs (default 1000 for the perceptron, 200 for the network)")
    .option("--seed <S>", "seed of the data and of the training (default 1)")
    .option("--learning-rate <R>", "step size (default 1 for the perceptron, 0.05 for the network)")
    .option("--samples <N>", "training points (default 200)")
    .option("--noise <sigma>", "noise of the data generator")
    .option("--margin <gamma>", "margin of the blobs data set (default 0.5)")
    .option("--hidden <widths>", "hidden layer widths, comma-separated (default 16)")
    .option("--surrogate <name>", "envelope | straight-through (default envelope)")
    .option("--scheme <name>", "staircase levels: uniform | pow2 (default uniform)")
    .option("--json", "print one JSON object")
    .option("--report <file>", "write an HTML report")
    .action((o: RawOptions) => {
      const model = oneOf("--model", o.model, ["perceptron", "staircase"] as const);
      const dataName = oneOf("--data", o.data, DATASET_NAMES);
      const epochs = o.epochs === undefined ? (model === "perceptron" ? 1000 : 200) : parsePositiveInt("--epochs", o.epochs);
      const seed = o.seed === undefined ? 1 : parseNumber("--seed", o.seed, (v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32, "an integer in [0, 2³²)");
      const eta = o.learningRate === undefined ? (model === "perceptron" ? 1 : 0.05) : parseNumber("--learning-rate", o.learningRate, (v) => v > 0, "a finite positive number");
      if (o.levels !== undefined) parseNumber("--levels", o.levels, (v) => Number.isInteger(v) && v >= 2, "an integer ≥ 2");
      if (o.report !== undefined) requireWritable(o.report, "--report");
      const dopts = dataOptions(o, seed);
      const data = makeDataset(dataName, dopts);
      const { json, sections } =
        model === "perceptron"
          ? runPerceptron(data, epochs, eta, seed)
          : runStaircase(staircaseSettings(o), data, epochs, eta, seed, makeDataset(dataName, { ...dopts, n: 1000, seed: (seed + 1_000_003) % 2 ** 32 }));
      if (o.report !== undefined) {
        const summary: Record<string, string | number | boolean> = {};
        for (const [k, v] of Object.entries(json)) if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") summary[k] = v;
        writeReport(o.report, { title: `filippov train: ${model} on ${dataName}`, summary, sections });
      }
      if (o.json) printJson(json);
      else {
        const lines = Object.entries(json)
          .filter(([, v]) => !Array.isArray(v) || v.length <= 8)
          .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`);
        process.stdout.write(lines.join("\n") + "\n");
      }
    });
}
