import type { CliCommand } from '../CliCommand';
import { exportCommand } from './exportCommand';
import { jobsCommand } from './jobsCommand';
import { kumoCommand } from './kumoCommand';
import { lspCommand } from './lspCommand';
import { predictCommand } from './predictCommand';
import { predictionsCommand } from './predictionsCommand';
import { scaffoldCommand } from './scaffoldCommand';
import { trainCommand } from './trainCommand';
import { validateCommand } from './validateCommand';

/** Every subcommand, in the order `relgraph --help` lists them. */
export const COMMANDS: CliCommand[] = [validateCommand, lspCommand];
// Batch prediction and jobs (engine/prediction, engine/jobs).
COMMANDS.push(predictCommand, jobsCommand, predictionsCommand, exportCommand);
// Training (engine/training).
COMMANDS.push(trainCommand);
// Scaffolding inference graphs and prediction specs from a trained model (core/scaffold, data/scaffold).
COMMANDS.push(scaffoldCommand);
// Kumo cloud (backend/kumo).
COMMANDS.push(kumoCommand);
