/**
 * Licence-free test images generated in code (intensities in [0, 1]):
 * - `shepp-logan`: the modified Shepp–Logan head phantom (Toft's contrast, as MATLAB
 *   `phantom('Modified Shepp-Logan')`), ten ellipses on the [−1, 1]² grid, top of the head up;
 * - `shapes`: piecewise-constant rectangles, discs and a triangle on 4 grey levels;
 * - `gradient`: a smooth diagonal ramp with a bright disc and a dark bar (sharp edges on a smooth
 *   background, where total variation staircases);
 * - `color`: an RGB composition of the three (R = shapes, G = Shepp–Logan, B = gradient).
 */
import { InputError } from "../errors.ts";
import { makeImage, type Image } from "./image.ts";

/** The names accepted by {@link testImage}. */
export const TEST_IMAGES = ["shepp-logan", "shapes", "gradient", "color"] as const;
/** A test image name. */
export type TestImageName = (typeof TEST_IMAGES)[number];

// A, a, b, x0, y0, phi (degrees)
const MODIFIED_SHEPP_LOGAN: ReadonlyArray<readonly [number, number, number, number, number, number]> = [
  [1, 0.69, 0.92, 0, 0, 0],
  [-0.8, 0.6624, 0.874, 0, -0.0184, 0],
  [-0.2, 0.11, 0.31, 0.22, 0, -18],
  [-0.2, 0.16, 0.41, -0.22, 0, 18],
  [0.1, 0.21, 0.25, 0, 0.35, 0],
  [0.1, 0.046, 0.046, 0, 0.1, 0],
  [0.1, 0.046, 0.046, 0, -0.1, 0],
  [0.1, 0.046, 0.023, -0.08, -0.605, 0],
  [0.1, 0.023, 0.023, 0, -0.606, 0],
  [0.1, 0.023, 0.046, 0.06, -0.605, 0],
];

/** Modified Shepp–Logan phantom of size×size (row 0 is y = +1, column 0 is x = −1). */
export function sheppLogan(size: number): Float64Array {
  const out = new Float64Array(size * size);
  const h = (size - 1) / 2 || 1;
  for (let i = 0; i < size; i++) {
    const y = (h - i) / h;
    for (let j = 0; j < size; j++) {
      const x = (j - h) / h;
      let v = 0;
      for (const [A, a, b, x0, y0, phi] of MODIFIED_SHEPP_LOGAN) {
        const c = Math.cos((phi * Math.PI) / 180);
        const s = Math.sin((phi * Math.PI) / 180);
        const u = (x - x0) * c + (y - y0) * s;
        const w = -(x - x0) * s + (y - y0) * c;
        if ((u * u) / (a * a) + (w * w) / (b * b) <= 1) v += A;
      }
      out[i * size + j] = Math.min(1, Math.max(0, v));
    }
  }
  return out;
}

/** Piecewise-constant shapes on 4 grey levels (0.1, 0.4, 0.7, 0.95), size×size. */
export function shapes(size: number): Float64Array {
  const out = new Float64Array(size * size).fill(0.1);
  for (let i = 0; i < size; i++) {
    const y = i / size;
    for (let j = 0; j < size; j++) {
      const x = j / size;
      let v = 0.1;
      if (x > 0.1 && x < 0.45 && y > 0.12 && y < 0.4) v = 0.7;
      if ((x - 0.7) ** 2 + (y - 0.3) ** 2 < 0.18 ** 2) v = 0.95;
      if ((x - 0.72) ** 2 + (y - 0.3) ** 2 < 0.07 ** 2) v = 0.4;
      // triangle with vertices (0.15, 0.9), (0.5, 0.9), (0.32, 0.55)
      if (y < 0.9 && y > 0.55 + Math.abs(x - 0.325) * 2) v = 0.4;
      if (x > 0.6 && x < 0.9 && y > 0.62 && y < 0.88) v = 0.7;
      if (x > 0.68 && x < 0.82 && y > 0.7 && y < 0.8) v = 0.1;
      out[i * size + j] = v;
    }
  }
  return out;
}

/** A smooth diagonal ramp (0.15 → 0.85) with a bright disc and a dark bar, size×size. */
export function gradientImage(size: number): Float64Array {
  const out = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    const y = i / size;
    for (let j = 0; j < size; j++) {
      const x = j / size;
      let v = 0.15 + 0.35 * (x + y);
      if ((x - 0.3) ** 2 + (y - 0.35) ** 2 < 0.15 ** 2) v = 0.95;
      if (x > 0.55 && x < 0.85 && y > 0.6 && y < 0.7) v = 0.05;
      out[i * size + j] = v;
    }
  }
  return out;
}

/**
 * A named test image of size×size.
 * @throws InputError for an unknown name or a size outside [8, 4096].
 */
export function testImage(name: string, size: number): Image {
  if (!Number.isInteger(size) || size < 8 || size > 4096) throw new InputError(`invalid option: \`--size\` must be an integer in [8, 4096], got ${size}`);
  switch (name) {
    case "shepp-logan":
      return makeImage(size, size, [sheppLogan(size)]);
    case "shapes":
      return makeImage(size, size, [shapes(size)]);
    case "gradient":
      return makeImage(size, size, [gradientImage(size)]);
    case "color":
      return makeImage(size, size, [shapes(size), sheppLogan(size), gradientImage(size)]);
    default:
      throw new InputError(`invalid option: \`--image\` must be one of ${TEST_IMAGES.join(", ")}, got ${JSON.stringify(name)}`);
  }
}
