import { describe, expect, it, beforeAll } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodePng, encodePng } from "../../src/image/png.ts";
import { makeImage } from "../../src/image/image.ts";
import { Random } from "../../src/random.ts";
import { runCli } from "../helpers/cli.ts";
import { InputError } from "../../src/errors.ts";
import { medianFilter } from "../../src/image/filters.ts";
import { psnr } from "../../src/image/metrics.ts";

const dir = mkdtempSync(join(tmpdir(), "filippov-imaging-"));

describe("PNG input/output", () => {
  it("round-trips 8-bit gray, 8-bit RGB and 16-bit gray to the quantization step", () => {
    const r = new Random(1);
    const p = () => Float64Array.from({ length: 35 }, () => r.uniform());
    for (const [img, bits] of [[makeImage(7, 5, [p()]), 8], [makeImage(7, 5, [p(), p(), p()]), 8], [makeImage(7, 5, [p()]), 16]] as const) {
      const back = decodePng(encodePng(img, bits));
      expect(back.width).toBe(7);
      expect(back.channels.length).toBe(img.channels.length);
      expect(back.bitDepth).toBe(bits);
      const q = bits === 16 ? 65535 : 255;
      img.channels.forEach((c, k) => c.forEach((v, j) => expect(Math.abs(back.channels[k][j] - v)).toBeLessThanOrEqual(0.5 / q + 1e-12)));
    }
  });
  it("rejects non-PNG, truncated, zero-size and huge images with the file named", () => {
    const good = encodePng(makeImage(4, 4, [new Float64Array(16).fill(0.5)]), 8);
    expect(() => decodePng(new TextEncoder().encode("hello, not a png"), "x.png")).toThrow(/x\.png: not a PNG/);
    expect(() => decodePng(good.slice(0, good.length - 20), "t.png")).toThrow(InputError);
    const zero = Uint8Array.from(good);
    new DataView(zero.buffer).setUint32(16, 0);
    expect(() => decodePng(zero, "z.png")).toThrow(/z\.png: image size must be positive/);
    const huge = Uint8Array.from(good);
    new DataView(huge.buffer).setUint32(20, 5000);
    expect(() => decodePng(huge, "h.png")).toThrow(/larger than the limit 4096/);
  });
});

describe("filippov phantom / degrade / restore", () => {
  const clean = join(dir, "clean.png");
  const obs = join(dir, "obs.png");
  beforeAll(() => {
    const r = runCli(["phantom", "--size", "40", "--image", "shapes", "--out", clean]);
    expect(r.code, r.stderr).toBe(0);
  });
  it("degrade is reproducible from the seed", () => {
    const a = runCli(["degrade", clean, "--blur", "none", "--noise", "salt-pepper:0.2", "--seed", "5", "--out", obs]);
    expect(a.code, a.stderr).toBe(0);
    const bytes = readFileSync(obs);
    const b = runCli(["degrade", clean, "--noise", "salt-pepper:0.2", "--seed", "5", "--out", join(dir, "obs2.png")]);
    expect(b.code).toBe(0);
    expect(Buffer.compare(bytes, readFileSync(join(dir, "obs2.png")))).toBe(0);
    const c = runCli(["degrade", clean, "--noise", "salt-pepper:0.2", "--seed", "6", "--out", join(dir, "obs3.png")]);
    expect(c.code).toBe(0);
    expect(Buffer.compare(bytes, readFileSync(join(dir, "obs3.png")))).not.toBe(0);
  });
  it("restore --json prints one object with the documented keys and improves the image", () => {
    const out = join(dir, "rest.png");
    const r = runCli(["restore", obs, "--reference", clean, "--out", out, "--json", "--report", join(dir, "r.html")]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.length).toBe(1);
    const j = JSON.parse(lines[0]);
    for (const k of ["psnr", "ssim", "psnrObserved", "isnr", "lambda", "objective", "steps", "seconds"]) expect(j).toHaveProperty(k);
    // beats the 3×3 median filter on the same observation by at least 1.5 dB
    const c = decodePng(readFileSync(clean));
    const g = decodePng(readFileSync(obs));
    const med = medianFilter(g.channels[0], g.width, g.height, 3);
    expect(j.psnr).toBeGreaterThan(psnr(c.channels[0], med) + 1.5);
    expect(j.isnr).toBeCloseTo(j.psnr - j.psnrObserved, 6);
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    expect(html).toContain("Energy vs time");
    expect(html).toContain("data:image/png;base64");
  });
  it("restores RGB images per channel", () => {
    const rgb = join(dir, "rgb.png");
    expect(runCli(["phantom", "--size", "24", "--image", "color", "--out", rgb]).code).toBe(0);
    const o = join(dir, "rgb-obs.png");
    expect(runCli(["degrade", rgb, "--noise", "salt-pepper:0.1", "--seed", "2", "--out", o]).code).toBe(0);
    const r = runCli(["restore", o, "--reference", rgb, "--out", join(dir, "rgb-out.png"), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.channels).toBe(3);
    expect(j.psnr).toBeGreaterThan(j.psnrObserved + 4);
  });
  it("bad input: exit 2, one line naming the file/option and value, no output file", () => {
    const notPng = join(dir, "not.png");
    writeFileSync(notPng, "this is text");
    const truncated = join(dir, "trunc.png");
    writeFileSync(truncated, readFileSync(clean).subarray(0, 60));
    const before = new Set(readdirSync(dir));
    const cases: Array<[string[], RegExp]> = [
      [["restore", notPng, "--out", join(dir, "o1.png")], /not\.png.*not a PNG/],
      [["restore", truncated, "--out", join(dir, "o2.png")], /trunc\.png.*(truncated|invalid)/],
      [["degrade", clean, "--blur", "gaussian:-1:7", "--out", join(dir, "o3.png")], /`--blur` "gaussian:-1:7"/],
      [["degrade", clean, "--blur", "box:41", "--out", join(dir, "o4.png")], /`--blur` "box:41".*larger than the image/],
      [["restore", obs, "--blur", "gaussian:2:99", "--out", join(dir, "o5.png")], /`--blur`.*larger than the image/],
      [["restore", obs, "--lambda", "-3", "--out", join(dir, "o6.png")], /`--lambda`.*"-3"/],
      [["degrade", clean, "--noise", "salt-pepper:2", "--out", join(dir, "o7.png")], /`--noise` "salt-pepper:2"/],
      [["restore", join(dir, "missing.png"), "--out", join(dir, "o8.png")], /missing\.png.*not found/],
      [["restore", obs, "--fidelity", "l3", "--out", join(dir, "o9.png")], /`--fidelity`.*"l3"/],
    ];
    for (const [args, re] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n").length).toBe(1);
      expect(r.stderr).toMatch(re);
    }
    expect(new Set(readdirSync(dir))).toEqual(before);
  });
});
