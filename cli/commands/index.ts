import type { CliCommand } from '../CliCommand';
import { validateCommand } from './validateCommand';

/** Every subcommand, in the order `relgraph --help` lists them. */
export const COMMANDS: CliCommand[] = [validateCommand];
