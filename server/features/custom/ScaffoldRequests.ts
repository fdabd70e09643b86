import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecHost } from '../../../core/host/SpecHost';
import { describeMatch, describeRetyped, describeColumn } from '../../../core/scaffold/describeMatch';
import { candidateText, inferenceGraphText } from '../../../core/scaffold/inferenceGraphText';
import type {
  CandidateSource,
  ScaffoldTrainingGraph,
  SourceMatching,
  TableMatch,
} from '../../../core/scaffold/ScaffoldModel';
import { applySourceChoices, rankedFits, UnknownSourceChoiceError } from '../../../core/scaffold/sourceChoices';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import type { DataValidator } from '../../../data/DataValidator';
import { listCandidateSources } from '../../../data/scaffold/candidateSources';
import {
  loadScaffoldTraining,
  ScaffoldInputError,
  type ScaffoldTraining,
} from '../../../data/scaffold/loadScaffoldTraining';
import { entryLabel, scaffoldInferenceGraph } from '../../../data/scaffold/scaffoldSpecs';
import { SCAFFOLD_TYPE_RULES } from '../../../data/scaffold/scaffoldTypeRules';
import type { SourceAccessPolicy } from '../../../data/SourceAccessPolicy';
import { RELGRAPH_PROTOCOL_VERSION } from '../../../protocol/lspExtensions';
import type {
  ScaffoldCandidateInfo,
  ScaffoldPlanParams,
  ScaffoldPlanResult,
  ScaffoldRenderParams,
  ScaffoldRenderResult,
  ScaffoldTablePlan,
} from '../../../protocol/scaffold';

const v = RELGRAPH_PROTOCOL_VERSION;

export interface ScaffoldRequestsOptions {
  host: SpecHost;
  /** Whether the editor trusts the workspace: scaffolding reads data files, so it runs only then. */
  trusted: () => boolean;
  /** The same folder policy as the data checks: which files may be read for a spec at a path. */
  sourceAccess: SourceAccessPolicy;
  /** The data tier, loaded on first use. */
  validator: () => Promise<DataValidator>;
}

interface Loaded {
  training: ScaffoldTraining;
  candidates: CandidateSource[];
  tables: TableMatch[];
  truncated: boolean;
  dataLabel: string;
}

/** A request that cannot be answered, with the sentence for the user. */
class ScaffoldRefusal extends Error {}

/**
 * The editor's "New Inference Graph from Training": the matches of a data folder's files to a model's
 * training tables and the graph text, computed by the very functions `relgraph scaffold inference-graph`
 * uses (data/scaffold/scaffoldSpecs, core/scaffold). Each request loads afresh (a user may fix a file
 * between the two), reads only inside the workspace folder policy, and never in Restricted Mode.
 */
export class ScaffoldRequests {
  constructor(private readonly options: ScaffoldRequestsOptions) {}

  async plan(params: ScaffoldPlanParams, signal?: AbortSignal): Promise<ScaffoldPlanResult> {
    try {
      const loaded = await this.load(params, signal);
      return {
        v,
        trainingLabel: loaded.training.graph.label,
        tables: loaded.tables.map((match) => tablePlan(loaded, match, params.outputPath)),
        ...(loaded.truncated ? { truncated: true } : {}),
      };
    } catch (error) {
      return { v, error: refusalMessage(error), tables: [] };
    }
  }

  async render(params: ScaffoldRenderParams, signal?: AbortSignal): Promise<ScaffoldRenderResult> {
    try {
      const loaded = await this.load(params, signal);
      const choices = new Map((Array.isArray(params.choices) ? params.choices : []).map((c) => [c.table, c.source]));
      const { tables } = applyChoices(loaded, choices, params.dataFolder);
      const text = inferenceGraphText(loaded.training.graph, tables, {
        outputPath: params.outputPath,
        dataLabel: loaded.dataLabel,
      });
      const done = { ...loaded, tables };
      return { v, text, tables: tables.map((match) => tablePlan(done, match, params.outputPath)) };
    } catch (error) {
      return { v, error: refusalMessage(error), tables: [] };
    }
  }

  private async load(params: ScaffoldPlanParams, signal?: AbortSignal): Promise<Loaded> {
    if (!this.options.trusted()) {
      throw new ScaffoldRefusal(
        'The workspace is not trusted (Restricted Mode): matching new files reads them, so it runs only in a trusted workspace.',
      );
    }
    const { dataFolder, outputPath, model } = params;
    if (!path.isAbsolute(dataFolder) || !isFolder(dataFolder))
      throw new ScaffoldRefusal(`${dataFolder} is not a folder`);
    if (!path.isAbsolute(outputPath)) throw new ScaffoldRefusal(`${outputPath} is not an absolute path`);
    this.checkAccess(outputPath, [dataFolder]);
    if (model.kind === 'spec') this.checkTrainingSources(model.path);

    this.checkAccess(
      outputPath,
      listCandidateSources([dataFolder]).candidates.map((c) => c.path),
    );
    const validator = await this.options.validator();
    try {
      const from = model.kind === 'spec' ? model.path : model.id;
      const training = await loadScaffoldTraining(from, {
        host: this.options.host,
        validator,
        cwd: path.dirname(outputPath),
        jobWorkspaceOf: model.kind === 'local-job' ? model.workspace : path.dirname(outputPath),
        ...(signal ? { signal } : {}),
      });
      const scaffold = await scaffoldInferenceGraph(training, [dataFolder], outputPath, validator, signal);
      return {
        training,
        candidates: scaffold.candidates,
        tables: scaffold.matching.tables,
        truncated: scaffold.truncated,
        dataLabel: entryLabel(dataFolder, outputPath),
      };
    } catch (error) {
      if (error instanceof ScaffoldInputError) throw new ScaffoldRefusal(error.message);
      throw error;
    }
  }

  /** Files the graph at `outputPath` would read must pass the data checks' folder policy. */
  private checkAccess(outputPath: string, files: readonly string[]): void {
    for (const file of files) {
      const refusal = this.options.sourceAccess.refusal(outputPath, file);
      if (refusal) throw new ScaffoldRefusal(`${file} is outside the folder ${refusal.folder}. ${refusal.howToAllow}`);
    }
  }

  /** The training data is read for its column types: the same policy, relative to the training graph. */
  private checkTrainingSources(specPath: string): void {
    const graph = validateSpecFile(specPath, this.options.host).graph;
    for (const table of graph?.tables ?? []) {
      if (!table.sourcePath) continue;
      const refusal = this.options.sourceAccess.refusal(graph!.path, table.sourcePath);
      if (refusal) {
        throw new ScaffoldRefusal(
          `The training data ${table.sourcePath} is outside the folder ${refusal.folder}. ${refusal.howToAllow}`,
        );
      }
    }
  }
}

/** The user's corrections; a source that is none of the folder's candidates is refused. */
function applyChoices(loaded: Loaded, choices: Map<string, string | null>, dataFolder: string): SourceMatching {
  try {
    const matching = { tables: loaded.tables, unused: [] };
    return applySourceChoices(loaded.training.graph, matching, loaded.candidates, choices, SCAFFOLD_TYPE_RULES);
  } catch (error) {
    if (error instanceof UnknownSourceChoiceError)
      throw new ScaffoldRefusal(`${String(error.source)} is not a data file of ${dataFolder}`);
    throw error;
  }
}

function tablePlan(loaded: Loaded, match: TableMatch, outputPath: string): ScaffoldTablePlan {
  const label = (c: CandidateSource) => candidateText(c, outputPath);
  const description = describeMatch(match, label);
  return {
    table: match.table,
    status: match.status,
    ...(match.status === 'matched' ? { source: match.fit.candidate.path } : {}),
    reason: description.reason,
    problems: description.problems,
    neededColumns: match.needed.length,
    candidates: candidatesFor(loaded.training.graph, match.table, loaded.candidates, label),
  };
}

/** Every candidate's fit to one table, best first: what the user picks from to correct a match. */
function candidatesFor(
  graph: ScaffoldTrainingGraph,
  table: string,
  candidates: readonly CandidateSource[],
  label: (c: CandidateSource) => string,
): ScaffoldCandidateInfo[] {
  return rankedFits(graph, table, candidates, SCAFFOLD_TYPE_RULES, label).map((fit) => ({
    path: fit.candidate.path,
    label: fit.label,
    matched: fit.matched,
    missing: fit.missing.map(describeColumn),
    retyped: fit.retyped.map(describeRetyped),
    ...(fit.candidate.problem ? { problem: fit.candidate.problem } : {}),
  }));
}

function refusalMessage(error: unknown): string {
  if (error instanceof ScaffoldRefusal) return error.message;
  throw error;
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
