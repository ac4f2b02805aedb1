/** Hand-built solutions and inclusions for the figure tests (independent of any solver). */
import { createInclusion, DenseOperator, IdentityOperator, LawSet, lawFromSpec, emptyStats, type Solution, type SwitchEvent, type Inclusion } from "../../src/index.ts";

/**
 * A 2-state run on t ∈ [0, 2] (201 points): x1 = 1 − t until it reaches 0 at t = 1 and then slides
 * on x1 = 0 (s1 ∈ (−1, 1)), x2 = cos(t). Unit 0 enters sliding at t = 1; unit 1 crosses at t = π/2.
 */
export function slidingRun(n = 2): Solution {
  const nt = 201;
  const t = new Float64Array(nt);
  const x = new Float64Array(nt * n);
  const s = new Float64Array(nt * n);
  for (let r = 0; r < nt; r++) {
    const tt = (2 * r) / (nt - 1);
    t[r] = tt;
    x[r * n] = Math.max(0, 1 - tt);
    s[r * n] = tt < 1 ? 1 : 0.3;
    for (let i = 1; i < n; i++) {
      x[r * n + i] = Math.cos(tt * i);
      s[r * n + i] = Math.sign(Math.cos(tt * i)) || 1;
    }
  }
  const events: SwitchEvent[] = [
    { t: 1, unit: 0, kind: "enter-sliding", from: 2, to: 1 },
    { t: Math.PI / 2, unit: 1, kind: "cross", from: 2, to: 0 },
  ];
  return {
    solver: "hand-made",
    n,
    k: n,
    t,
    x,
    s,
    events,
    stats: emptyStats(),
    status: "success",
    message: "",
    tFinal: 2,
    xFinal: x.slice((nt - 1) * n),
  };
}

/** dx/dt ∈ −sgn(x) + ... with C = I: switching surfaces x_i = 0. */
export function signInclusion(n = 2): Inclusion {
  return createInclusion({ G: new IdentityOperator(n, -1), laws: LawSet.uniform(lawFromSpec("sign"), n) });
}

/** One unit with a hard limiter on y = x1 + x2 − 1, breakpoints −0.5 and 0.5. */
export function limiterInclusion(): Inclusion {
  return createInclusion({
    G: DenseOperator.fromRows([[-1], [0]]),
    C: DenseOperator.fromRows([[1, 1]]),
    d: Float64Array.of(1),
    laws: new LawSet([lawFromSpec({ type: "hard-limiter", lower: -0.5, upper: 0.5 })]),
  });
}

/** A solution with no saved points. */
export function emptyRun(): Solution {
  return { ...slidingRun(), t: new Float64Array(0), x: new Float64Array(0), s: new Float64Array(0), events: [], xFinal: new Float64Array(2), tFinal: NaN };
}
