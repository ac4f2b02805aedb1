/**
 * MPS files (free and fixed format): sections NAME, OBJSENSE, ROWS, COLUMNS, RHS, RANGES, BOUNDS,
 * QUADOBJ/QMATRIX (convex QP), ENDATA.
 *
 * Conventions (those of the IBM/CPLEX and HiGHS readers): the first `N` row is the objective (other
 * free rows are dropped); variables default to 0 ≤ x < ∞; `UP` with a negative value on a variable
 * whose lower bound is still the default 0 sets the lower bound to −∞; `MI`/`PL`/`FR`/`FX`/`BV`
 * (BV as 0 ≤ x ≤ 1, integrality ignored); RANGES R on a row with rhs b give [b − |R|, b] (L),
 * [b, b + |R|] (G) and [b, b + R] or [b + R, b] (E, by the sign of R); an RHS entry on the
 * objective row is the negated objective constant (reported, not optimised). G rows become
 * −aᵀx ≤ −b, ranged rows two inequalities. Integer markers are accepted and ignored (the LP relaxation).
 * Fixed format is read by whitespace splitting when names contain no blanks, else by the fixed
 * columns 2–3, 5–12, 15–22, 25–36, 40–47, 50–61.
 */
import { InputError } from "../errors.ts";
import { CsrOperator } from "../model/operator.ts";
import { validateOptimizationProblem, type OptimizationProblem } from "./optimization-problem.ts";

type Section = "NAME" | "OBJSENSE" | "ROWS" | "COLUMNS" | "RHS" | "RANGES" | "BOUNDS" | "QUADOBJ" | "QMATRIX" | "NONE";
const SECTIONS = new Set(["NAME", "OBJSENSE", "ROWS", "COLUMNS", "RHS", "RANGES", "BOUNDS", "QUADOBJ", "QMATRIX", "QSECTION", "ENDATA"]);

/** Result of {@link parseMps}: the problem plus the objective constant. */
export interface MpsProblem extends OptimizationProblem {
  /** Constant added to the objective (from an RHS entry on the objective row). */
  objectiveOffset: number;
}

function fixedFields(line: string): string[] {
  const f = [line.slice(1, 3), line.slice(4, 12), line.slice(14, 22), line.slice(24, 36), line.slice(39, 47), line.slice(49, 61)];
  return f.map((s) => s.trim());
}

/**
 * Parses MPS text.
 * @param where - the file name; errors read `file:line: message`.
 * @throws InputError with the line number for unknown sections, row types, bound types, unknown
 * row/column names, non-numeric values, missing fields, and for an empty problem.
 */
export function parseMps(text: string, where = "problem.mps"): MpsProblem {
  const lines = text.split(/\r?\n/);
  let lineNo = 0;
  const fail = (m: string): never => {
    throw new InputError(m, `${where}:${lineNo}`);
  };
  let name = "";
  let section: Section = "NONE";
  let maximize = false;
  let objRow: string | null = null;
  const rowType = new Map<string, string>();
  const rowIndex = new Map<string, number>();
  const rowNames: string[] = [];
  const colIndex = new Map<string, number>();
  const colNames: string[] = [];
  const colEntries: Array<Array<[number, number]>> = [];
  const cObj: number[] = [];
  let rhs: number[] = [];
  const range = new Map<number, number>();
  let offset = 0;
  const lbs: number[] = [];
  const ubs: number[] = [];
  const lbSet: boolean[] = [];
  const qEntries: Array<[number, number, number, boolean]> = [];
  let ended = false;

  const num = (s: string | undefined, field: string): number => {
    if (s === undefined || s === "") return fail(`invalid MPS: missing ${field}`);
    const v = Number(s.replace(/[dD]/, "e"));
    if (!Number.isFinite(v)) fail(`invalid MPS: ${field} must be a finite number, got ${JSON.stringify(s)}`);
    return v;
  };
  const row = (s: string | undefined): number | "obj" | "free" => {
    if (s === undefined || s === "") return fail("invalid MPS: missing row name");
    if (s === objRow) return "obj";
    const r = rowIndex.get(s);
    if (r === undefined) {
      if (rowType.get(s) === "N") return "free";
      return fail(`invalid MPS: unknown row ${JSON.stringify(s)}`);
    }
    return r;
  };
  const col = (s: string | undefined): number => {
    const j = s === undefined ? undefined : colIndex.get(s);
    if (j === undefined) return fail(`invalid MPS: unknown column ${JSON.stringify(s ?? "")}`);
    return j;
  };
  // expected field counts per section (for choosing free vs fixed splitting)
  const okCount = (sec: Section, k: number): boolean => {
    switch (sec) {
      case "ROWS":
        return k === 2;
      case "COLUMNS":
      case "RHS":
      case "RANGES":
        return k === 3 || k === 5 || (sec !== "COLUMNS" && (k === 2 || k === 4));
      case "BOUNDS":
        return k >= 2 && k <= 4;
      case "QUADOBJ":
      case "QMATRIX":
        return k === 3;
      default:
        return true;
    }
  };

  // Fixed format with blanks in names: decided once per file, when some data line does not split
  // into a valid number of whitespace-separated fields for its section.
  let fixed = false;
  {
    let sec: Section = "NONE";
    for (const raw of lines) {
      const line = raw.replace(/\s+$/, "");
      if (line === "" || line.startsWith("*")) continue;
      if (!/^\s/.test(line)) {
        const key = line.split(/\s+/)[0].toUpperCase();
        sec = (key === "QSECTION" ? "QMATRIX" : SECTIONS.has(key) ? key : "NONE") as Section;
        continue;
      }
      const count = line.trim().split(/\s+/).length;
      if (sec === "COLUMNS" && /MARKER/.test(line)) continue;
      if (!okCount(sec, count)) fixed = true;
    }
  }

  for (const raw of lines) {
    lineNo++;
    const line = raw.replace(/\s+$/, "");
    if (line === "" || line.startsWith("*")) continue;
    if (!/^\s/.test(line)) {
      const head = line.split(/\s+/);
      const key = head[0].toUpperCase();
      if (!SECTIONS.has(key)) fail(`invalid MPS: unknown section ${JSON.stringify(head[0])}`);
      if (key === "ENDATA") {
        ended = true;
        break;
      }
      section = (key === "QSECTION" ? "QMATRIX" : key) as Section;
      if (key === "NAME") name = line.slice(4).trim();
      if (key === "OBJSENSE" && head[1]) maximize = /^MAX/i.test(head[1]);
      continue;
    }
    let f = line.trim().split(/\s+/);
    if (section === "COLUMNS" && f.length >= 3 && /MARKER/.test(line)) continue;
    if (fixed) f = fixedFields(raw).filter((s) => s !== "");
    switch (section) {
      case "NAME":
      case "NONE":
        fail("invalid MPS: data line outside a section");
        break;
      case "OBJSENSE":
        maximize = /^MAX/i.test(f[0]);
        break;
      case "ROWS": {
        const [type, rn] = [f[0]?.toUpperCase(), f[1]];
        if (!rn) fail("invalid MPS: ROWS line needs a type and a name");
        if (!["N", "E", "L", "G"].includes(type)) fail(`invalid MPS: row type must be N, E, L or G, got ${JSON.stringify(f[0])}`);
        if (rowType.has(rn)) fail(`invalid MPS: duplicate row ${JSON.stringify(rn)}`);
        rowType.set(rn, type);
        if (type === "N") {
          if (objRow === null) objRow = rn;
        } else {
          rowIndex.set(rn, rowNames.length);
          rowNames.push(rn);
        }
        break;
      }
      case "COLUMNS": {
        if (f.length !== 3 && f.length !== 5) fail(`invalid MPS: COLUMNS line needs a column and 1 or 2 (row, value) pairs, got ${f.length} fields`);
        const cn = f[0];
        let j = colIndex.get(cn);
        if (j === undefined) {
          j = colNames.length;
          colIndex.set(cn, j);
          colNames.push(cn);
          colEntries.push([]);
          cObj.push(0);
          lbs.push(0);
          ubs.push(Infinity);
          lbSet.push(false);
        }
        for (let p = 1; p + 1 < f.length; p += 2) {
          const r = row(f[p]);
          const v = num(f[p + 1], `value of column ${JSON.stringify(cn)} in row ${JSON.stringify(f[p])}`);
          if (r === "obj") cObj[j] += v;
          else if (r !== "free") colEntries[j].push([r, v]);
        }
        break;
      }
      case "RHS":
      case "RANGES": {
        if (rhs.length !== rowNames.length) rhs = new Array(rowNames.length).fill(0).map((_, i) => rhs[i] ?? 0);
        const start = f.length % 2 === 1 ? 1 : 0; // the set name is optional
        for (let p = start; p + 1 < f.length; p += 2) {
          const r = row(f[p]);
          const v = num(f[p + 1], `${section} value of row ${JSON.stringify(f[p])}`);
          if (section === "RHS") {
            if (r === "obj") offset = -v;
            else if (r !== "free") rhs[r] = v;
          } else {
            if (r === "obj" || r === "free") fail(`invalid MPS: RANGES on the free row ${JSON.stringify(f[p])}`);
            else range.set(r, v);
          }
        }
        break;
      }
      case "BOUNDS": {
        const type = f[0]?.toUpperCase();
        const needsValue = !["FR", "MI", "PL", "BV"].includes(type);
        // [type, set?, column, value?]
        let cn: string | undefined;
        let vs: string | undefined;
        if (needsValue) {
          if (f.length === 4) [cn, vs] = [f[2], f[3]];
          else if (f.length === 3) [cn, vs] = [f[1], f[2]];
          else fail(`invalid MPS: bound ${JSON.stringify(f[0])} needs a column and a value`);
        } else cn = f.length >= 3 ? f[2] : f[1];
        const j = col(cn);
        const v = needsValue ? num(vs, `bound value of column ${JSON.stringify(cn)}`) : 0;
        switch (type) {
          case "UP":
          case "UI":
            ubs[j] = v;
            if (v < 0 && !lbSet[j] && lbs[j] === 0) lbs[j] = -Infinity;
            break;
          case "LO":
          case "LI":
            lbs[j] = v;
            lbSet[j] = true;
            break;
          case "FX":
            lbs[j] = v;
            ubs[j] = v;
            lbSet[j] = true;
            break;
          case "FR":
            lbs[j] = -Infinity;
            ubs[j] = Infinity;
            lbSet[j] = true;
            break;
          case "MI":
            lbs[j] = -Infinity;
            lbSet[j] = true;
            break;
          case "PL":
            ubs[j] = Infinity;
            break;
          case "BV":
            lbs[j] = 0;
            ubs[j] = 1;
            lbSet[j] = true;
            break;
          default:
            fail(`invalid MPS: bound type must be UP, LO, FX, FR, MI, PL, BV, LI or UI, got ${JSON.stringify(f[0])}`);
        }
        break;
      }
      case "QUADOBJ":
      case "QMATRIX": {
        if (f.length !== 3) fail(`invalid MPS: ${section} line needs two columns and a value, got ${f.length} fields`);
        qEntries.push([col(f[0]), col(f[1]), num(f[2], `${section} value`), section === "QUADOBJ"]);
        break;
      }
    }
  }
  if (!ended) {
    lineNo = lines.length;
    fail("invalid MPS: missing ENDATA");
  }
  const n = colNames.length;
  lineNo = lines.length;
  if (n === 0) fail("invalid MPS: the problem has no columns (empty problem)");
  if (objRow === null) fail("invalid MPS: no objective (N) row in ROWS");
  while (rhs.length < rowNames.length) rhs.push(0);
  const eqE: number[][] = [];
  const inE: number[][] = [];
  const beq: number[] = [];
  const bin: number[] = [];
  const eqNames: string[] = [];
  const inNames: string[] = [];
  const rowTarget: Array<Array<[number, number, number]>> = rowNames.map(() => []); // [kind 0 eq / 1 ineq, index, sign]
  rowNames.forEach((rn, r) => {
    const t = rowType.get(rn)!;
    const b = rhs[r];
    const R = range.get(r);
    let lo = -Infinity;
    let hi = Infinity;
    if (t === "E") {
      if (R === undefined) {
        rowTarget[r].push([0, beq.length, 1]);
        beq.push(b);
        eqNames.push(rn);
        return;
      }
      [lo, hi] = R >= 0 ? [b, b + R] : [b + R, b];
    } else if (t === "L") [lo, hi] = [R === undefined ? -Infinity : b - Math.abs(R), b];
    else [lo, hi] = [b, R === undefined ? Infinity : b + Math.abs(R)];
    if (hi < Infinity) {
      rowTarget[r].push([1, bin.length, 1]);
      bin.push(hi);
      inNames.push(rn);
    }
    if (lo > -Infinity) {
      rowTarget[r].push([1, bin.length, -1]);
      bin.push(-lo);
      inNames.push(rn);
    }
  });
  for (let j = 0; j < n; j++) {
    for (const [r, v] of colEntries[j]) {
      for (const [kind, i, sign] of rowTarget[r]) (kind === 0 ? eqE : inE).push([i, j, sign * v]);
    }
  }
  const sgn = maximize ? -1 : 1;
  let Q: Float64Array | null = null;
  if (qEntries.length) {
    Q = new Float64Array(n * n);
    for (const [i, j, v, lowerOnly] of qEntries) {
      if (lowerOnly && i !== j) {
        Q[i * n + j] = sgn * v;
        Q[j * n + i] = sgn * v;
      } else Q[i * n + j] = sgn * v;
    }
  }
  const problem = validateOptimizationProblem(
    {
      name: name || where.replace(/^.*[\\/]/, ""),
      c: Float64Array.from(cObj, (v) => sgn * v),
      Q,
      Aeq: CsrOperator.fromTriplets(beq.length, n, eqE, "Aeq"),
      beq: Float64Array.from(beq),
      Aineq: CsrOperator.fromTriplets(bin.length, n, inE, "Aineq"),
      bineq: Float64Array.from(bin),
      lb: Float64Array.from(lbs),
      ub: Float64Array.from(ubs),
      rowNames: { eq: eqNames, ineq: inNames },
      colNames,
    },
    where,
  );
  return { ...problem, objectiveOffset: sgn * offset };
}
