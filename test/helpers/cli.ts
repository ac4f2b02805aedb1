/** Runs the `filippov` command as a user would, capturing stdout, stderr and the exit code. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/filippov.js ...args` from `cwd` (default: the repository root). */
export function runCli(args: string[], cwd = repoRoot, timeoutMs = 120_000): CliResult {
  const r = spawnSync(process.execPath, [join(repoRoot, "bin", "filippov.js"), ...args], {
    cwd,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
