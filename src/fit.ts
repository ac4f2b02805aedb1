/**
 * Least-squares fits on log–log axes, for convergence orders (error ∝ hᵖ), cost scaling
 * (time ∝ nᵃ) and work–precision lines: log y = a + b·log x.
 */

/** Fits log y = intercept + slope·log x by least squares (all values must be positive). */
export function logLogFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * The slope b of log y against log x: the observed order of convergence when x is the step and y
 * the error, the scaling exponent when x is the size and y the time.
 * @example logLogSlope([1e-2, 1e-3], [3e-4, 3e-5]) // 1
 */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number {
  return logLogFit(xs, ys).slope;
}
