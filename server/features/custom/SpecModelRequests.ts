import * as path from 'node:path';
import type { SpecDiagnostic } from '../../../core/diagnostics/SpecDiagnostic';
import { withoutSpecSuffix } from '../../../core/spec/specFileNames';
import type { GraphSpec } from '../../../core/spec/SpecModel';
import type { SpecValidation } from '../../../core/validation/SpecValidation';
import { pathToUri } from '../../documents/specFiles';
import {
  RELGRAPH_PROTOCOL_VERSION,
  type GraphModelProblem,
  type GraphModelResult,
  type SpecInfoResult,
} from '../../../protocol/lspExtensions';
import type { ServerSettings } from '../../ServerSettings';
import type { OpenSpec, SpecWorkspace } from '../../workspace/SpecWorkspace';
import { contains, edgeLabel, edgeValues } from '../specLookup';
import { targetTables } from '../../../core/pql/queryAnalysis';

/** Answers `relgraph/specInfo` (the status item) and `relgraph/graphModel` (the diagram). */
export class SpecModelRequests {
  constructor(
    private readonly workspace: SpecWorkspace,
    private readonly settings: () => ServerSettings,
  ) {}

  specInfo(uri: string): SpecInfoResult {
    const open = this.workspace.open(uri);
    if (!open) return { v: RELGRAPH_PROTOCOL_VERSION, errors: 0, warnings: 0, dataChecks: { state: 'not-run' } };
    const { validation, state } = open;
    const spec = validation.spec;
    const all = [...validation.diagnostics, ...state.data.diagnostics];
    const result: SpecInfoResult = {
      v: RELGRAPH_PROTOCOL_VERSION,
      kind: open.doc.kind,
      name: spec && spec.kind !== 'graph' ? spec.name : withoutSpecSuffix(path.basename(open.doc.path), ['graph']),
      taskType: validation.taskType,
      errors: all.filter((d) => d.severity === 'error').length,
      warnings: all.filter((d) => d.severity === 'warning').length,
      dataChecks: !this.settings().trusted
        ? { state: 'restricted' }
        : this.settings().dataChecks.enabled
          ? { state: state.data.state, finishedAt: state.data.finishedAt?.toISOString() }
          : { state: 'off' },
    };
    if (spec?.kind === 'prediction' && spec.trainingJob) {
      if (spec.trainingJob.kind === 'spec') result.trainingSpecPath = spec.trainingJob.absolutePath;
      else {
        result.trainingJobId = spec.trainingJob.jobId;
        result.trainingJobBackend = spec.trainingJob.kind === 'kumo' ? 'kumo' : 'local';
      }
    }
    if (spec && spec.kind !== 'graph' && spec.graph?.kind === 'path') result.graphPath = spec.graph.absolutePath;
    if (spec?.kind === 'graph') {
      // A graph file used as an inference graph is paired with the model validation checked it against.
      const contract = this.workspace.trainingContractOf(validation);
      if (contract?.trainingSpecPath) result.trainingSpecPath = contract.trainingSpecPath;
      else if (contract?.jobId) result.trainingJobId = contract.jobId;
    }
    return result;
  }

  graphModel(uri: string): GraphModelResult {
    const open = this.workspace.open(uri);
    const graph = open?.validation.graph;
    if (!open || !graph) return { v: RELGRAPH_PROTOCOL_VERSION, tables: [], edges: [], missingTrainingTables: [] };
    const training = this.workspace.trainingContractOf(open.validation);
    const isInference = training !== undefined && training.graph?.path !== graph.path;
    const diagnostics = this.diagnosticsOf(open, graph);
    const graphUri = pathToUri(graph.path);
    const trainingEdges = new Set(training?.edges.map(edgeLabel));
    const names = new Set(graph.tables.map((t) => t.name));
    return {
      v: RELGRAPH_PROTOCOL_VERSION,
      kind: open.doc.kind,
      tables: graph.tables.map((table) => ({
        name: table.name,
        uri: graphUri,
        range: table.nameRange,
        source: table.source?.value,
        primaryKey: table.primaryKey?.value,
        timeColumn: table.timeColumn?.value,
        inTraining: isInference ? training!.tables.has(table.name) : undefined,
        problems: problemsIn(diagnostics, table.range),
      })),
      edges: graph.edges.map((edge) => ({
        ...edgeValues(edge),
        uri: graphUri,
        range: edge.range,
        inTraining: isInference ? trainingEdges.has(edgeLabel(edgeValues(edge))) : undefined,
        problems: problemsIn(diagnostics, edge.range),
      })),
      missingTrainingTables: isInference ? [...training!.tables.keys()].filter((name) => !names.has(name)) : [],
      trainingLabel: training?.label,
      ...queryRoles(open.validation.query),
    };
  }

  /** Diagnostics of the file that holds the graph: this document's, or the graph file's own validation. */
  private diagnosticsOf(open: OpenSpec, graph: GraphSpec): SpecDiagnostic[] {
    if (graph.path === open.doc.path) return [...open.validation.diagnostics, ...open.state.data.diagnostics];
    const graphFile = this.workspace.documents.getByPath(graph.path);
    const validation = this.workspace.validationOf(graph.path);
    const data = graphFile ? (this.workspace.open(graphFile.uri)?.state.data.diagnostics ?? []) : [];
    return [...(validation?.diagnostics ?? []), ...data];
  }
}

/** The entity and target tables of the spec's query (a graph file has none of its own). */
function queryRoles(query: SpecValidation['query']): Pick<GraphModelResult, 'entityTable' | 'targetTables'> {
  if (!query) return {};
  return { entityTable: query.entity.table, targetTables: targetTables(query) };
}

function problemsIn(diagnostics: SpecDiagnostic[], range: GraphSpec['tablesKeyRange']): GraphModelProblem[] {
  return diagnostics
    .filter((d) => contains(range, d.range.start) && contains(range, d.range.end))
    .map((d) => ({ severity: d.severity, code: d.code, message: d.message }));
}
