/**
 * Runs the `npm run notebooks` logic: every notebook in the run list executes top to bottom under
 * the Deno kernel with no error and an output in every code cell, and its cells type-check.
 * Skipped with a notice when Jupyter is missing, unless CI=true.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/cli.ts";
import { hasTool, installHint, skipWithout } from "../helpers/requirements.ts";
import { NOTEBOOKS, runNotebooks } from "./run-notebooks.ts";

const skip = skipWithout("jupyter", "notebook tests");

describe("notebooks", () => {
  it("the kernel spec is kept in the repository and every listed notebook exists and imports only the public API", () => {
    const spec = JSON.parse(readFileSync(join(repoRoot, "jupyter", "kernels", "deno", "kernel.json"), "utf8")) as { argv: string[] };
    expect(spec.argv).toEqual(["deno", "jupyter", "--kernel", "--conn", "{connection_file}"]);
    for (const name of NOTEBOOKS) {
      const path = join(repoRoot, "notebooks", name);
      expect(existsSync(path), name).toBe(true);
      const nb = JSON.parse(readFileSync(path, "utf8")) as { cells: Array<{ cell_type: string; source: string[] }>; metadata: { kernelspec: { name: string } } };
      expect(nb.metadata.kernelspec.name).toBe("deno");
      const code = nb.cells.filter((c) => c.cell_type === "code").map((c) => c.source.join(""));
      const imports = code.join("\n").match(/from\s+"([^"]+)"/g) ?? [];
      for (const imp of imports) expect(imp, name).toBe('from "../src/index.ts"');
      for (const [i, src] of code.entries()) expect(src.trim().split("\n").pop(), `${name} code cell ${i} must end with an awaited display`).toMatch(/await show|^\s*}\s*$|^\s*\);\s*$/);
    }
    expect(readdirSync(join(repoRoot, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort()).toEqual(expect.arrayContaining([...NOTEBOOKS].sort()));
  });

  it.skipIf(skip)("execute headless and type-check (npm run notebooks)", async () => {
    expect(hasTool("jupyter"), `CI needs ${installHint("jupyter")}`).toBe(true);
    const result = await runNotebooks();
    expect(result.problems).toEqual([]);
    expect(result.executed).toHaveLength(NOTEBOOKS.length);
  }, 300_000);
});
