/**
 * `npm run bench [-- name ...]`: runs every `bench/*.bench.ts` (or the named ones), writes each
 * result to `out/bench/<name>.json` and prints one JSON object `{ "<name>": result, ... }` on stdout.
 * Each bench module exports `run(): Promise<object>`; progress goes to stderr.
 */
import { readdirSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, "")))
  .sort();
mkdirSync("out/bench", { recursive: true });
const all: Record<string, unknown> = {};
for (const f of files) {
  const name = f.replace(/\.bench\.ts$/, "");
  process.stderr.write(`bench ${name} ...\n`);
  const mod = (await import(join(here, f))) as { run: () => Promise<object> };
  const t0 = performance.now();
  const result = await mod.run();
  const entry = { ...result, benchSeconds: (performance.now() - t0) / 1000 };
  writeFileSync(join("out/bench", `${name}.json`), JSON.stringify(entry, null, 2));
  all[name] = entry;
}
process.stdout.write(JSON.stringify(all) + "\n");
