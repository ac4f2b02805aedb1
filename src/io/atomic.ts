/**
 * Atomic output files: write to a temporary file in the same folder, then rename. A failed run
 * never leaves a half-written file behind.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { InputError } from "../errors.ts";

/**
 * Checks that `path` can be written: its folder exists (or is created when `createDir`) and is a folder.
 * @throws InputError naming the option and the path.
 */
export function requireWritable(path: string, option: string, createDir = false): void {
  const dir = dirname(path);
  if (!existsSync(dir)) {
    if (createDir) mkdirSync(dir, { recursive: true });
    else throw new InputError(`invalid option: \`${option}\` ${JSON.stringify(path)}: folder ${JSON.stringify(dir)} does not exist`);
  }
  if (!statSync(dir).isDirectory()) throw new InputError(`invalid option: \`${option}\` ${JSON.stringify(path)}: ${JSON.stringify(dir)} is not a folder`);
}

/**
 * Writes `data` to `path` atomically (temp file + rename in the same folder).
 * @throws InputError when the folder is missing or not writable.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, option = "output"): void {
  requireWritable(path, option);
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Date.now()}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (err.code === "EACCES" || err.code === "EROFS" || err.code === "ENOENT" || err.code === "EISDIR") {
      throw new InputError(`invalid option: \`${option}\` ${JSON.stringify(path)} cannot be written (${err.code})`);
    }
    throw e;
  }
}
