import type { RelatedLocation, SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import type { GraphSpec } from '../spec/SpecModel';
import type { TrainingGraphMetadata } from '../spec/TrainingGraphMetadata';
import { closestMatch, didYouMean } from '../text/didYouMean';
import { diagnostic } from './diagnosticFactory';

/** The training side of the contract, from a training graph file or from a training job's stored metadata. */
export interface TrainingGraphShape {
  /** Where the training graph is described, for messages ("f1.graph.yaml" or "job trainingjob-..."). */
  label: string;
  /** The training graph spec, when the contract comes from spec files (not from a job's record). */
  graph?: GraphSpec;
  /** The training spec file the contract comes from, or the job whose record holds it. */
  trainingSpecPath?: string;
  jobId?: string;
  tables: Map<string, { location?: RelatedLocation; source?: string }>;
  edges: { srcTable: string; fkey: string; dstTable: string; location?: RelatedLocation }[];
  /** Parts of a training graph file the schema reports as broken: what was read from them is incomplete. */
  broken?: GraphSpec['broken'];
}

export function shapeOfGraph(graph: GraphSpec, label: string, trainingSpecPath?: string): TrainingGraphShape {
  return {
    label,
    graph,
    trainingSpecPath,
    tables: new Map(
      graph.tables.map((t) => [
        t.name,
        {
          location: { path: graph.path, range: t.nameRange, message: `training table '${t.name}'` },
          source: t.source?.value,
        },
      ]),
    ),
    edges: graph.edges.map((e) => ({
      srcTable: e.srcTable.value,
      fkey: e.fkey.value,
      dstTable: e.dstTable.value,
      location: { path: graph.path, range: e.range, message: 'training edge' },
    })),
    broken: graph.broken,
  };
}

export function shapeOfJob(job: TrainingGraphMetadata): TrainingGraphShape {
  return {
    label: `training job ${job.jobId}`,
    jobId: job.jobId,
    tables: new Map(job.tables.map((t) => [t.name, {}])),
    edges: job.edges.map((e) => ({ ...e })),
  };
}

const edgeKey = (e: { srcTable: string; fkey: string; dstTable: string }) => `${e.srcTable}.${e.fkey}->${e.dstTable}`;

/**
 * An inference graph must name its tables exactly as the training graph did and keep its edges:
 * the model's features were built along those names and links (Kumo's different-graph recipe).
 */
export function checkAgainstTraining(inference: GraphSpec, training: TrainingGraphShape): SpecDiagnostic[] {
  const diagnostics: SpecDiagnostic[] = [];
  // Tables that could not be read (the schema says why, in whichever graph it is) cannot be compared: every table
  // would look missing or extra.
  if (inference.broken?.tables || training.broken?.tables) return diagnostics;
  const trainingNames = [...training.tables.keys()];
  const inferenceNames = new Set(inference.tables.map((t) => t.name));
  const unmatchedTraining = trainingNames.filter((n) => !inferenceNames.has(n));

  for (const table of inference.tables) {
    if (training.tables.has(table.name)) continue;
    // Prefer a training table this graph does not have yet: that is the rename the user most likely needs.
    const suggestion = closestMatch(table.name, unmatchedTraining) ?? closestMatch(table.name, trainingNames);
    const location = suggestion ? training.tables.get(suggestion)?.location : undefined;
    diagnostics.push(
      diagnostic(
        'table-not-in-training',
        `Table '${table.name}' is not in the training graph (${training.label}); inference graph table names must be the training graph's table names.` +
          (suggestion ? ` Did you mean '${suggestion}'?` : ` Training tables: ${trainingNames.join(', ')}.`),
        table.nameRange,
        { related: location ? [location] : undefined, data: { table: table.name, suggestion } },
      ),
    );
  }

  for (const name of unmatchedTraining) {
    // A renamed key is one cause, reported once: on the key, by table-not-in-training, with the rename fix.
    if (renamedFrom(inference, training, name)) continue;
    const location = training.tables.get(name)?.location;
    diagnostics.push(
      diagnostic(
        'training-table-missing',
        `The training graph's table '${name}' is missing from this inference graph; the model needs it to build its features.`,
        inference.tablesKeyRange,
        { related: location ? [location] : undefined, data: { table: name } },
      ),
    );
  }

  if (training.broken?.edges) return diagnostics;
  const trainingEdges = new Set(training.edges.map(edgeKey));
  const inferenceEdges = new Set(
    inference.edges.map((e) => edgeKey({ srcTable: e.srcTable.value, fkey: e.fkey.value, dstTable: e.dstTable.value })),
  );
  for (const edge of inference.edges) {
    const key = edgeKey({ srcTable: edge.srcTable.value, fkey: edge.fkey.value, dstTable: edge.dstTable.value });
    if (trainingEdges.has(key)) continue;
    // An edge between renamed tables is reported through the table diagnostics already.
    if (!training.tables.has(edge.srcTable.value) || !training.tables.has(edge.dstTable.value)) continue;
    diagnostics.push(
      diagnostic(
        'edge-not-in-training',
        `Edge ${key} is not in the training graph (${training.label}); the model was not trained with it. Remove it or retrain.` +
          didYouMean(
            key,
            [...trainingEdges].filter((k) => !inferenceEdges.has(k)),
          ),
        edge.range,
      ),
    );
  }
  // Edges that could not be read (the schema says why) would all look missing.
  if (inference.broken?.edges) return diagnostics;
  for (const edge of training.edges) {
    const key = edgeKey(edge);
    if (inferenceEdges.has(key)) continue;
    if (!inferenceNames.has(edge.srcTable) || !inferenceNames.has(edge.dstTable)) continue;
    diagnostics.push(
      diagnostic(
        'training-edge-missing',
        `The training graph's edge ${key} is missing from this inference graph; add { src_table: ${edge.srcTable}, fkey: ${edge.fkey}, dst_table: ${edge.dstTable} }.`,
        inference.edgesKeyRange ?? inference.tablesKeyRange,
        {
          related: edge.location ? [edge.location] : undefined,
          data: { edge: { src_table: edge.srcTable, fkey: edge.fkey, dst_table: edge.dstTable } },
        },
      ),
    );
  }
  return diagnostics;
}

/** The inference table whose key most likely renames the training table `name` (`driver` for `drivers`). */
function renamedFrom(inference: GraphSpec, training: TrainingGraphShape, name: string) {
  const inferenceNames = new Set(inference.tables.map((t) => t.name));
  const unmatchedTraining = [...training.tables.keys()].filter((n) => !inferenceNames.has(n));
  return inference.tables.find((t) => !training.tables.has(t.name) && closestMatch(t.name, unmatchedTraining) === name);
}

/**
 * An edge end naming a training table this graph lacks is a consequence, not a typo: the table key was renamed
 * (`drivers` -> `driver`) or the table left out. Rewrites those `unknown-table` diagnostics (from checkGraph) to
 * say so and point at the cause, without a "did you mean" that would copy the wrong name into the edges.
 */
export function explainEdgesToTrainingTables(
  diagnostics: SpecDiagnostic[],
  inference: GraphSpec,
  training: TrainingGraphShape,
): void {
  const inferenceNames = new Set(inference.tables.map((t) => t.name));
  for (const [i, d] of diagnostics.entries()) {
    const name = d.data?.table;
    if (d.code !== 'unknown-table' || typeof name !== 'string') continue;
    if (!training.tables.has(name) || inferenceNames.has(name)) continue;
    const renamed = renamedFrom(inference, training, name);
    const message = renamed
      ? `Edge refers to table '${name}', the training graph's name for the table this graph calls '${renamed.name}': fix the table key first (rename '${renamed.name}' to '${name}'); this edge is then right as it is.`
      : `Edge refers to table '${name}', which the training graph has and this graph is missing: add the table first; this edge is then right as it is.`;
    const related = renamed
      ? [{ path: inference.path, range: renamed.nameRange, message: `the table key '${renamed.name}'` }]
      : [];
    diagnostics[i] = {
      ...d,
      message,
      ...(related.length ? { related } : {}),
      data: { table: name, consequenceOf: renamed ? 'table-not-in-training' : 'training-table-missing' },
    };
  }
}
