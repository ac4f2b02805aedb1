/**
 * Numbers and functions written as text in input files, parsed with mathjs (a sandboxed instance:
 * no assignments, no function definitions, no imports, no units; only the named variables and the
 * constants `pi` and `e`). mathjs is loaded on first use only — its import costs about a second.
 * Expressions are compiled once; they are for setup and for inputs u(t), never for inner kernels.
 */
import { createRequire } from "node:module";
import type { MathJsInstance, MathNode } from "mathjs";
import { InputError, describe } from "../errors.ts";

let math: MathJsInstance | undefined;

function instance(): MathJsInstance {
  if (!math) {
    const mathjs = createRequire(import.meta.url)("mathjs") as typeof import("mathjs");
    math = mathjs.create(mathjs.all);
  }
  return math;
}

const CONSTANTS = new Set(["pi", "e"]);

/**
 * Compiles `text` into a function of the named variables.
 * @param variables - the allowed free variables (e.g. `["t"]`; empty for a constant).
 * @throws InputError naming the file and field for parse errors, assignments, unknown symbols.
 */
export function compileExpression(text: string, variables: readonly string[], field: string, file: string): (scope: Record<string, number>) => number {
  const m = instance();
  let node: MathNode;
  try {
    node = m.parse(text);
  } catch (e) {
    throw new InputError(`field "${field}": cannot parse expression ${describe(text)}: ${(e as Error).message}`, file);
  }
  const allowed = new Set([...variables, ...CONSTANTS]);
  node.traverse((n, _path, parent) => {
    if (n.type === "AssignmentNode" || n.type === "FunctionAssignmentNode" || n.type === "AccessorNode" || n.type === "ObjectNode") {
      throw new InputError(`field "${field}": expression ${describe(text)} may only use arithmetic, functions and ${[...allowed].join(", ")}`, file);
    }
    if (n.type === "SymbolNode") {
      const name = (n as unknown as { name: string }).name;
      const isCallee = parent?.type === "FunctionNode" && (parent as unknown as { fn: MathNode }).fn === n;
      if (!isCallee && !allowed.has(name)) {
        throw new InputError(`field "${field}": unknown symbol "${name}" in ${describe(text)}; allowed: ${[...allowed].join(", ")}`, file);
      }
    }
  });
  const code = node.compile();
  return (scope) => {
    const v = code.evaluate({ ...scope });
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InputError(`field "${field}": expression ${describe(text)} must give a finite number, got ${describe(typeof v === "number" ? v : String(v))}`, file);
    }
    return v;
  };
}

/** Evaluates a constant expression such as "1/3" or "sqrt(2)/2". @throws InputError as {@link compileExpression}. */
export function evaluateConstant(text: string, field: string, file: string): number {
  return compileExpression(text, [], field, file)({});
}
