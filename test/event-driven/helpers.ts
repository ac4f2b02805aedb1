/** Shared helpers of the event-driven tests. */
import { logLogSlope } from "../../src/fit.ts";
import { Random } from "../../src/random.ts";

/** Least-squares slope of log(y) against log(x). */
export const logSlope = logLogSlope;

/** A seeded uniform generator on [0, 1) (the package's mulberry32). */
export function rng(seed: number): () => number {
  const r = new Random(seed);
  return () => r.uniform();
}

/** Composite Gauss–Legendre (5 points) quadrature of f on [a, b] with `panels` panels. */
export function gauss5(f: (x: number) => number, a: number, b: number, panels: number): number {
  const xs = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
  const ws = [0.5688888888888889, 0.47862867049936647, 0.47862867049936647, 0.23692688505618908, 0.23692688505618908];
  const h = (b - a) / panels;
  let acc = 0;
  for (let p = 0; p < panels; p++) {
    const c = a + (p + 0.5) * h;
    for (let q = 0; q < 5; q++) acc += ws[q] * f(c + 0.5 * h * xs[q]);
  }
  return 0.5 * h * acc;
}
