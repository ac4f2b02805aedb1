/**
 * The one model of this package: a network with discontinuous activations as a differential inclusion
 *
 *     dx/dt ∈ f(t, x) + G s,    s_i ∈ Law_i(y_i),    y = C x − d,
 *     f(t, x) = −B x + u(t) + g(t, x),
 *
 * with x ∈ ℝⁿ, k activation units, G (n×k), C (k×n) and B (n×n) linear operators, u an input and g an
 * optional smooth nonlinear term. Because the right-hand side is affine in s, its Filippov
 * convexification is f + G·Law(y) with Law convexified at its jumps (see `law.ts`), and choosing the
 * active selection is a relay problem (Acary & Brogliato 2010; Siconos `FirstOrderLinearTIR` +
 * `RelayNSL`). A Hopfield-type network dx/dt ∈ −Bx + W sgn(x) + u has G = W, C = I, d = 0.
 */
import { InputError, requireFinite } from "../errors.ts";
import { IdentityOperator, requireShape, type LinearOperator } from "./operator.ts";
import type { LawSet } from "./law.ts";

/** A time-dependent input u(t), written into `out`. */
export type InputFunction = (t: number, out: Float64Array) => Float64Array;
/** A smooth term g(t, x), written into `out`. */
export type SmoothTerm = (t: number, x: Float64Array, out: Float64Array) => Float64Array;

/** The data of an inclusion, as given by a user or a problem builder. */
export interface InclusionSpec {
  /** n×n linear damping; f contains −Bx. Absent: 0. */
  B?: LinearOperator;
  /** Constant input (length n) or u(t). Absent: 0. */
  u?: Float64Array | InputFunction;
  /** Extra smooth nonlinear term (treated explicitly by time-stepping schemes). */
  g?: SmoothTerm;
  /** n×k feedback weights of the activations. */
  G: LinearOperator;
  /** k×n input weights of the activations. Absent: identity (k = n). */
  C?: LinearOperator;
  /** Offsets (length k); y = Cx − d. Absent: 0. */
  d?: Float64Array;
  /** One law per activation unit. */
  laws: LawSet;
  /** Optional display names. */
  stateNames?: string[];
  unitNames?: string[];
}

/** A validated inclusion (see the module comment). */
export interface Inclusion {
  readonly n: number;
  readonly k: number;
  readonly B: LinearOperator | undefined;
  readonly u: Float64Array | InputFunction | undefined;
  readonly g: SmoothTerm | undefined;
  readonly G: LinearOperator;
  readonly C: LinearOperator;
  readonly d: Float64Array;
  readonly laws: LawSet;
  readonly stateNames: string[];
  readonly unitNames: string[];
}

/**
 * Validates shapes eagerly and returns the inclusion.
 * @throws InputError naming the field whose shape or values are wrong.
 * @example
 * // dx/dt ∈ −sgn(x):  G = −1, C = 1
 * createInclusion({ G: new IdentityOperator(1, -1), laws: LawSet.uniform(lawFromSpec("sign"), 1) })
 */
export function createInclusion(spec: InclusionSpec): Inclusion {
  const { G, laws } = spec;
  const n = G.rows;
  const k = G.cols;
  if (n < 1) throw new InputError(`invalid argument: the network must have at least one state, got n = ${n}`);
  if (laws.k !== k) throw new InputError(`invalid argument: \`activation\` must describe ${k} units (the columns of G/W), got ${laws.k}`);
  const C = spec.C ?? new IdentityOperator(n);
  requireShape(C, k, n, "C");
  if (spec.B) requireShape(spec.B, n, n, "B");
  const d = spec.d ?? new Float64Array(k);
  if (d.length !== k) throw new InputError(`invalid argument: \`d\` must have length ${k}, got ${d.length}`);
  requireFinite(d, "d");
  if (spec.u instanceof Float64Array) {
    if (spec.u.length !== n) throw new InputError(`invalid argument: \`u\` must have length ${n}, got ${spec.u.length}`);
    requireFinite(spec.u, "u");
  }
  const names = (given: string[] | undefined, count: number, field: string) => {
    if (given && given.length !== count) throw new InputError(`invalid argument: \`${field}\` must have ${count} entries, got ${given.length}`);
    return given;
  };
  const givenStates = names(spec.stateNames, n, "stateNames");
  const givenUnits = names(spec.unitNames, k, "unitNames");
  // default names x1…, s1… are built on first use (large matrix-free networks seldom need them)
  let stateNames = givenStates;
  let unitNames = givenUnits;
  return {
    n,
    k,
    B: spec.B,
    u: spec.u,
    g: spec.g,
    G,
    C,
    d,
    laws,
    get stateNames() {
      return (stateNames ??= Array.from({ length: n }, (_, i) => `x${i + 1}`));
    },
    get unitNames() {
      return (unitNames ??= Array.from({ length: k }, (_, i) => `s${i + 1}`));
    },
  };
}

/** Scratch buffers for {@link smoothField}, allocated once per integrator. */
export interface FieldScratch {
  tmp: Float64Array;
}

/** Allocates the scratch of {@link smoothField} for an inclusion. */
export function fieldScratch(inc: Inclusion): FieldScratch {
  return { tmp: new Float64Array(inc.n) };
}

/** out = f(t, x) = −Bx + u(t) + g(t, x). No allocation. */
export function smoothField(inc: Inclusion, t: number, x: Float64Array, out: Float64Array, scratch: FieldScratch): Float64Array {
  const n = inc.n;
  if (inc.B) {
    inc.B.apply(x, out);
    for (let i = 0; i < n; i++) out[i] = -out[i];
  } else out.fill(0, 0, n);
  addInput(inc, t, out, scratch);
  if (inc.g) {
    inc.g(t, x, scratch.tmp);
    for (let i = 0; i < n; i++) out[i] += scratch.tmp[i];
  }
  return out;
}

/** out += α·u(t). No allocation. */
export function addInput(inc: Inclusion, t: number, out: Float64Array, scratch: FieldScratch, alpha = 1): Float64Array {
  const u = inc.u;
  if (!u) return out;
  const n = inc.n;
  if (u instanceof Float64Array) {
    for (let i = 0; i < n; i++) out[i] += alpha * u[i];
  } else {
    u(t, scratch.tmp);
    for (let i = 0; i < n; i++) out[i] += alpha * scratch.tmp[i];
  }
  return out;
}

/** y = C x − d. No allocation. */
export function switchingVariables(inc: Inclusion, x: Float64Array, y: Float64Array): Float64Array {
  inc.C.apply(x, y);
  for (let i = 0; i < inc.k; i++) y[i] -= inc.d[i];
  return y;
}
