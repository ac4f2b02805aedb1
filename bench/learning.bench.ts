/**
 * Learning benchmark: epochs per second of the staircase network against the same network with
 * tanh units (two moons, 200 points, one hidden layer of 16), and perceptron updates per second
 * (noisy XOR, which never converges, so every epoch makes updates).
 */
import { makeDataset } from "../problems/learning/datasets.ts";
import { trainPerceptron } from "../problems/learning/perceptron.ts";
import { trainNetwork } from "../problems/learning/staircase-network.ts";

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
}

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<object> {
  const moons = makeDataset("moons", { n: 200, seed: 1 });
  const epochs = 300;
  trainNetwork(moons.x, moons.y, 2, { epochs: 20 }); // warm-up
  const out: Record<string, number> = {};
  for (const K of [4, 16, 64]) {
    const [, s] = timed(() => trainNetwork(moons.x, moons.y, 2, { epochs, activation: { kind: "staircase", levels: K } }));
    out[`staircaseK${K}EpochsPerSecond`] = epochs / s;
  }
  const [, sm] = timed(() => trainNetwork(moons.x, moons.y, 2, { epochs }));
  out.smoothEpochsPerSecond = epochs / sm;
  const xor = makeDataset("xor", { n: 2000, seed: 1 });
  const [p, ps] = timed(() => trainPerceptron(xor.x, xor.y, 2, { epochs: 200, maxTrajectory: 1 }));
  out.perceptronUpdates = p.mistakes;
  out.perceptronUpdatesPerSecond = p.mistakes / ps;
  out.perceptronSamplesPerSecond = (p.epochs * xor.n) / ps;
  return out;
}
