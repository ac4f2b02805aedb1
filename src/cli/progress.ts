/**
 * A progress bar on stderr for long runs, shown only when stderr is a terminal (never in `--json`
 * pipelines or CI logs).
 */
import cliProgress from "cli-progress";

/** A progress reporter: `update(fraction)` with fraction in [0, 1], then `stop()`. */
export interface Progress {
  update(fraction: number): void;
  stop(): void;
}

/** Starts a progress bar labelled `label` when stderr is a TTY; otherwise a no-op reporter. */
export function startProgress(label: string): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {duration_formatted} elapsed | eta {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0);
  let last = -1;
  return {
    update(fraction: number) {
      const v = Math.round(Math.min(1, Math.max(0, fraction)) * 1000);
      if (v !== last) {
        last = v;
        bar.update(v);
      }
    },
    stop() {
      bar.stop();
    },
  };
}
