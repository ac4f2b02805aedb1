/**
 * Parsing helpers shared by the subcommands: numbers with the option name in the error message,
 * and the one-JSON-object output rule.
 */
import { InputError } from "../errors.ts";

/** Parses a finite number for option `name`. @throws InputError naming the option and value. */
export function parseNumber(name: string, value: string, check?: (v: number) => boolean, expectation = "a finite number"): number {
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v) || (check && !check(v))) {
    throw new InputError(`invalid option: \`${name}\` must be ${expectation}, got ${JSON.stringify(value)}`);
  }
  return v;
}

/** Parses a positive finite number for option `name`. */
export function parsePositive(name: string, value: string): number {
  return parseNumber(name, value, (v) => v > 0, "a positive number");
}

/** Parses a positive integer for option `name`. */
export function parsePositiveInt(name: string, value: string): number {
  return parseNumber(name, value, (v) => Number.isInteger(v) && v > 0, "a positive integer");
}

/** Prints exactly one JSON object on stdout (typed arrays become plain arrays). */
export function printJson(obj: unknown): void {
  process.stdout.write(
    JSON.stringify(obj, (_k, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v)) + "\n",
  );
}
