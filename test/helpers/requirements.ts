/**
 * External programs some suites need (Debian `chromium`, `jupyter-nbconvert`). On a developer
 * machine without them those suites are skipped with a one-line notice; with CI=true they run and
 * fail, because CI installs them.
 */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { chromiumAvailable, chromiumPath } from "../../src/plot/browser.ts";

/** Whether the CI environment variable says we run in CI. */
export const inCI = process.env.CI === "true";

function jupyterAvailable(): boolean {
  if (!existsSync("/usr/bin/jupyter") && spawnSync("sh", ["-c", "command -v jupyter"]).status !== 0) return false;
  return spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" }).status === 0;
}

const tools = {
  chromium: { available: chromiumAvailable, hint: () => `Chromium (${chromiumPath()}): apt-get install chromium` },
  jupyter: { available: jupyterAvailable, hint: () => "Jupyter nbconvert: apt-get install --no-install-recommends jupyter-nbconvert jupyter-client" },
};

/**
 * Whether the suite needing `tool` should be skipped: true (after printing a one-line notice) when
 * the tool is missing and CI is not set; false when it is present or when CI=true.
 */
export function skipWithout(tool: keyof typeof tools, suite: string): boolean {
  if (tools[tool].available()) return false;
  if (inCI) return false;
  process.stderr.write(`skipping ${suite}: missing ${tools[tool].hint()}\n`);
  return true;
}

/** Whether `tool` is installed (for a test asserting it in CI). */
export function hasTool(tool: keyof typeof tools): boolean {
  return tools[tool].available();
}

/** The install hint of `tool`. */
export function installHint(tool: keyof typeof tools): string {
  return tools[tool].hint();
}
