/**
 * Multilayer networks with staircase (quantizer) or tanh hidden units, trained by back-propagation
 * with a surrogate derivative for the staircase (Findlay 1989). Float64Array kernels; the training
 * loop allocates nothing per sample.
 */
import { InputError } from "../../src/errors.ts";
import { createRng, shuffleInPlace } from "./random.ts";
import { quantizedTanh, staircaseValue, surrogateDerivative, type LevelScheme, type StaircaseActivation, type Surrogate } from "./staircase.ts";

/** The hidden-unit activation: smooth tanh, or a K-level staircase trained through a surrogate. */
export type HiddenActivation =
  | { kind: "tanh" }
  | { kind: "staircase"; levels: number; scheme?: LevelScheme; surrogate?: Surrogate };

/** Options of {@link trainNetwork}. */
export interface NetworkOptions {
  /** Widths of the hidden layers (default [16]). */
  hidden?: number[];
  /** Hidden activation (default tanh). */
  activation?: HiddenActivation;
  /** Epochs (default 300). */
  epochs?: number;
  /** Step size of SGD with momentum (default 0.05). */
  learningRate?: number;
  /** Momentum coefficient (default 0.9). */
  momentum?: number;
  /** Mini-batch size (default 16). */
  batchSize?: number;
  /** Seed of the initial weights and of the mini-batch order (default 1). */
  seed?: number;
}

/** A trained feed-forward network 2 → hidden… → 1 (a logit). */
export interface Network {
  /** Layer widths, input first, output (1) last. */
  readonly sizes: number[];
  /** All parameters, layer by layer: W_l (row-major, out × in) then b_l. */
  readonly params: Float64Array;
  /** Offset of W_l in `params`. */
  readonly wOffset: number[];
  /** Offset of b_l in `params`. */
  readonly bOffset: number[];
  /** The hidden activation. */
  readonly activation: HiddenActivation;
}

/** Result of {@link trainNetwork}. */
export interface NetworkResult {
  net: Network;
  /** Training accuracy at the end. */
  accuracy: number;
  /** Mean logistic loss at the end. */
  loss: number;
  /** Misclassified training points at the end. */
  mistakes: number;
  /** Epochs run. */
  epochs: number;
  /** Mean training loss after each epoch (index 0 = before training). */
  lossPerEpoch: Float64Array;
  /** Training accuracy after each epoch (index 0 = before training). */
  accuracyPerEpoch: Float64Array;
  /** Parameters after each epoch, row-major (epochs + 1) × params.length. */
  paramHistory: Float64Array;
}

/** Work buffers of one forward/backward pass (allocated once per network). */
interface Workspace {
  a: Float64Array[]; // pre-activations per layer
  h: Float64Array[]; // activations per layer (h[0] = input)
  delta: Float64Array[];
  stair: StaircaseActivation | null;
  surrogate: Surrogate;
}

function checkActivation(act: HiddenActivation): StaircaseActivation | null {
  if (act.kind === "tanh") return null;
  if (act.kind !== "staircase") throw new InputError(`invalid argument: \`activation.kind\` must be "tanh" or "staircase", got ${JSON.stringify((act as { kind: unknown }).kind)}`);
  const sur = act.surrogate ?? "envelope";
  if (sur !== "envelope" && sur !== "straight-through") throw new InputError(`invalid argument: \`activation.surrogate\` must be "envelope" or "straight-through", got ${JSON.stringify(sur)}`);
  return quantizedTanh(act.levels, act.scheme ?? "uniform");
}

function workspace(net: Network): Workspace {
  const stair = checkActivation(net.activation);
  return {
    a: net.sizes.map((s) => new Float64Array(s)),
    h: net.sizes.map((s) => new Float64Array(s)),
    delta: net.sizes.map((s) => new Float64Array(s)),
    stair,
    surrogate: net.activation.kind === "staircase" ? (net.activation.surrogate ?? "envelope") : "envelope",
  };
}

/** Forward pass of one input (x[off], x[off+1], …); returns the output logit. */
function forward(net: Network, ws: Workspace, x: Float64Array, off: number): number {
  const { sizes, params: p, wOffset, bOffset } = net;
  const L = sizes.length - 1;
  const h0 = ws.h[0];
  for (let j = 0; j < sizes[0]; j++) h0[j] = x[off + j];
  for (let l = 1; l <= L; l++) {
    const nin = sizes[l - 1];
    const nout = sizes[l];
    const hin = ws.h[l - 1];
    const a = ws.a[l];
    const h = ws.h[l];
    const wo = wOffset[l];
    const bo = bOffset[l];
    for (let i = 0; i < nout; i++) {
      let s = p[bo + i];
      const row = wo + i * nin;
      for (let j = 0; j < nin; j++) s += p[row + j] * hin[j];
      a[i] = s;
      h[i] = l === L ? s : ws.stair ? staircaseValue(ws.stair, s) : Math.tanh(s);
    }
  }
  return ws.a[L][0];
}

/** Back-propagates dLoss/dlogit = g, adding the gradient into `grad`. */
function backward(net: Network, ws: Workspace, g: number, grad: Float64Array): void {
  const { sizes, params: p, wOffset, bOffset } = net;
  const L = sizes.length - 1;
  ws.delta[L][0] = g;
  for (let l = L; l >= 1; l--) {
    const nin = sizes[l - 1];
    const nout = sizes[l];
    const d = ws.delta[l];
    const hin = ws.h[l - 1];
    const wo = wOffset[l];
    const bo = bOffset[l];
    for (let i = 0; i < nout; i++) {
      grad[bo + i] += d[i];
      const row = wo + i * nin;
      for (let j = 0; j < nin; j++) grad[row + j] += d[i] * hin[j];
    }
    if (l > 1) {
      const dprev = ws.delta[l - 1];
      const aprev = ws.a[l - 1];
      for (let j = 0; j < nin; j++) {
        let s = 0;
        for (let i = 0; i < nout; i++) s += p[wo + i * nin + j] * d[i];
        let slope: number;
        if (ws.stair) slope = surrogateDerivative(ws.surrogate, aprev[j]);
        else {
          const t = ws.h[l - 1][j];
          slope = 1 - t * t;
        }
        dprev[j] = s * slope;
      }
    }
  }
}

/** softplus(u) = log(1 + eᵘ), computed without overflow. */
function softplus(u: number): number {
  return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
}

/**
 * Creates a network with seeded N(0, 1/fan-in) weights and zero biases.
 * @param sizes - layer widths, input first; the last must be 1.
 * @param activation - hidden activation.
 * @param seed - weight seed.
 * @throws InputError for widths that are not positive integers, a last width other than 1, or a bad activation.
 */
export function createNetwork(sizes: number[], activation: HiddenActivation, seed: number): Network {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s <= 0)) throw new InputError(`invalid argument: \`sizes\` must be positive integers, got ${JSON.stringify(sizes)}`);
  if (sizes[sizes.length - 1] !== 1) throw new InputError(`invalid argument: \`sizes\` must end with 1 (one logit), got ${JSON.stringify(sizes)}`);
  checkActivation(activation);
  const wOffset = [0];
  const bOffset = [0];
  let total = 0;
  for (let l = 1; l < sizes.length; l++) {
    wOffset.push(total);
    total += sizes[l] * sizes[l - 1];
    bOffset.push(total);
    total += sizes[l];
  }
  const params = new Float64Array(total);
  const rng = createRng(seed);
  for (let l = 1; l < sizes.length; l++) {
    const sd = 1 / Math.sqrt(sizes[l - 1]);
    for (let k = 0; k < sizes[l] * sizes[l - 1]; k++) params[wOffset[l] + k] = sd * rng.normal();
  }
  return { sizes, params, wOffset, bOffset, activation };
}

/**
 * Output logits z(x) of `net` for n points (row-major, `net.sizes[0]` per row), written into `out`.
 * The predicted class is sgn z.
 * @throws InputError when the input length is not a multiple of the input width or `out` is too short.
 */
export function predictNetwork(net: Network, x: Float64Array, out?: Float64Array): Float64Array {
  const d = net.sizes[0];
  if (x.length % d !== 0) throw new InputError(`invalid argument: \`x\` length ${x.length} is not a multiple of the input width ${d}`);
  const n = x.length / d;
  const o = out ?? new Float64Array(n);
  if (o.length < n) throw new InputError(`invalid argument: \`out\` must have length ≥ ${n}, got ${o.length}`);
  const ws = workspace(net);
  for (let i = 0; i < n; i++) o[i] = forward(net, ws, x, i * d);
  return o;
}

/** Mean logistic loss and accuracy of `net` on (x, y). */
export function evaluateNetwork(net: Network, x: Float64Array, y: Float64Array): { loss: number; accuracy: number; mistakes: number } {
  const z = predictNetwork(net, x);
  let loss = 0;
  let ok = 0;
  for (let i = 0; i < y.length; i++) {
    loss += softplus(-y[i] * z[i]);
    if (y[i] * z[i] > 0) ok++;
  }
  return { loss: loss / y.length, accuracy: ok / y.length, mistakes: y.length - ok };
}

/**
 * Trains a network d → hidden… → 1 on labels ±1 by mini-batch back-propagation (SGD with momentum)
 * on the mean logistic loss ℓ = (1/n) Σ log(1 + exp(−yᵢ z(xᵢ))).
 *
 * Hidden layer l computes h_l = φ(a_l), a_l = W_l h_{l−1} + b_l. With φ = tanh this is ordinary
 * back-propagation: δ_{l−1} = (W_lᵀ δ_l) ⊙ φ'(a_{l−1}). With φ = Q, a K-level staircase
 * ({@link quantizedTanh}), φ' is 0 almost everywhere, so the backward pass uses a surrogate
 * (Findlay 1989): the derivative of the smooth envelope, 1 − tanh²(a), or the straight-through
 * estimator 1{|a| ≤ 1} (Bengio et al. 2013). As K → ∞, Q → tanh uniformly (|Q − tanh| ≤ 1/(K − 1))
 * and the envelope surrogate becomes exact, so the staircase network approaches the smooth one.
 * The same seed gives the same initial weights and mini-batch order for both activations.
 *
 * Findlay, D. A. (1989), Training networks with discontinuous activation functions, First IEE
 * International Conference on Artificial Neural Networks, 361–363. Rumelhart, Hinton & Williams (1986),
 * Learning representations by back-propagating errors, Nature 323.
 *
 * @param x - points, row-major n × d.
 * @param y - labels ±1.
 * @param d - input dimension.
 * @param options - architecture, activation, epochs, step, momentum, batch size, seed.
 * @throws InputError for mismatched sizes, labels other than ±1, epochs / batch size not positive integers, a learning rate or momentum out of range, or a bad activation.
 * @example trainNetwork(moons.x, moons.y, 2, { activation: { kind: "staircase", levels: 8 } }).accuracy // ≈ 0.99
 */
export function trainNetwork(x: Float64Array, y: Float64Array, d: number, options: NetworkOptions = {}): NetworkResult {
  const n = y.length;
  const hidden = options.hidden ?? [16];
  const act = options.activation ?? { kind: "tanh" };
  const epochs = options.epochs ?? 300;
  const lr = options.learningRate ?? 0.05;
  const mom = options.momentum ?? 0.9;
  const bs = Math.min(options.batchSize ?? 16, n);
  const seed = options.seed ?? 1;
  if (x.length !== n * d) throw new InputError(`invalid argument: \`x\` must have length n·d = ${n * d}, got ${x.length}`);
  for (let i = 0; i < n; i++) if (y[i] !== 1 && y[i] !== -1) throw new InputError(`invalid argument: \`y[${i}]\` must be −1 or +1, got ${y[i]}`);
  if (!Number.isInteger(epochs) || epochs <= 0) throw new InputError(`invalid argument: \`epochs\` must be a positive integer, got ${epochs}`);
  if (!Number.isFinite(lr) || lr <= 0) throw new InputError(`invalid argument: \`learningRate\` must be a finite positive number, got ${lr}`);
  if (!(mom >= 0 && mom < 1)) throw new InputError(`invalid argument: \`momentum\` must be in [0, 1), got ${mom}`);
  if (!Number.isInteger(bs) || bs <= 0) throw new InputError(`invalid argument: \`batchSize\` must be a positive integer, got ${options.batchSize}`);

  const net = createNetwork([d, ...hidden, 1], act, seed);
  const ws = workspace(net);
  const P = net.params.length;
  const grad = new Float64Array(P);
  const vel = new Float64Array(P);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = createRng(seed ^ 0x5bd1e995);
  const lossPerEpoch = new Float64Array(epochs + 1);
  const accPerEpoch = new Float64Array(epochs + 1);
  const history = new Float64Array((epochs + 1) * P);
  const record = (e: number): void => {
    let loss = 0;
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const z = forward(net, ws, x, i * d);
      loss += softplus(-y[i] * z);
      if (y[i] * z > 0) ok++;
    }
    lossPerEpoch[e] = loss / n;
    accPerEpoch[e] = ok / n;
    history.set(net.params, e * P);
  };
  record(0);
  for (let e = 1; e <= epochs; e++) {
    shuffleInPlace(order, rng);
    for (let start = 0; start < n; start += bs) {
      const end = Math.min(start + bs, n);
      grad.fill(0);
      for (let k = start; k < end; k++) {
        const i = order[k];
        const z = forward(net, ws, x, i * d);
        const u = -y[i] * z;
        // d/dz softplus(−y z) = −y σ(−y z)
        const sig = u > 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
        backward(net, ws, -y[i] * sig, grad);
      }
      const scale = lr / (end - start);
      const p = net.params;
      for (let k = 0; k < P; k++) {
        vel[k] = mom * vel[k] - scale * grad[k];
        p[k] += vel[k];
      }
    }
    record(e);
  }
  return {
    net,
    accuracy: accPerEpoch[epochs],
    loss: lossPerEpoch[epochs],
    mistakes: Math.round(n * (1 - accPerEpoch[epochs])),
    epochs,
    lossPerEpoch,
    accuracyPerEpoch: accPerEpoch,
    paramHistory: history,
  };
}

/**
 * Gradient of the mean logistic loss over (x, y) at the current parameters of `net`, by back-propagation
 * (with the surrogate for a staircase). Exposed so the gradient can be checked against finite differences.
 * @throws InputError for mismatched sizes.
 */
export function networkGradient(net: Network, x: Float64Array, y: Float64Array): Float64Array {
  const d = net.sizes[0];
  if (x.length !== y.length * d) throw new InputError(`invalid argument: \`x\` must have length n·d = ${y.length * d}, got ${x.length}`);
  const ws = workspace(net);
  const grad = new Float64Array(net.params.length);
  for (let i = 0; i < y.length; i++) {
    const z = forward(net, ws, x, i * d);
    const u = -y[i] * z;
    const sig = u > 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
    backward(net, ws, -y[i] * sig, grad);
  }
  for (let k = 0; k < grad.length; k++) grad[k] /= y.length;
  return grad;
}
