import type { Range } from 'vscode-languageserver';
import type { GraphSpec, TrainingSpec } from '../../../core/spec/SpecModel';
import { walkColumnRefs } from '../../../core/pql/queryAnalysis';
import type { SpecValidation } from '../../../core/validation/SpecValidation';
import { specKindOfPath } from '../../../core/spec/specFileNames';
import type { SpecWorkspace } from '../../workspace/SpecWorkspace';

/** One place a table name is written. */
export interface TableOccurrence {
  path: string;
  range: Range;
  kind: 'declaration' | 'edge' | 'query';
}

/**
 * The specs that share one set of table names: a training graph, the training specs (and their queries)
 * built on it, and the inference graphs of the prediction specs using those trainings. Kumo requires an
 * inference graph to keep the training names, so for references and rename they are one namespace.
 */
export class TableFamily {
  private constructor(
    readonly trainingGraph: GraphSpec | undefined,
    readonly graphs: GraphSpec[],
    readonly trainingSpecs: { spec: TrainingSpec; validation: SpecValidation }[],
  ) {}

  static of(validation: SpecValidation, workspace: SpecWorkspace): TableFamily {
    const own = validation.graph;
    let trainingGraph: GraphSpec | undefined;
    if (validation.spec?.kind === 'training') trainingGraph = validation.graph;
    else if (validation.spec?.kind === 'prediction') trainingGraph = workspace.trainingGraphOf(validation);
    else trainingGraph = workspace.trainingGraphOf(validation) ?? own;

    const graphs = new Map<string, GraphSpec>();
    const add = (graph: GraphSpec | undefined) => {
      if (graph) graphs.set(graph.path, graph);
    };
    add(trainingGraph);
    add(own);
    const trainingSpecs: { spec: TrainingSpec; validation: SpecValidation }[] = [];
    if (trainingGraph) {
      // A training graph file is shared by its training specs; an inline one belongs to its spec alone.
      const trainingPaths = workspace.links.trainingSpecsOf(trainingGraph.path);
      if (validation.spec?.kind === 'training') trainingPaths.push(validation.path);
      if (validation.training) trainingPaths.push(validation.training.path);
      if (specKindOfPath(trainingGraph.path) === 'training') trainingPaths.push(trainingGraph.path);
      for (const trainingPath of new Set(trainingPaths)) {
        const trained = workspace.validationOf(trainingPath);
        if (trained?.spec?.kind !== 'training' || trained.graph?.path !== trainingGraph.path) continue;
        trainingSpecs.push({ spec: trained.spec, validation: trained });
        for (const predictionPath of workspace.links.predictionSpecsOf(trainingPath)) {
          const predicted = workspace.validationOf(predictionPath);
          if (predicted?.spec?.kind === 'prediction' && predicted.spec.graph) add(predicted.graph);
        }
      }
    }
    return new TableFamily(trainingGraph, [...graphs.values()], trainingSpecs);
  }

  /** Every place the table `name` is written: table keys, edge ends and query references. */
  occurrencesOf(name: string): TableOccurrence[] {
    const out: TableOccurrence[] = [];
    for (const graph of this.graphs) {
      for (const table of graph.tables) {
        if (table.name === name) out.push({ path: graph.path, range: table.nameRange, kind: 'declaration' });
      }
      for (const edge of graph.edges) {
        if (edge.srcTable.value === name) out.push({ path: graph.path, range: edge.srcTable.range, kind: 'edge' });
        if (edge.dstTable.value === name) out.push({ path: graph.path, range: edge.dstTable.range, kind: 'edge' });
      }
    }
    for (const { spec, validation } of this.trainingSpecs) {
      const query = validation.query;
      if (!query || !spec.query) continue;
      const text = spec.query;
      walkColumnRefs(query, (ref) => {
        if (ref.table === name)
          out.push({
            path: spec.path,
            range: text.offsetToRange(ref.tableSpan.start, ref.tableSpan.end),
            kind: 'query',
          });
      });
    }
    return dedupe(out);
  }
}

function dedupe(occurrences: TableOccurrence[]): TableOccurrence[] {
  const seen = new Set<string>();
  return occurrences.filter((o) => {
    const key = `${o.path}:${o.range.start.line}:${o.range.start.character}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
