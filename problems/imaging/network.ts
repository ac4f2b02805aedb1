/**
 * The L1 image-restoration network as an {@link Inclusion} (Ferreira, Kaszkurewicz & Bhaya,
 * "Image restoration using L1-norm regularization and a gradient-based neural network with
 * discontinuous activation functions", IJCNN 2008 — the paper's text was not available; this is a
 * reconstruction of its formulation, not a copy).
 *
 * Energies, with H the blur, D = [D_h; D_v] forward differences (anisotropic TV), g the observation
 * and v ∈ [0, 1]ᴺ fidelity weights (1 everywhere for the direct method, 0 on detected impulses for the
 * two-phase method of Chan, Ho & Nikolova, IEEE TIP 14(10), 2005):
 *
 *     E1(x) = Σ_j v_j |(Hx − g)_j| + λ‖Dx‖₁            (fidelity "l1")
 *     E2(x) = ½ Σ_j v_j (Hx − g)_j² + λ‖Dx‖₁           (fidelity "l2")
 *
 * Gradient networks dx/dt ∈ −∂E(x):
 *
 *     E1: dx/dt ∈ −Hᵀ(v ⊙ sgn(Hx − g)) − λ Dᵀ sgn(Dx):  G = −[Hᵀdiag(v), λDᵀ], C = [H; D], d = [g; 0], B = 0
 *     E2: dx/dt ∈ −HᵀV(Hx − g) − λ Dᵀ sgn(Dx):         B = HᵀVH, u = HᵀVg, G = −λDᵀ, C = D, d = 0
 *
 * with sign laws on every activation unit. All operators are matrix-free. Any solver for inclusions
 * can integrate it; `solvers/primal-dual.ts` converges to the minimiser of E.
 */
import { explicitEuler } from "../../solvers/explicit-euler.ts";
import { InputError } from "../../src/errors.ts";
import { createInclusion, type Inclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { IdentityOperator, MatrixFreeOperator, clippedAscent, type LinearOperator } from "../../src/model/operator.ts";
import { blurOperator, type BlurSpec } from "../../src/image/blur.ts";
import {
  anisotropicTV, differenceOperator, forwardDifferences, forwardDifferencesClippedAscent, forwardDifferencesTransposeAdd,
  forwardDifferencesWeightedAbs,
} from "../../src/image/differences.ts";

/** Data fidelity: L1 (E1, impulse noise) or L2 (E2, Gaussian noise). */
export type Fidelity = "l1" | "l2";

/** What the network builder needs. */
export interface RestorationSpec {
  width: number;
  height: number;
  /** Observed image g (one channel, row-major, length width·height). */
  observed: Float64Array;
  blur: BlurSpec;
  /** Regularisation weight λ > 0. */
  lambda: number;
  fidelity: Fidelity;
  /** Fidelity weights v (length width·height, in [0, 1]); absent: all 1. */
  weights?: Float64Array;
}

/** The built network and what goes with it. */
export interface RestorationNetwork {
  inclusion: Inclusion;
  /** The blur H and the differences D. */
  H: LinearOperator;
  D: LinearOperator;
  /** E(x) of the module comment (E1 or E2). */
  energy: (x: Float64Array) => number;
  /** E(x) = Φ(x) + offset, Φ the inclusion's own energy (½xᵀBx − uᵀx + Σ w ψ(Cx − d)). */
  offset: number;
  /** The weights w with G = −Cᵀdiag(w) (for solvers that want them given). */
  unitWeights: Float64Array;
}

/**
 * Builds the restoration network (see the module comment).
 * @throws InputError for a non-positive λ, a wrong observation or weight length, or a kernel larger than the image.
 */
export function buildRestorationNetwork(spec: RestorationSpec): RestorationNetwork {
  const { width, height, observed: g, lambda, fidelity } = spec;
  const n = width * height;
  if (g.length !== n) throw new InputError(`invalid argument: \`observed\` must have ${width}×${height} = ${n} values, got ${g.length}`);
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new InputError(`invalid option: \`--lambda\` must be a positive number, got ${lambda}`);
  const v = spec.weights ?? new Float64Array(n).fill(1);
  if (v.length !== n) throw new InputError(`invalid argument: \`weights\` must have length ${n}, got ${v.length}`);
  const H = blurOperator(spec.blur, width, height);
  const D = differenceOperator(width, height);
  const tn = new Float64Array(n);
  const t2 = new Float64Array(n);
  const hx = new Float64Array(n);
  const laws = (k: number) => LawSet.uniform(lawFromSpec("sign"), k);
  if (fidelity === "l1") {
    const k = 3 * n;
    // views of a 3N vector as [H part; D part], cached per buffer (no allocation in the hot loop)
    const views = new WeakMap<Float64Array, [Float64Array, Float64Array]>();
    const split = (a: Float64Array) => {
      let vw = views.get(a);
      if (!vw) {
        vw = [a.subarray(0, n), a.subarray(n, 3 * n)];
        views.set(a, vw);
      }
      return vw;
    };
    const sH = (a: Float64Array) => split(a)[0];
    const sD = (a: Float64Array) => split(a)[1];
    // C = [H; D] without whole-array temporaries: the identity H is a copy, Dᵀ accumulates into out;
    // fused kernels for the solver: C x̄ + dual step + Cᵀp (applyClippedAscent) and Σ w|Cx − d|
    // (weightedAbsResidual), neither forming C x
    const unitH = H instanceof IdentityOperator && H.scale === 1;
    const C = new MatrixFreeOperator(
      k,
      n,
      (x, out) => {
        if (unitH) out.set(x, 0);
        else H.apply(x, sH(out));
        forwardDifferences(x, width, height, sD(out));
        return out;
      },
      (y, out) => {
        if (unitH) return forwardDifferencesTransposeAdd(y, n, width, height, y, out);
        H.applyTranspose(sH(y), out);
        return forwardDifferencesTransposeAdd(y, n, width, height, out, out);
      },
      (x, p, sigma, c, r, adjoint) => {
        if (unitH) return forwardDifferencesClippedAscent(x, width, height, p, n, sigma, c, r, p, adjoint, true);
        H.apply(x, hx);
        clippedAscent(hx, p, sigma, c, r, 0, n);
        H.applyTranspose(sH(p), adjoint);
        return forwardDifferencesClippedAscent(x, width, height, p, n, sigma, c, r, adjoint, adjoint);
      },
      (x, c, r, e) => {
        const hxv = unitH ? x : H.apply(x, hx);
        for (let j = 0; j < n; j++) {
          const rj = r[j];
          if (rj === 0) continue;
          const y = hxv[j] - c[j];
          e += rj * (y < 0 ? -y : y);
        }
        return forwardDifferencesWeightedAbs(x, width, height, c, r, n, e);
      },
    );
    const w = new Float64Array(k);
    w.set(v, 0);
    w.fill(lambda, n);
    const G = new MatrixFreeOperator(
      n,
      k,
      (s, out) => {
        for (let j = 0; j < n; j++) t2[j] = v[j] * s[j];
        H.applyTranspose(t2, out);
        D.applyTranspose(sD(s), tn);
        for (let j = 0; j < n; j++) out[j] = -out[j] - lambda * tn[j];
        return out;
      },
      (x, out) => {
        C.apply(x, out);
        for (let i = 0; i < k; i++) out[i] *= -w[i];
        return out;
      },
    );
    const d = new Float64Array(k);
    d.set(g, 0);
    const inclusion = createInclusion({ G, C, d, laws: laws(k) });
    const energy = (x: Float64Array) => {
      H.apply(x, hx);
      let e = 0;
      for (let j = 0; j < n; j++) e += v[j] * Math.abs(hx[j] - g[j]);
      return e + lambda * anisotropicTV(x, width, height);
    };
    return { inclusion, H, D, energy, offset: 0, unitWeights: w };
  }
  if (fidelity !== "l2") throw new InputError(`invalid option: \`--fidelity\` must be l1 or l2, got ${JSON.stringify(fidelity)}`);
  const k = 2 * n;
  const B = new MatrixFreeOperator(
    n,
    n,
    (x, out) => {
      H.apply(x, tn);
      for (let j = 0; j < n; j++) tn[j] *= v[j];
      return H.applyTranspose(tn, out);
    },
    (y, out) => {
      H.apply(y, t2);
      for (let j = 0; j < n; j++) t2[j] *= v[j];
      return H.applyTranspose(t2, out);
    },
  );
  const vg = new Float64Array(n);
  let offset = 0;
  for (let j = 0; j < n; j++) {
    vg[j] = v[j] * g[j];
    offset += 0.5 * v[j] * g[j] * g[j];
  }
  const u = H.applyTranspose(vg, new Float64Array(n));
  const G = new MatrixFreeOperator(
    n,
    k,
    (s, out) => {
      D.applyTranspose(s, out);
      for (let j = 0; j < n; j++) out[j] *= -lambda;
      return out;
    },
    (x, out) => {
      D.apply(x, out);
      for (let i = 0; i < k; i++) out[i] *= -lambda;
      return out;
    },
  );
  const inclusion = createInclusion({ B, u, G, C: D, laws: laws(k) });
  const energy = (x: Float64Array) => {
    H.apply(x, hx);
    let e = 0;
    for (let j = 0; j < n; j++) e += 0.5 * v[j] * (hx[j] - g[j]) ** 2;
    return e + lambda * anisotropicTV(x, width, height);
  };
  return { inclusion, H, D, energy, offset, unitWeights: new Float64Array(k).fill(lambda) };
}

/** Result of {@link explicitEulerTrace}. */
export interface ExplicitEulerTrace {
  /** E after each step (index 0: the start). */
  energy: Float64Array;
  /** Final state. */
  x: Float64Array;
  /** Lowest energy seen. */
  best: number;
  /** Chattering amplitude: max |x_{k+1} − x_k|∞ over the last quarter of the steps. */
  chatter: number;
}

/**
 * The naive explicit-Euler scheme on the same inclusion (s = sign(Cx − d) with sign(0) = 0):
 * x ← x + h(f(x) + G s), a constant-step subgradient method. A baseline that chatters at O(h) and
 * stalls at an energy O(h) above the minimum; shown in benchmarks and reports, never used for results.
 */
export function explicitEulerTrace(net: RestorationNetwork, x0: Float64Array, h: number, steps: number): ExplicitEulerTrace {
  const integrator = explicitEuler.init({ inclusion: net.inclusion, x0, t0: 0, tEnd: h * steps }, { h, saveEvery: steps });
  const energy = new Float64Array(steps + 1);
  const previous = Float64Array.from(x0);
  energy[0] = net.energy(previous);
  let best = energy[0];
  let chatter = 0;
  for (let it = 1; it <= steps; it++) {
    integrator.step();
    const x = integrator.x;
    if (it > (3 * steps) / 4) {
      for (let j = 0; j < x.length; j++) chatter = Math.max(chatter, Math.abs(x[j] - previous[j]));
    }
    previous.set(x);
    energy[it] = net.energy(x);
    if (energy[it] < best) best = energy[it];
  }
  return { energy, x: previous, best, chatter };
}
