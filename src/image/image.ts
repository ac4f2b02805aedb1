/**
 * Images as channel planes: each channel a row-major `Float64Array` of intensities in [0, 1]
 * (pixel (row i, column j) at index `i·width + j`). Gray images have one channel, colour images three
 * (R, G, B); alpha is dropped on input.
 */
import { InputError } from "../errors.ts";

/** A gray (1 channel) or RGB (3 channels) image with intensities in [0, 1]. */
export interface Image {
  readonly width: number;
  readonly height: number;
  /** One row-major plane per channel, each of length width·height. */
  readonly channels: Float64Array[];
  /** Bit depth of the file it came from (8 or 16); used as the default output depth. */
  readonly bitDepth?: 8 | 16;
}

/** Largest accepted side length of an image (4096 pixels). */
export const MAX_IMAGE_SIDE = 4096;

/**
 * Builds an image from planes after checking their sizes.
 * @throws InputError when a plane has the wrong length or the channel count is not 1 or 3.
 */
export function makeImage(width: number, height: number, channels: Float64Array[], bitDepth?: 8 | 16): Image {
  if (channels.length !== 1 && channels.length !== 3) {
    throw new InputError(`invalid argument: an image must have 1 or 3 channels, got ${channels.length}`);
  }
  for (const [c, p] of channels.entries()) {
    if (p.length !== width * height) throw new InputError(`invalid argument: channel ${c} must have ${width}×${height} = ${width * height} values, got ${p.length}`);
  }
  return { width, height, channels, bitDepth };
}

/** A gray image from one plane. */
export function grayImage(width: number, height: number, data: Float64Array): Image {
  return makeImage(width, height, [data]);
}

/** A deep copy of an image with every channel mapped through `f` (a new plane per channel). */
export function mapChannels(img: Image, f: (plane: Float64Array, channel: number) => Float64Array): Image {
  return makeImage(img.width, img.height, img.channels.map((p, c) => f(p, c)), img.bitDepth);
}

/** Clips every value of `x` to [lo, hi] in place and returns it. */
export function clipInPlace(x: Float64Array, lo = 0, hi = 1): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    x[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return x;
}

/**
 * Throws unless two images have the same size and channel count.
 * @param what - names of the two images for the message, e.g. `["--reference", "observed image"]`.
 */
export function requireSameShape(a: Image, b: Image, what: [string, string]): void {
  if (a.width !== b.width || a.height !== b.height || a.channels.length !== b.channels.length) {
    throw new InputError(
      `invalid input: ${what[0]} is ${a.width}×${a.height}×${a.channels.length} but ${what[1]} is ${b.width}×${b.height}×${b.channels.length}; they must match`,
    );
  }
}
