/** The registry of subcommands: one line per command file. */
import type { Command } from "commander";

/** A function that adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
