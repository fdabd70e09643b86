import type { CliCommand } from '../CliCommand';

/** Every subcommand, in the order `relgraph --help` lists them. */
export const COMMANDS: CliCommand[] = [];
