/**
 * The network inclusion dx/dt ∈ f(t, x) + G s, s ∈ Law(Cx − d) as a mode-switching system for the
 * event-driven engine (`hybrid-engine.ts`).
 *
 * A *mode* is the piece of every unit's law (see `LawSet.piece`): a unit on a flat piece keeps its
 * value s_i = v_j; the units on their switching surfaces (the active set I, odd pieces) slide with
 * the values that keep them there, ẏ_I = 0:
 *
 *     (C G)_II s_I = −(C (f + G_J s_J))_I,        dx/dt = f + G_J s_J + G_I s_I,
 *
 * unique when (CG)_II is nonsingular — also where several surfaces meet, because the field is affine
 * in s (Filippov 1988, §2.4; Utkin's equivalent control coincides with Filippov's convexification for
 * this class). Events of a mode: a flat unit reaches a breakpoint (y_i = b_j or b_{j+1}); a sliding
 * unit's value reaches an end of its interval [v_{j−1}, v_j] (a sliding exit).
 *
 * Mode selection at an event is a relay problem on the velocities of the units on their surfaces:
 * with w = ẏ_I, w = q − M s_I, M = −(CG)_II, q = (C(f + G_J s_J))_I and s_i ∈ Relay_[v_{j−1}, v_j](w_i)
 * (s_i = v_j if the unit leaves upwards, v_{j−1} downwards, in between when it slides) — the
 * time-continuous LCP/relay formulation of Stewart (1990) and Acary & Brogliato (2008, ch. 7). For
 * small active sets every pattern is enumerated: no solution is a relay failure, several distinct
 * solutions (a repulsive surface: non-unique forward solutions) end the run with status
 * `repulsive-sliding` rather than guessing; a unique solution picks crossing, entering or leaving
 * sliding. States on their surfaces are projected back exactly (snapping for single-entry rows of C,
 * least-squares projection otherwise).
 */
import { InputError } from "./errors.ts";
import type { HybridFailure, HybridSystem } from "./hybrid-engine.ts";
import type { OdeRhs } from "./dopri5.ts";
import { fieldScratch, smoothField, switchingVariables, type FieldScratch, type Inclusion } from "./model/inclusion.ts";
import { LawSet, lawFromSpec } from "./model/law.ts";
import { luFactor, luSolve } from "./linalg/dense.ts";
import { PatternWorkspace } from "./relay/pattern.ts";
import { DenseRelayMatrix } from "./relay/matrix.ts";
import { nonPositiveMinor, type RelayProblem } from "./relay/problem.ts";
import { RelaySolver } from "./relay/solve.ts";
import type { Stats, SwitchEvent } from "./solution.ts";
import { SurfaceSnapper, eventKind } from "./switching.ts";

/** Options of the network mode logic. */
export interface NetworkModeOptions {
  /**
   * Distance |y_i − b| within which a unit counts as on its surface at an event (default: the
   * absolute tolerance). Units that close join the relay problem, which is how the integrator enters
   * sliding on an intersection of surfaces that the trajectory spirals into (codim-2 Zeno).
   */
  surfaceTol?: number;
  /** Let units within `surfaceTol` join the relay problem at events (default true); false: only the firing and sliding units. */
  zenoSliding?: boolean;
  /** Largest active set solved by enumerating all 3^m patterns (uniqueness checked); larger ones use the Newton relay solver (default 8). */
  enumerationLimit?: number;
  /** Largest number of units (the dense k×k matrix CG is formed; default 4000). */
  maxUnits?: number;
}

/** The mode logic of the network inclusion (see the module comment). */
export class NetworkSystem implements HybridSystem {
  readonly n: number;
  readonly k: number;
  readonly nEvents: number;
  readonly armTol: Float64Array;
  /** Current piece of every unit. */
  readonly pieces: Int32Array;
  /** Dense k×k matrix C G, row-major. */
  readonly CG: Float64Array;
  readonly field: OdeRhs;
  private readonly laws: LawSet;
  private readonly sFlat: Float64Array;
  private readonly sSlide: Float64Array;
  private readonly act: Int32Array;
  private m = 0;
  private readonly lu: Float64Array;
  private readonly piv: Int32Array;
  private readonly rhs: Float64Array;
  private readonly ry: Float64Array;
  private readonly gs: Float64Array;
  private readonly fe: Float64Array;
  private readonly yb: Float64Array;
  private readonly yScale: Float64Array;
  private readonly scratch: FieldScratch;
  private readonly snapper: SurfaceSnapper;
  private readonly surfaceTol: number;
  private readonly zenoSliding: boolean;
  private readonly enumLimit: number;
  private initialized = false;
  /** Relay problems solved at events, and patterns tried. */
  relaySolves = 0;
  relayPatterns = 0;

  constructor(readonly inc: Inclusion, x0: Float64Array, atol: number, options: NetworkModeOptions = {}) {
    const { n, k } = inc;
    const maxUnits = options.maxUnits ?? 4000;
    if (k > maxUnits) throw new InputError(`invalid argument: the event-driven solver forms the dense ${k}×${k} matrix CG; ${k} units exceed \`maxUnits\` = ${maxUnits} (use implicit-euler for large networks)`);
    this.surfaceTol = options.surfaceTol ?? atol;
    if (!(this.surfaceTol >= 0 && Number.isFinite(this.surfaceTol))) throw new InputError(`invalid argument: \`surfaceTol\` must be a non-negative number, got ${this.surfaceTol}`);
    this.zenoSliding = options.zenoSliding ?? true;
    this.enumLimit = options.enumerationLimit ?? 8;
    if (!(Number.isInteger(this.enumLimit) && this.enumLimit >= 0 && this.enumLimit <= 12)) throw new InputError(`invalid argument: \`enumerationLimit\` must be an integer in [0, 12], got ${this.enumLimit}`);
    this.n = n;
    this.k = k;
    this.nEvents = 2 * k;
    this.laws = inc.laws;
    this.armTol = new Float64Array(2 * k);
    this.pieces = new Int32Array(k);
    this.sFlat = new Float64Array(k);
    this.sSlide = new Float64Array(k);
    this.act = new Int32Array(k);
    this.lu = new Float64Array(k * k);
    this.piv = new Int32Array(k);
    this.rhs = new Float64Array(k);
    this.ry = new Float64Array(k);
    this.gs = new Float64Array(n);
    this.fe = new Float64Array(n);
    this.yb = new Float64Array(k);
    this.yScale = new Float64Array(k);
    this.scratch = fieldScratch(inc);
    this.snapper = new SurfaceSnapper(inc.C);
    // CG column by column
    this.CG = new Float64Array(k * k);
    const e = new Float64Array(k);
    const col = new Float64Array(n);
    const cy = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      e.fill(0);
      e[j] = 1;
      inc.G.apply(e, col);
      inc.C.apply(col, cy);
      for (let i = 0; i < k; i++) this.CG[i * k + j] = cy[i];
    }
    switchingVariables(inc, x0, this.yb);
    for (let i = 0; i < k; i++) {
      this.yScale[i] = Math.abs(this.yb[i]);
      this.pieces[i] = this.laws.piece(i, this.yb[i]);
    }
    this.field = (t, x, out) => this.evaluate(t, x, out);
  }

  /** out = f + G_J s_J + G_I s_I with the sliding values s_I (left in `sSlide`). */
  private evaluate(t: number, x: Float64Array, out: Float64Array): void {
    const { inc, n, gs } = this;
    smoothField(inc, t, x, out, this.scratch);
    inc.G.apply(this.sFlat, gs);
    for (let i = 0; i < n; i++) out[i] += gs[i];
    const m = this.m;
    if (m === 0) return;
    inc.C.apply(out, this.ry);
    for (let a = 0; a < m; a++) this.rhs[a] = -this.ry[this.act[a]];
    luSolve(m, this.lu, this.piv, this.rhs);
    for (let a = 0; a < m; a++) this.sSlide[this.act[a]] = this.rhs[a];
    inc.G.apply(this.sSlide, gs);
    for (let i = 0; i < n; i++) out[i] += gs[i];
  }

  events(t: number, x: Float64Array, g: Float64Array): void {
    const { laws, k, yb } = this;
    switchingVariables(this.inc, x, yb);
    if (this.m > 0) this.evaluate(t, x, this.fe);
    for (let i = 0; i < k; i++) {
      const p = this.pieces[i];
      const j = p >> 1;
      if ((p & 1) === 0) {
        g[2 * i] = j >= 1 ? yb[i] - laws.breakpoint(i, j) : Infinity;
        g[2 * i + 1] = j < laws.breakpointCount(i) ? laws.breakpoint(i, j + 1) - yb[i] : Infinity;
        if (Number.isNaN(yb[i])) g[2 * i] = NaN;
      } else {
        const s = this.sSlide[i];
        g[2 * i] = s - laws.value(i, j);
        g[2 * i + 1] = laws.value(i, j + 1) - s;
      }
    }
  }

  sliding(): boolean {
    return this.m > 0;
  }

  selection(t: number, x: Float64Array, s: Float64Array): void {
    if (this.m > 0) this.evaluate(t, x, this.fe);
    for (let i = 0; i < this.k; i++) s[i] = (this.pieces[i] & 1) === 1 ? this.sSlide[i] : this.sFlat[i];
  }

  afterStep(_t: number, x: Float64Array): void {
    if (this.m > 0) this.project(x, this.pieces);
  }

  /** Puts x exactly on the surfaces of the units on odd pieces. */
  private project(x: Float64Array, pieces: Int32Array): void {
    const { k, inc } = this;
    let general = false;
    for (let i = 0; i < k; i++) if ((pieces[i] & 1) === 1 && this.snapper.column[i] < 0) general = true;
    if (!general) {
      this.snapper.snap(x, pieces, this.laws, inc.d);
      return;
    }
    // least-squares projection x += Rᵀ (R Rᵀ)⁻¹ (b + d − R x) on the rows R of the active units
    const rows: number[] = [];
    for (let i = 0; i < k; i++) if ((pieces[i] & 1) === 1) rows.push(i);
    const p = rows.length;
    const n = this.n;
    const R = new Float64Array(p * n);
    const e = new Float64Array(k);
    const r = new Float64Array(n);
    for (let a = 0; a < p; a++) {
      e.fill(0);
      e[rows[a]] = 1;
      inc.C.applyTranspose(e, r);
      R.set(r, a * n);
    }
    const A = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
      let acc = 0;
      for (let c = 0; c < n; c++) acc += R[a * n + c] * R[b * n + c];
      A[a * p + b] = acc;
    }
    switchingVariables(inc, x, this.yb);
    const lam = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      const i = rows[a];
      lam[a] = this.laws.breakpoint(i, (pieces[i] + 1) >> 1) - this.yb[i];
    }
    const piv = new Int32Array(p);
    if (!luFactor(p, A, piv)) return;
    luSolve(p, A, piv, lam);
    for (let a = 0; a < p; a++) for (let c = 0; c < n; c++) x[c] += R[a * n + c] * lam[a];
  }

  /** Rebuilds the frozen-mode data (flat values, active set, LU of (CG)_II, event tolerances). */
  private rebuild(): boolean {
    const { k, laws } = this;
    let m = 0;
    for (let i = 0; i < k; i++) {
      const p = this.pieces[i];
      this.sSlide[i] = 0;
      if (p & 1) {
        this.act[m++] = i;
        this.sFlat[i] = 0;
        this.armTol[2 * i] = this.armTol[2 * i + 1] = 1e3 * Number.EPSILON * (1 + Math.abs(laws.value(i, p >> 1)) + Math.abs(laws.value(i, (p + 1) >> 1)));
      } else {
        this.sFlat[i] = laws.value(i, p >> 1);
        const j = p >> 1;
        const bl = j >= 1 ? Math.abs(laws.breakpoint(i, j)) : 0;
        const bu = j < laws.breakpointCount(i) ? Math.abs(laws.breakpoint(i, j + 1)) : 0;
        this.armTol[2 * i] = 1e3 * Number.EPSILON * (1 + bl + this.yScale[i]);
        this.armTol[2 * i + 1] = 1e3 * Number.EPSILON * (1 + bu + this.yScale[i]);
      }
    }
    this.m = m;
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) this.lu[a * m + b] = this.CG[this.act[a] * k + this.act[b]];
    return m === 0 || luFactor(m, this.lu, this.piv);
  }

  switchMode(t: number, x: Float64Array, fired: readonly number[], log: SwitchEvent[], stats: Stats): HybridFailure | null {
    const { k, laws, inc } = this;
    const y = this.yb;
    switchingVariables(inc, x, y);
    for (let i = 0; i < k; i++) {
      if (!Number.isFinite(y[i])) return { status: "diverged", message: `switching variable y${i + 1} is ${y[i]} at t = ${t}` };
      if (Math.abs(y[i]) > this.yScale[i]) this.yScale[i] = Math.abs(y[i]);
    }
    const first = !this.initialized;
    this.initialized = true;
    // the units on their surfaces and their breakpoints
    const bpIndex = new Int32Array(k); // 0: not on a surface; j ≥ 1: on b_j
    const exitTo = new Int32Array(k).fill(-1);
    for (let i = 0; i < k; i++) if (this.pieces[i] & 1) bpIndex[i] = (this.pieces[i] + 1) >> 1;
    for (const ev of fired) {
      const i = ev >> 1;
      const upper = (ev & 1) === 1;
      const p = this.pieces[i];
      if ((p & 1) === 0) bpIndex[i] = (p >> 1) + (upper ? 1 : 0);
      else exitTo[i] = upper ? p + 1 : p - 1;
    }
    if (first || this.zenoSliding) {
      for (let i = 0; i < k; i++) {
        if (bpIndex[i] !== 0) continue;
        const p = laws.piece(i, y[i], this.surfaceTol);
        if (p & 1) bpIndex[i] = (p + 1) >> 1;
      }
    }
    const I: number[] = [];
    for (let i = 0; i < k; i++) if (bpIndex[i] !== 0) I.push(i);
    const newPieces = Int32Array.from(this.pieces);
    if (first) for (let i = 0; i < k; i++) if (bpIndex[i] === 0) newPieces[i] = laws.piece(i, y[i]);
    if (I.length > 0) {
      const failure = this.selectOnSurfaces(t, x, I, bpIndex, exitTo, newPieces, stats);
      if (failure) return failure;
    }
    // log changes
    let changes = 0;
    for (let i = 0; i < k; i++) {
      if (newPieces[i] !== this.pieces[i]) {
        if (!first) log.push({ t, unit: i, kind: eventKind(this.pieces[i], newPieces[i]), from: this.pieces[i], to: newPieces[i] });
        changes++;
      }
    }
    if (!first) {
      stats.switches += changes;
      stats.events += changes;
    }
    // project the units that are on their surfaces (sliding), or whose new side disagrees with y
    const onSurface = new Int32Array(k);
    let any = false;
    for (let i = 0; i < k; i++) {
      const p = newPieces[i];
      if (p & 1) {
        onSurface[i] = p;
        any = true;
      } else if (bpIndex[i] !== 0) {
        const b = laws.breakpoint(i, bpIndex[i]);
        const above = p >> 1 >= bpIndex[i];
        if (above ? y[i] < b : y[i] > b) {
          onSurface[i] = 2 * bpIndex[i] - 1;
          any = true;
        }
      }
    }
    if (any) this.project(x, onSurface);
    this.pieces.set(newPieces);
    if (!this.rebuild()) {
      return { status: "relay-failure", message: `the sliding block (CG)_II on units {${Array.from(this.act.subarray(0, this.m), (i) => i + 1).join(", ")}} is singular at t = ${t}: the sliding velocity is not unique` };
    }
    return null;
  }

  /**
   * Resolves an event storm of `units`: if, with these units (and the sliding ones) put on their
   * nearest breakpoints, the velocity relay problem has a unique solution in which all of them slide
   * (an attractive intersection), the state is projected onto the intersection and sliding starts
   * there; otherwise the run ends with status `zeno`.
   */
  accumulation(t: number, x: Float64Array, units: readonly number[], log: SwitchEvent[], stats: Stats): HybridFailure | null {
    const { k, laws, inc } = this;
    const zeno = (why: string): HybridFailure => ({
      status: "zeno",
      message: `Zeno-like accumulation of events of units {${units.map((i) => i + 1).join(", ")}} at t = ${t}; ${why} (use implicit-euler past this point)`,
    });
    if (!this.zenoSliding) return zeno("entering sliding on the intersection is disabled (zenoSliding: false)");
    switchingVariables(inc, x, this.yb);
    const bpIndex = new Int32Array(k);
    for (let i = 0; i < k; i++) if (this.pieces[i] & 1) bpIndex[i] = (this.pieces[i] + 1) >> 1;
    for (const i of units) {
      if (bpIndex[i] !== 0 || laws.breakpointCount(i) === 0) continue;
      let best = 1;
      for (let j = 2; j <= laws.breakpointCount(i); j++) if (Math.abs(this.yb[i] - laws.breakpoint(i, j)) < Math.abs(this.yb[i] - laws.breakpoint(i, best))) best = j;
      bpIndex[i] = best;
    }
    const I: number[] = [];
    for (let i = 0; i < k; i++) if (bpIndex[i] !== 0) I.push(i);
    const newPieces = Int32Array.from(this.pieces);
    const failure = this.selectOnSurfaces(t, x, I, bpIndex, new Int32Array(k).fill(-1), newPieces, stats);
    if (failure) return failure.status === "repulsive-sliding" ? failure : zeno(`the intersection of their surfaces is not an attractive sliding set (${failure.message})`);
    for (const i of units) if ((newPieces[i] & 1) === 0) return zeno("the intersection of their surfaces is not attractive (the relay problem there does not slide on all of them)");
    for (let i = 0; i < k; i++) {
      if (newPieces[i] !== this.pieces[i]) {
        log.push({ t, unit: i, kind: eventKind(this.pieces[i], newPieces[i]), from: this.pieces[i], to: newPieces[i] });
        stats.switches++;
        stats.events++;
      }
    }
    this.project(x, newPieces);
    this.pieces.set(newPieces);
    if (!this.rebuild()) return { status: "relay-failure", message: `the sliding block (CG)_II is singular at t = ${t}` };
    return null;
  }

  /** Solves the velocity relay problem on the units in I and writes their new pieces. */
  private selectOnSurfaces(t: number, x: Float64Array, I: number[], bpIndex: Int32Array, exitTo: Int32Array, newPieces: Int32Array, stats: Stats): HybridFailure | null {
    const { k, n, inc, laws } = this;
    const m = I.length;
    // s_J: flat values of the units off their surfaces (current pieces)
    const sJ = new Float64Array(k);
    const inI = new Uint8Array(k);
    for (const i of I) inI[i] = 1;
    for (let i = 0; i < k; i++) if (!inI[i]) sJ[i] = laws.value(i, newPieces[i] >> 1);
    const f = new Float64Array(n);
    smoothField(inc, t, x, f, this.scratch);
    inc.G.apply(sJ, this.gs);
    for (let c = 0; c < n; c++) f[c] += this.gs[c];
    const cf = new Float64Array(k);
    inc.C.apply(f, cf);
    const q = new Float64Array(m);
    const M = new Float64Array(m * m);
    let scaleW = 1;
    let vmax = 0;
    const local = I.map((i) => {
      const j = bpIndex[i];
      const lo = laws.value(i, j - 1);
      const hi = laws.value(i, j);
      vmax = Math.max(vmax, Math.abs(lo), Math.abs(hi));
      return lawFromSpec({ type: "relay", lower: lo, upper: hi });
    });
    for (let a = 0; a < m; a++) {
      q[a] = cf[I[a]];
      scaleW = Math.max(scaleW, Math.abs(q[a]));
      for (let b = 0; b < m; b++) {
        M[a * m + b] = -this.CG[I[a] * k + I[b]];
        scaleW = Math.max(scaleW, Math.abs(M[a * m + b]) * vmax);
      }
    }
    const prob: RelayProblem = { k: m, M: new DenseRelayMatrix(m, M), q, laws: new LawSet(local) };
    const tolW = 1e-9 * scaleW;
    const s = new Float64Array(m);
    const w = new Float64Array(m);
    stats.relaySolves++;
    this.relaySolves++;
    if (m <= this.enumLimit) {
      const sols = enumerateRelay(prob, tolW);
      stats.relayIterations += sols.tried;
      this.relayPatterns += sols.tried;
      const names = () => `{${I.map((i) => i + 1).join(", ")}}`;
      if (sols.s.length === 0) {
        const minor = nonPositiveMinor(m, M);
        return { status: "relay-failure", message: `no Filippov mode at t = ${t} for units ${names()}: the velocity relay problem has no solution${minor ? ` (−(CG)_II is not a P-matrix: principal minor on units {${minor.map((a) => I[a] + 1).join(", ")}} is not positive)` : ""}` };
      }
      if (sols.s.length > 1) {
        return { status: "repulsive-sliding", message: `repulsive switching surface at t = ${t} for units ${names()}: the velocity relay problem has ${sols.s.length} solutions (−(CG)_II is not a P-matrix), so forward solutions are not unique; the solver does not pick one` };
      }
      s.set(sols.s[0]);
      w.set(sols.w[0]);
    } else {
      const solver = new RelaySolver(m);
      for (let a = 0; a < m; a++) s[a] = 0.5 * (prob.laws.min(a) + prob.laws.max(a));
      const out = solver.solve(prob, s, w, 1e-12);
      stats.relayIterations += out.iterations;
      if (!out.ok) return { status: "relay-failure", message: `velocity relay problem on ${m} units failed at t = ${t}: ${out.message}` };
    }
    for (let a = 0; a < m; a++) {
      const i = I[a];
      const j = bpIndex[i];
      if (w[a] > tolW) newPieces[i] = 2 * j;
      else if (w[a] < -tolW) newPieces[i] = 2 * j - 2;
      else if (exitTo[i] >= 0) newPieces[i] = exitTo[i];
      else newPieces[i] = 2 * j - 1;
    }
    return null;
  }
}

/**
 * Every solution of a small relay problem w = q − M s, s_a ∈ Relay_[lo_a, hi_a](w_a) (breakpoint 0),
 * by enumerating the 3^m patterns with the shared {@link PatternWorkspace}; solutions closer than the
 * tolerances are merged.
 * @returns the distinct solutions (s and w) and the number of patterns tried.
 */
export function enumerateRelay(p: RelayProblem, tolW: number): { s: Float64Array[]; w: Float64Array[]; tried: number } {
  const m = p.k;
  const ws = new PatternWorkspace(m);
  const s = new Float64Array(m);
  const w = new Float64Array(m);
  const solsS: Float64Array[] = [];
  const solsW: Float64Array[] = [];
  const pat = ws.pattern;
  pat.fill(0);
  let tried = 0;
  for (;;) {
    tried++;
    if (ws.solve(p, s, w)) {
      let ok = true;
      for (let a = 0; a < m && ok; a++) {
        const lo = p.laws.min(a);
        const hi = p.laws.max(a);
        const slackS = 1e-9 * (1 + hi - lo);
        if (pat[a] === 0) ok = w[a] <= tolW;
        else if (pat[a] === 2) ok = w[a] >= -tolW;
        else ok = s[a] >= lo - slackS && s[a] <= hi + slackS && Number.isFinite(s[a]);
      }
      if (ok) {
        let dup = false;
        for (let r = 0; r < solsS.length && !dup; r++) {
          let same = true;
          for (let a = 0; a < m && same; a++) {
            const range = p.laws.max(a) - p.laws.min(a);
            same = Math.abs(solsS[r][a] - s[a]) <= 1e-6 * (1 + range) && Math.abs(solsW[r][a] - w[a]) <= 1e3 * tolW;
          }
          dup = same;
        }
        if (!dup) {
          // clamp rounding into the interval
          const sc = Float64Array.from(s);
          for (let a = 0; a < m; a++) sc[a] = Math.min(Math.max(sc[a], p.laws.min(a)), p.laws.max(a));
          solsS.push(sc);
          solsW.push(Float64Array.from(w));
        }
      }
    }
    let a = 0;
    while (a < m) {
      pat[a]++;
      if (pat[a] <= 2) break;
      pat[a] = 0;
      a++;
    }
    if (a === m) break;
  }
  return { s: solsS, w: solsW, tried };
}
