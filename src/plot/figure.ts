/**
 * Figures are Plotly JSON built in Node (traces + layout); the page renders them with the
 * plotly.js-dist bundle. Nothing here imports Plotly itself (it is a browser bundle).
 */

/** One Plotly trace (scatter, heatmap, ...), as plain JSON. */
export type Trace = Record<string, unknown> & { type?: string };

/** A figure: a title, its traces and a Plotly layout. */
export interface Figure {
  title: string;
  data: Trace[];
  layout: Record<string, unknown>;
}

/** Typed arrays become plain arrays for JSON. */
export function plain(values: ArrayLike<number>): number[] {
  return Array.from(values);
}
