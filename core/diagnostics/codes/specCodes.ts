import { code, group, type EdgePayload, type NameSuggestion } from '../diagnosticCodeEntry';

/** Static codes about files, the schema, graph structure and the inference graph against its training graph. */

export const FILE_CODES = group({
  title: 'files and schema',
  tier: 'static',
  codes: {
    'yaml-syntax': code({ severity: 'error', summary: 'The file is not valid YAML.' }),
    // Set only by the data tier, when a `columns:` override contradicts the data's type.
    schema: code<{ column: string; stype: string; dtype: string; allowedDtypes: string }>({
      severity: 'error',
      summary: 'A key or value does not match the spec format of its kind.',
    }),
    'file-not-found': code<{ table: string }>({
      severity: 'error',
      summary: 'A referenced file, folder or glob matches nothing on disk.',
    }),
    'number-out-of-range': code({
      severity: 'error',
      summary: 'A number or date is not finite, not whole where it must be, or beyond what the engine runs.',
    }),
  },
});

export const GRAPH_CODES = group({
  title: 'graph structure',
  tier: 'static',
  codes: {
    'unknown-table': code<{ table: string } & NameSuggestion>({
      severity: 'error',
      summary: 'An edge names a table that the graph does not define.',
    }),
    'duplicate-edge': code({ severity: 'error', summary: 'The same edge is declared twice.' }),
    'edge-fkey-is-primary-key': code({
      severity: 'error',
      summary: "An edge's foreign key is the primary key of its source table.",
    }),
    'edge-dst-no-primary-key': code<{ table: string; fkey: string }>({
      severity: 'error',
      summary: "An edge's destination table has no primary key to point at.",
    }),
  },
});

export const TRAINING_CONTRACT_CODES = group({
  title: 'inference graph vs training graph',
  tier: 'static',
  codes: {
    'table-not-in-training': code<{ table: string } & NameSuggestion>({
      severity: 'error',
      summary: 'The inference graph has a table that the training graph does not have.',
    }),
    'training-table-missing': code<{ table: string }>({
      severity: 'error',
      summary: 'A table of the training graph is missing from the inference graph.',
    }),
    'edge-not-in-training': code({
      severity: 'error',
      summary: 'The inference graph has an edge that the training graph does not have.',
    }),
    'training-edge-missing': code<{ edge: EdgePayload }>({
      severity: 'error',
      summary: 'An edge of the training graph is missing from the inference graph.',
    }),
    'unknown-training-job': code({
      severity: 'error',
      summary: 'The training job named by training_job cannot be found.',
    }),
    'kumo-training-graph-not-pulled': code<{ jobId: string }>({
      severity: 'information',
      summary: "The Kumo training job's graph has not been pulled, so the spec is not checked against it.",
    }),
    'model-not-trained': code<{ trainingSpec: string; activeJob?: string }>({
      severity: 'information',
      summary: 'The training spec named by training_job has no finished local training job, so there is no model yet.',
    }),
  },
});

export const PREDICTION_SETTINGS_CODES = group({
  title: 'prediction settings',
  tier: 'static',
  codes: {
    'threshold-required': code({
      severity: 'error',
      summary: 'A binary classification prediction needs binary_classification_threshold.',
    }),
    'threshold-not-applicable': code({
      severity: 'warning',
      summary: 'binary_classification_threshold is set for a task that is not binary classification.',
      tags: ['unnecessary'],
    }),
    'classes-not-applicable': code({
      severity: 'warning',
      summary: 'num_classes_to_return is set for a task without classes to rank.',
      tags: ['unnecessary'],
    }),
    'anchor-time-not-applicable': code({
      severity: 'error',
      summary: 'anchor_time is set for a static query, which has no anchor time.',
    }),
    'partition-requires-parquet': code({
      severity: 'error',
      summary: 'A {{PARTITION}} destination path is used with a format other than parquet.',
    }),
    'destination-outside-workspace': code<{ path: string; project: string }>({
      severity: 'warning',
      summary:
        "A prediction's outputs would be written outside the project folder, which the job refuses without `overwrite: true`.",
    }),
  },
});

export const INTERNAL_CODES = group({
  title: 'Relgraph itself',
  tier: 'internal',
  codes: {
    'internal-error': code({
      severity: 'error',
      summary: 'Relgraph failed while checking the file (a bug in Relgraph, not in the spec).',
    }),
  },
});
