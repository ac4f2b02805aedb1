/**
 * The `filippov` command. Each subcommand lives in its own file under `commands/` and is listed in
 * `commands/index.ts`.
 *
 * Contract: `--json` prints exactly one JSON object on stdout; exit code 0 when a result was
 * produced, 2 for bad usage or bad input (one line on stderr naming the file and field), 1 for an
 * internal failure.
 */
import { Command, CommanderError } from "commander";
import { InputError } from "../errors.ts";
import { commands } from "./commands/index.ts";

/** Builds the command-line program with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command("filippov")
    .description("Filippov simulation of recurrent networks with discontinuous activations")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  for (const register of commands) register(program);
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

/**
 * Runs the command line and returns the process exit code.
 * @param argv - full `process.argv` (node, script, args...).
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof InputError) {
      process.stderr.write(`filippov: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`filippov: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
