/**
 * PNG input and output through `pngjs`: 1/2/4/8/16-bit gray, gray+alpha, RGB, RGBA and palette
 * images are read into [0, 1] intensities (alpha ignored; gray stays one channel, everything else
 * becomes RGB). Output is 8- or 16-bit gray or RGB, written atomically.
 */
import { readFileSync, existsSync, statSync } from "node:fs";
import { PNG } from "pngjs";
import { InputError } from "../errors.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { MAX_IMAGE_SIDE, makeImage, type Image } from "./image.ts";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The IHDR fields of a PNG file. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

/**
 * Reads and checks the PNG signature and header (IHDR) without decoding the pixels.
 * @param name - the file name, for messages.
 * @throws InputError when the bytes are not a PNG, are truncated, or the size is zero or larger than {@link MAX_IMAGE_SIDE}.
 */
export function readPngHeader(bytes: Uint8Array, name: string): PngHeader {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new InputError(`${name}: not a PNG file (bad signature)`);
  }
  if (bytes.length < 33) throw new InputError(`${name}: truncated PNG file (${bytes.length} bytes, no complete header)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (tag !== "IHDR") throw new InputError(`${name}: not a valid PNG file (first chunk is ${JSON.stringify(tag)}, expected "IHDR")`);
  const width = dv.getUint32(16);
  const height = dv.getUint32(20);
  if (width === 0 || height === 0) throw new InputError(`${name}: image size must be positive, got ${width}×${height}`);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new InputError(`${name}: image is ${width}×${height}, larger than the limit ${MAX_IMAGE_SIDE}×${MAX_IMAGE_SIDE}`);
  }
  return { width, height, bitDepth: bytes[24], colorType: bytes[25] };
}

/**
 * Decodes PNG bytes into an {@link Image} with intensities in [0, 1].
 * Gray and gray+alpha files give one channel; RGB, RGBA and palette files three. Alpha is ignored.
 * @param name - the file name, for messages.
 * @throws InputError for anything that is not a complete, valid PNG within the size limit.
 */
export function decodePng(bytes: Uint8Array, name = "image"): Image {
  const header = readPngHeader(bytes, name);
  const sixteen = header.bitDepth === 16;
  let png: ReturnType<typeof PNG.sync.read>;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: sixteen });
  } catch (e) {
    const msg = String((e as Error).message ?? e).split("\n")[0];
    throw new InputError(`${name}: invalid or truncated PNG file (${msg})`);
  }
  const { width, height } = png;
  const n = width * height;
  const gray = header.colorType === 0 || header.colorType === 4;
  const data = png.data as unknown as ArrayLike<number>;
  if (data.length < 4 * n) throw new InputError(`${name}: truncated PNG file (decoded ${data.length} of ${4 * n} samples)`);
  const scale = sixteen ? 1 / 65535 : 1 / 255;
  const planes = gray ? [new Float64Array(n)] : [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < planes.length; c++) planes[c][p] = data[4 * p + c] * scale;
  }
  return makeImage(width, height, planes, sixteen ? 16 : 8);
}

/**
 * Reads a PNG file.
 * @param option - the option or argument that named the file, for messages (e.g. `--reference`).
 * @throws InputError when the file is missing, not a PNG, truncated, empty or too large.
 */
export function readPng(path: string, option = "input"): Image {
  const name = `${option} ${JSON.stringify(path)}`;
  if (!existsSync(path)) throw new InputError(`${name}: file not found`);
  if (!statSync(path).isFile()) throw new InputError(`${name}: not a file`);
  return decodePng(readFileSync(path), name);
}

/**
 * Encodes an image as PNG (values clipped to [0, 1] and rounded).
 * @param bitDepth - 8 or 16; default: the image's own depth, else 8.
 */
export function encodePng(img: Image, bitDepth: 8 | 16 = img.bitDepth ?? 8): Uint8Array {
  const { width, height } = img;
  const n = width * height;
  const nc = img.channels.length;
  const max = bitDepth === 16 ? 65535 : 255;
  const q = (v: number) => Math.round((v < 0 ? 0 : v > 1 ? 1 : Number.isNaN(v) ? 0 : v) * max);
  let input: Buffer;
  if (bitDepth === 16) {
    const u16 = new Uint16Array(n * nc);
    for (let p = 0; p < n; p++) for (let c = 0; c < nc; c++) u16[p * nc + c] = q(img.channels[c][p]);
    input = Buffer.from(u16.buffer);
  } else {
    input = Buffer.alloc(n * nc);
    for (let p = 0; p < n; p++) for (let c = 0; c < nc; c++) input[p * nc + c] = q(img.channels[c][p]);
  }
  const colorType = nc === 1 ? 0 : 2;
  const png = new PNG({ width, height, bitDepth, colorType, inputColorType: colorType, inputHasAlpha: false });
  png.data = input;
  return new Uint8Array(PNG.sync.write(png, { bitDepth, colorType, inputColorType: colorType, inputHasAlpha: false }));
}

/**
 * Writes an image as a PNG file atomically (no partial file on failure).
 * @param option - the option that named the file, for messages (e.g. `--out`).
 */
export function writePng(path: string, img: Image, bitDepth?: 8 | 16, option = "--out"): void {
  writeFileAtomic(path, encodePng(img, bitDepth), option);
}
