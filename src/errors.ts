/**
 * Bad input, detected before any work is done.
 *
 * The message names the argument (or file and field) and the offending value, in the style
 * ``invalid argument: `x0` must have length 3, got 4``. The command maps it to exit code 2.
 */
export class InputError extends Error {
  override name = "InputError";
  /**
   * @param message - the full human-readable message.
   * @param where - the file (or argument) the bad value came from, when known.
   */
  constructor(message: string, readonly where?: string) {
    super(where ? `${where}: ${message}` : message);
  }
}

/** Throws an {@link InputError} for argument `name` unless `ok` holds. */
export function require_(ok: boolean, name: string, expectation: string, got: unknown): asserts ok {
  if (!ok) throw new InputError(`invalid argument: \`${name}\` ${expectation}, got ${describe(got)}`);
}

/** A short rendering of a value for error messages (arrays and long strings are abbreviated). */
export function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? value.slice(0, 57) + "..." : value);
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const arr = Array.from(value as ArrayLike<unknown>);
    const head = arr.slice(0, 4).map(describe).join(", ");
    return `[${head}${arr.length > 4 ? `, ... (${arr.length} entries)` : ""}]`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + "..." : text;
}

/** Throws unless every entry of `values` is finite; names the first bad index. */
export function requireFinite(values: ArrayLike<number>, name: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new InputError(`invalid argument: \`${name}[${i}]\` must be a finite number, got ${values[i]}`);
    }
  }
}
