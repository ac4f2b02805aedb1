/**
 * Noise models and the degradation g = clip(N(H x)) of the restoration experiments:
 * - `gaussian:STD`: g = Hx + STD·n, n ~ N(0, 1) i.i.d.;
 * - `salt-pepper:DENSITY`: each pixel independently replaced with probability DENSITY, by 0 or 1 with
 *   equal probability (half black, half white);
 * - `impulse:DENSITY`: each pixel independently replaced with probability DENSITY by a uniform
 *   [0, 1) value (random-valued impulse noise).
 * Results are clipped to [0, 1] (they are stored as images). Reproducible from the seed ({@link Random}).
 */
import { InputError } from "../errors.ts";
import { Random } from "../random.ts";

/** A parsed noise specification. */
export type NoiseSpec =
  | { type: "none" }
  | { type: "gaussian"; std: number }
  | { type: "salt-pepper"; density: number }
  | { type: "impulse"; density: number };

/**
 * Parses `none`, `gaussian:STD` (STD ≥ 0), `salt-pepper:DENSITY` or `impulse:DENSITY` (DENSITY in [0, 1]).
 * @throws InputError naming the option and value.
 */
export function parseNoise(text: string, option = "--noise"): NoiseSpec {
  const bad = (why: string): never => {
    throw new InputError(`invalid option: \`${option}\` ${JSON.stringify(text)}: ${why}; expected none, gaussian:STD, salt-pepper:DENSITY or impulse:DENSITY`);
  };
  const parts = text.trim().split(":");
  const num = (s: string | undefined, what: string, ok: (v: number) => boolean, range: string) => {
    const v = Number(s);
    if (s === undefined || s.trim() === "" || !Number.isFinite(v) || !ok(v)) bad(`${what} must be ${range}, got ${JSON.stringify(s ?? "")}`);
    return v;
  };
  switch (parts[0]) {
    case "none":
      if (parts.length !== 1) bad("`none` takes no parameters");
      return { type: "none" };
    case "gaussian":
      if (parts.length !== 2) bad("Gaussian noise needs STD");
      return { type: "gaussian", std: num(parts[1], "STD", (v) => v >= 0, "a non-negative number") };
    case "salt-pepper":
    case "impulse":
      if (parts.length !== 2) bad(`${parts[0]} noise needs DENSITY`);
      return { type: parts[0], density: num(parts[1], "DENSITY", (v) => v >= 0 && v <= 1, "a number in [0, 1]") };
    default:
      return bad(`unknown noise type ${JSON.stringify(parts[0])}`);
  }
}

/** The canonical text of a noise spec (inverse of {@link parseNoise}). */
export function formatNoise(s: NoiseSpec): string {
  return s.type === "none" ? "none" : s.type === "gaussian" ? `gaussian:${s.std}` : `${s.type}:${s.density}`;
}

/**
 * Adds noise to `x` in place (then clips to [0, 1]) using `rng`; returns `x`.
 * Pixels are visited in order, so the result depends only on the seed and the image size.
 */
export function addNoise(x: Float64Array, spec: NoiseSpec, rng: Random): Float64Array {
  const n = x.length;
  switch (spec.type) {
    case "none":
      break;
    case "gaussian":
      for (let i = 0; i < n; i++) x[i] += spec.std * rng.normal();
      break;
    case "salt-pepper":
      for (let i = 0; i < n; i++) {
        if (rng.uniform() < spec.density) x[i] = rng.uniform() < 0.5 ? 0 : 1;
      }
      break;
    case "impulse":
      for (let i = 0; i < n; i++) {
        if (rng.uniform() < spec.density) x[i] = rng.uniform();
      }
      break;
  }
  for (let i = 0; i < n; i++) x[i] = x[i] < 0 ? 0 : x[i] > 1 ? 1 : x[i];
  return x;
}
