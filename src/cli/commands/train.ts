/**
 * `filippov train`: learning with discontinuous activations — Rosenblatt's perceptron (with
 * Novikoff's bound, cycle detection and the pocket variant) and Findlay's staircase networks
 * compared with the same network with tanh units.
 */
import type { Command } from "commander";
import { InputError } from "../../errors.ts";
import { parseNumber, parsePositiveInt, printJson } from "../options.ts";
import { writeReport, type ReportSection } from "../../report/report.ts";
import { DATASET_NAMES, makeDataset, type Dataset } from "../../../problems/learning/datasets.ts";
import { trainPerceptron, novikoffBound } from "../../../problems/learning/perceptron.ts";
import { trainPocket } from "../../../problems/learning/pocket.ts";
import { maxMargin } from "../../../problems/learning/margin.ts";
import { evaluateNetwork, predictNetwork, trainNetwork, type HiddenActivation } from "../../../problems/learning/staircase-network.ts";
import { quantizedTanh, type LevelScheme, type Surrogate } from "../../../problems/learning/staircase.ts";
import { curvesFigure, decisionBoundaryFigure, parameterTrajectoryFigure, perceptronTrajectoryFigure, staircaseFigure } from "../../../problems/learning/figures.ts";

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

function scoreLinear(w: Float64Array): (pts: Float64Array, out: Float64Array) => void {
  return (pts, out) => {
    for (let i = 0; i < out.length; i++) out[i] = w[0] * pts[2 * i] + w[1] * pts[2 * i + 1] + w[2];
  };
}

function runPerceptron(data: Dataset, epochs: number, eta: number, seed: number): { json: Record<string, unknown>; sections: ReportSection[] } {
  const r = trainPerceptron(data.x, data.y, 2, { epochs, learningRate: eta });
  const pocket = trainPocket(data.x, data.y, 2, { epochs, seed });
  let margin: number | null = null;
  let marginUpper: number | null = null;
  let bound: number | null = null;
  if (r.converged) {
    const m = maxMargin(data.x, data.y, 2);
    if (m.status === "optimal") {
      margin = m.gamma;
      marginUpper = m.gammaUpper;
      bound = novikoffBound(m.radius, m.gamma);
    }
  }
  const json = {
    model: "perceptron",
    data: data.name,
    samples: data.n,
    seed,
    learningRate: eta,
    accuracy: r.accuracy,
    epochs: r.epochs,
    mistakes: r.mistakes,
    converged: r.converged,
    cycled: r.cycled,
    cycleStart: r.cycleStart,
    cyclePeriod: r.cyclePeriod,
    radius: r.radius,
    margin,
    marginUpper,
    novikoffBound: bound,
    withinBound: bound === null ? null : r.mistakes <= bound,
    pocketAccuracy: pocket.accuracy,
    weights: Array.from(r.w),
    pocketWeights: Array.from(pocket.w),
    mistakesPerEpoch: r.mistakesPerEpoch,
  };
  const verdict = r.converged
    ? `Converged after ${r.mistakes} mistakes (Novikoff's bound (R/γ)² = ${bound?.toFixed(1)} with R = ${r.radius.toFixed(4)}, γ = ${margin?.toFixed(6)}).`
    : r.cycled
      ? `The weights at the end of epoch ${r.epochs} equal those at the end of epoch ${r.cycleStart}: the perceptron cycles with period ${r.cyclePeriod} epoch(s) and never converges (the data is not linearly separable). Pocket accuracy ${pocket.accuracy}.`
      : `No convergence and no exact repetition within ${r.epochs} epochs. Pocket accuracy ${pocket.accuracy}.`;
  const sections: ReportSection[] = [
    { title: "Verdict", text: verdict },
    {
      title: "Decision boundaries",
      figures: [
        decisionBoundaryFigure("Perceptron: final weights", data, scoreLinear(r.w)),
        decisionBoundaryFigure("Pocket algorithm (Gallant 1990): pocket weights", data, scoreLinear(pocket.w)),
      ],
    },
    {
      title: "Mistakes per epoch",
      figures: [
        curvesFigure("Perceptron mistakes per epoch", [{ name: "mistakes", y: r.mistakesPerEpoch, x: r.mistakesPerEpoch.map((_, i) => i + 1) }], "mistakes"),
        curvesFigure("Pocket training errors after each epoch", [{ name: "pocket errors", y: pocket.errorsPerEpoch, x: pocket.errorsPerEpoch.map((_, i) => i + 1) }], "errors"),
      ],
    },
    { title: "Weight trajectory", text: "The perceptron as a discrete-time dynamical system on the weights: w_{k+1} = w_k + η y x̃ after each mistake.", figures: [perceptronTrajectoryFigure(r.trajectory, r.trajectoryLength)] },
  ];
  return { json, sections };
}

function runStaircase(o: RawOptions, data: Dataset, epochs: number, eta: number, seed: number, test: Dataset): { json: Record<string, unknown>; sections: ReportSection[] } {
  const levels = o.levels === undefined ? 8 : parseNumber("--levels", o.levels, (v) => Number.isInteger(v) && v >= 2, "an integer ≥ 2");
  const hidden =
    o.hidden === undefined
      ? [16]
      : o.hidden.split(",").map((s) => parseNumber("--hidden", s, (v) => Number.isInteger(v) && v > 0 && v <= 4096, "a comma-separated list of positive integers (≤ 4096)"));
  const surrogate = oneOf<Surrogate>("--surrogate", o.surrogate ?? "envelope", ["envelope", "straight-through"]);
  const scheme = oneOf<LevelScheme>("--scheme", o.scheme ?? "uniform", ["uniform", "pow2"]);
  const act: HiddenActivation = { kind: "staircase", levels, scheme, surrogate };
  const common = { hidden, epochs, learningRate: eta, seed };
  const t0 = performance.now();
  const st = trainNetwork(data.x, data.y, 2, { ...common, activation: act });
  const t1 = performance.now();
  const sm = trainNetwork(data.x, data.y, 2, { ...common, activation: { kind: "tanh" } });
  const t2 = performance.now();
  const stTest = evaluateNetwork(st.net, test.x, test.y);
  const smTest = evaluateNetwork(sm.net, test.x, test.y);
  const json = {
    model: "staircase",
    data: data.name,
    samples: data.n,
    seed,
    learningRate: eta,
    levels,
    scheme,
    surrogate,
    hidden,
    accuracy: st.accuracy,
    testAccuracy: stTest.accuracy,
    loss: st.loss,
    epochs: st.epochs,
    mistakes: st.mistakes,
    converged: st.mistakes === 0,
    smoothAccuracy: sm.accuracy,
    smoothTestAccuracy: smTest.accuracy,
    smoothLoss: sm.loss,
    smoothMistakes: sm.mistakes,
    staircaseSeconds: (t1 - t0) / 1000,
    smoothSeconds: (t2 - t1) / 1000,
  };
  const P = st.net.params.length;
  const sections: ReportSection[] = [
    {
      title: "Result",
      table: [
        ["staircase training accuracy", st.accuracy],
        ["staircase test accuracy", stTest.accuracy],
        ["tanh training accuracy", sm.accuracy],
        ["tanh test accuracy", smTest.accuracy],
        ["staircase final loss", st.loss.toFixed(5)],
        ["tanh final loss", sm.loss.toFixed(5)],
      ],
    },
    { title: "The activation", figures: [staircaseFigure(quantizedTanh(levels, scheme))] },
    {
      title: "Decision boundaries",
      figures: [
        decisionBoundaryFigure(`Staircase network (${levels} levels, ${surrogate} surrogate)`, data, (pts, out) => predictNetwork(st.net, pts, out)),
        decisionBoundaryFigure("Same network with tanh units", data, (pts, out) => predictNetwork(sm.net, pts, out)),
      ],
    },
    {
      title: "Training curves",
      figures: [
        curvesFigure("Training loss", [{ name: `staircase K = ${levels}`, y: st.lossPerEpoch }, { name: "tanh", y: sm.lossPerEpoch }], "mean logistic loss", "epoch", true),
        curvesFigure("Training accuracy", [{ name: `staircase K = ${levels}`, y: st.accuracyPerEpoch }, { name: "tanh", y: sm.accuracyPerEpoch }], "accuracy"),
      ],
    },
    {
      title: "Weight trajectories",
      figures: [parameterTrajectoryFigure("Staircase network: first weights over the epochs", st.paramHistory, P), parameterTrajectoryFigure("tanh network: first weights over the epochs", sm.paramHistory, P)],
    },
  ];
  return { json, sections };
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
      const dopts = dataOptions(o, seed);
      const data = makeDataset(dataName, dopts);
      const { json, sections } =
        model === "perceptron"
          ? runPerceptron(data, epochs, eta, seed)
          : runStaircase(o, data, epochs, eta, seed, makeDataset(dataName, { ...dopts, n: 1000, seed: (seed + 1_000_003) % 2 ** 32 }));
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
