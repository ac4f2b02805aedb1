/**
 * The two learning experiments of `filippov train` and the demo: Rosenblatt's perceptron (mistakes
 * against Novikoff's bound (R/γ)², cycle detection on non-separable data, the pocket variant) and
 * Findlay's staircase network against the same network with tanh units. Each returns the JSON
 * summary and the report sections (decision boundary, curves, weight trajectories).
 */
import type { ReportSection } from "../../src/report/report.ts";
import type { Dataset } from "./datasets.ts";
import { trainPerceptron, novikoffBound } from "./perceptron.ts";
import { trainPocket } from "./pocket.ts";
import { maxMargin } from "./margin.ts";
import { evaluateNetwork, predictNetwork, trainNetwork, type HiddenActivation } from "./staircase-network.ts";
import { quantizedTanh, type LevelScheme, type Surrogate } from "./staircase.ts";
import { curvesFigure, decisionBoundaryFigure, parameterTrajectoryFigure, perceptronTrajectoryFigure, staircaseFigure } from "./figures.ts";

/** The result of an experiment: one JSON object and the report sections. */
export interface Experiment {
  json: Record<string, unknown>;
  sections: ReportSection[];
}

/** Architecture and training choices of the staircase network. */
export interface StaircaseSettings {
  /** Number of levels K ≥ 2. */
  levels: number;
  /** Hidden layer widths. */
  hidden: number[];
  surrogate: Surrogate;
  scheme: LevelScheme;
}

function scoreLinear(w: Float64Array): (pts: Float64Array, out: Float64Array) => void {
  return (pts, out) => {
    for (let i = 0; i < out.length; i++) out[i] = w[0] * pts[2 * i] + w[1] * pts[2 * i + 1] + w[2];
  };
}

export function runPerceptron(data: Dataset, epochs: number, eta: number, seed: number): Experiment {
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

export function runStaircase(settings: StaircaseSettings, data: Dataset, epochs: number, eta: number, seed: number, test: Dataset): Experiment {
  const { levels, hidden, surrogate, scheme } = settings;
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

