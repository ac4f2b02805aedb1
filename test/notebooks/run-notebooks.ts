/**
 * `npm run notebooks [-- name ...]`: executes the notebooks in `notebooks/` headless with Debian's
 * `jupyter nbconvert` and the Deno kernel kept in `jupyter/kernels/deno` (found through
 * JUPYTER_PATH; `deno` comes from node_modules/.bin), writing the executed copies to
 * `out/notebooks/`, and type-checks their cells (`nbconvert --to script` + `deno check`, with the
 * script copied next to the notebooks so that `../src/index.ts` resolves). Fails (exit code 1) on
 * any cell error, type error or cell without output; exit code 2 when Jupyter is missing.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = resolve(fileURLToPath(import.meta.url), "..", "..", "..");
const nbDir = join(repo, "notebooks");
const outDir = join(repo, "out", "notebooks");

/**
 * The notebooks that are run, in order. A notebook whose API is not available yet stays out of
 * this list (see docs/plots.md).
 */
export const NOTEBOOKS = ["01-sliding-modes.ipynb", "02-lp-qp.ipynb", "03-image-restoration.ipynb", "04-convergence-study.ipynb"];

/** The install hint printed when Jupyter is missing. */
export const JUPYTER_HINT = "install it with `apt-get install --no-install-recommends jupyter-nbconvert jupyter-client`";

/** Environment for jupyter and the Deno kernel. */
function env(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    JUPYTER_PATH: [join(repo, "jupyter"), process.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
    PATH: [join(repo, "node_modules", ".bin"), process.env.PATH].filter(Boolean).join(delimiter),
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
}

/** Whether `jupyter nbconvert` can be run. */
export function jupyterAvailable(): boolean {
  const r = spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8", env: env() });
  return r.status === 0;
}

function run(cmd: string, args: string[], label: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: repo, env: env(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (e) => done({ code: 127, output: `${label}: ${e.message}` }));
    child.on("close", (code) => done({ code: code ?? 1, output }));
  });
}

/** Problems found in an executed notebook: error outputs and code cells without any output. */
export function checkExecuted(path: string): string[] {
  const nb = JSON.parse(readFileSync(path, "utf8")) as { cells: Array<{ cell_type: string; source: string[] | string; outputs?: Array<{ output_type: string; ename?: string; evalue?: string }> }> };
  const problems: string[] = [];
  nb.cells.forEach((c, i) => {
    if (c.cell_type !== "code") return;
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    if (src.trim() === "") return;
    const outs = c.outputs ?? [];
    for (const o of outs) if (o.output_type === "error") problems.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
    if (outs.length === 0) problems.push(`cell ${i} has no output (end every cell with an awaited show...() call)`);
  });
  return problems;
}

/** Result of {@link runNotebooks}. */
export interface NotebookRun {
  ok: boolean;
  /** Executed notebooks (paths under out/notebooks). */
  executed: string[];
  /** One line per problem. */
  problems: string[];
  seconds: number;
}

/**
 * Type-checks and executes the notebooks (default: {@link NOTEBOOKS}); never throws for notebook
 * errors, returns them in `problems`.
 */
export async function runNotebooks(names: string[] = NOTEBOOKS, log: (s: string) => void = () => undefined): Promise<NotebookRun> {
  const t0 = performance.now();
  const problems: string[] = [];
  const paths = names.map((n) => join(nbDir, n.endsWith(".ipynb") ? n : `${n}.ipynb`));
  for (const p of paths) if (!existsSync(p)) problems.push(`${p}: no such notebook`);
  if (problems.length) return { ok: false, executed: [], problems, seconds: 0 };
  mkdirSync(outDir, { recursive: true });

  // type check: notebook -> script -> copied beside the notebooks -> deno check
  const typeCheck = (async () => {
    const checkDir = join(nbDir, ".check");
    const conv = await run("jupyter", ["nbconvert", "--log-level=WARN", "--to", "script", "--output-dir", checkDir, ...paths], "nbconvert --to script");
    if (conv.code !== 0) return [`nbconvert --to script failed:\n${conv.output.trim()}`];
    const copies = paths.map((p) => {
      const base = p.slice(nbDir.length + 1).replace(/\.ipynb$/, "");
      const copy = join(nbDir, `_check_${base}.ts`);
      copyFileSync(join(checkDir, `${base}.ts`), copy);
      return copy;
    });
    try {
      const chk = await run("deno", ["check", "--quiet", ...copies], "deno check");
      log(`type check: ${chk.code === 0 ? "ok" : "failed"}`);
      return chk.code === 0 ? [] : [`deno check of the notebook cells failed:\n${chk.output.trim()}`];
    } finally {
      for (const c of copies) rmSync(c, { force: true });
      rmSync(checkDir, { recursive: true, force: true });
    }
  })();

  // execute, two at a time
  const executed: string[] = [];
  const queue = [...paths];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const name = p.slice(nbDir.length + 1);
      const started = performance.now();
      const out = join(outDir, name);
      let r = { code: 0, output: "" };
      let found: string[] = [];
      // a cell whose output went missing (the kernel's late-output race, rare under heavy load) is
      // retried once; errors are never retried
      for (let attempt = 1; attempt <= 2; attempt++) {
        r = await run(
          "jupyter",
          ["nbconvert", "--log-level=WARN", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.kernel_name=deno", "--output-dir", outDir, p],
          "nbconvert --execute",
        );
        if (r.code !== 0) break;
        found = checkExecuted(out).map((s) => `${name}: ${s}`);
        if (found.length === 0 || !found.every((f) => f.includes("has no output"))) break;
        if (attempt === 1) log(`${name}: ${found.join("; ")}; running it again`);
      }
      if (r.code !== 0) {
        problems.push(`${name}: execution failed (nbconvert exit code ${r.code}):\n${r.output.trim().split("\n").slice(-40).join("\n")}`);
        continue;
      }
      problems.push(...found);
      executed.push(out);
      log(`${name}: ${found.length ? "problems" : "ok"} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  };
  await Promise.all([worker(), worker()]);
  problems.push(...(await typeCheck));
  return { ok: problems.length === 0, executed, problems, seconds: (performance.now() - t0) / 1000 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (!jupyterAvailable()) {
    process.stderr.write(`notebooks: \`jupyter nbconvert\` not found; ${JUPYTER_HINT}\n`);
    process.exit(2);
  }
  const wanted = process.argv.slice(2);
  const result = await runNotebooks(wanted.length ? wanted : NOTEBOOKS, (s) => process.stderr.write(`notebooks: ${s}\n`));
  for (const p of result.problems) process.stderr.write(`notebooks: ${p}\n`);
  process.stderr.write(`notebooks: ${result.executed.length} executed into out/notebooks, ${result.problems.length} problem(s), ${result.seconds.toFixed(1)} s\n`);
  process.exit(result.ok ? 0 : 1);
}
