/** The registry of subcommands: one line per command file. */
import type { Command } from "commander";
import { registerExport } from "./export.ts";
import { registerTrain } from "./train.ts";
import { registerSimulate } from "./simulate.ts";
import { registerDemo } from "./demo.ts";
import { registerSolve } from "./solve.ts";
import { registerSweep } from "./sweep.ts";
import { registerDegrade } from "./degrade.ts";
import { registerRestore } from "./restore.ts";
import { registerPhantom } from "./phantom.ts";

/** A function that adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerSimulate,
  registerDemo,
  registerExport,
  registerTrain,
  registerSolve,
  registerDegrade,
  registerRestore,
  registerPhantom,
  registerSweep,
];
