import type { KumoTrainingGraph, KumoTrainingTable } from '../../core/kumo/KumoTrainingGraph';
import type { GraphSpec, OutputType, PredictionSpec, TableSpec } from '../../core/spec/SpecModel';
import { predictionTime, remotePredictionTable, RequestMappingError, s3Output } from './batchPredictionRequest';

/** The line the script prints once Kumo accepted the job; Relgraph reads the id from it. */
export const JOB_ID_LINE = /^Kumo batch prediction job: (\S+)$/m;

/** Connector classes of kumoai.connector that load a stored connector with `get_by_name(name)`. */
export const NAMED_CONNECTORS = ['SnowflakeConnector', 'DatabricksConnector', 'BigQueryConnector', 'S3Connector'];

export interface PredictionScriptInput {
  spec: PredictionSpec;
  /** The inference graph: every table behind a Kumo connector (kumoSourceProblems is empty). */
  graph: GraphSpec;
  trainingJobId: string;
  /** The pulled training graph, when known: the columns and types the model was trained with. */
  training?: KumoTrainingGraph;
  /** The spec as the header names it (a path relative to where the user works). */
  specLabel: string;
  tags?: Readonly<Record<string, string>>;
}

/**
 * The Python of Kumo's "inference on a different graph" recipe (seed 000; kumo-semantics.md §1.5-1.7,
 * §4 row 1) for one prediction spec: readable, commented, and without any secret (the URL and key come
 * from KUMO_API_URL / KUMO_API_KEY). Run as is, it waits for the job like the SDK's attach(); with
 * `--detach` it returns once Kumo accepted the job, printing its id (what `relgraph predict` does, to
 * then follow the job over REST).
 */
export function predictionScript(input: PredictionScriptInput): string {
  const { spec, graph, training } = input;
  const imports = new Imports();
  imports.module('os');
  imports.module('sys');
  imports.module('kumoai');
  imports.from('kumoai.graph', 'Edge', 'Graph', 'Table');
  imports.from('kumoai.artifact_export.config', 'OutputConfig');
  const body: string[] = [];
  const emit = (...lines: string[]) => body.push(...lines);

  emit(`TRAINING_JOB_ID = ${py(input.trainingJobId)}`, '');
  emit(
    '# 1. Connect (the URL and the key come from the environment) and load the predictive query the model',
    '#    was trained with.',
    'kumoai.init(url=os.environ["KUMO_API_URL"], api_key=os.environ["KUMO_API_KEY"])',
    'pquery = kumoai.PredictiveQuery.load_from_training_job(TRAINING_JOB_ID)',
    '',
  );

  emit('# 2. The inference tables, read through Kumo connectors.');
  const connectors = connectorVariables(graph, spec.destination?.connector?.value, training, imports, emit);
  for (const table of graph.tables) emitTable(table, connectors, training, emit);

  emit(
    "# 3. The graph. Its keys must be the training graph's table names (not the source tables' names), and",
    '#    its edges the training edges: the model was trained along them.',
    'graph = Graph(',
    '    tables={',
    ...graph.tables.map((t) => `        ${py(t.name)}: ${tableVariable(t.name)},`),
    '    },',
    '    edges=[',
    ...graph.edges.map(
      (e) =>
        `        Edge(src_table=${py(e.srcTable.value)}, fkey=${py(e.fkey.value)}, dst_table=${py(e.dstTable.value)}),`,
    ),
    '    ],',
    ')',
    '',
  );

  const remoteTable = remotePredictionTable(spec);
  if (remoteTable) {
    imports.from('kumoai.pquery', 'PredictionTable');
    emit(
      '# 4. The prediction table: exactly the entities listed in this table (a custom prediction table).',
      `prediction_table = PredictionTable(table_data_path=${py(remoteTable)})`,
      '',
    );
  } else {
    emit(
      `# 4. The prediction table: the entities to predict${spec.anchorTime ? `, at anchor time ${comment(spec.anchorTime.value)}` : ' (anchor time: Kumo infers it, the latest timestamp of the target table)'}.`,
      'plan = pquery.suggest_prediction_table_plan()',
    );
    if (spec.anchorTime) {
      imports.module('datetime');
      emit(`plan.anchor_time = datetime.datetime.fromisoformat(${py(predictionTime(spec.anchorTime.value))})`);
    }
    emit('prediction_table = pquery.generate_prediction_table(plan, non_blocking=True)', '');
  }

  emit(
    `# 5. Predict with the trained model. Kumo writes ${spec.outputTypes.map((t) => `${spec.name}_${t}`).join(' and ')}${destinationNote(spec)}.`,
    'trainer = kumoai.Trainer.load(TRAINING_JOB_ID)',
    'prediction_job = trainer.predict(',
    '    graph=graph,',
    '    prediction_table=prediction_table,',
    '    training_job_id=TRAINING_JOB_ID,',
    `    output_config=${outputConfig(spec, imports, connectors)},`,
  );
  if (spec.binaryClassificationThreshold)
    emit(`    binary_classification_threshold=${py(spec.binaryClassificationThreshold.value)},`);
  if (spec.numClassesToReturn) emit(`    num_classes_to_return=${py(spec.numClassesToReturn.value)},`);
  emit(`    num_workers=${spec.numWorkers},`, '    non_blocking=True,');
  if (input.tags && Object.keys(input.tags).length > 0) emit(`    custom_tags=${pyDict(input.tags)},`);
  emit(
    ')',
    'print(f"Kumo batch prediction job: {prediction_job.id}", flush=True)',
    '',
    'if "--detach" not in sys.argv[1:]:',
    '    # Wait for the job as the SDK does; Ctrl+C stops waiting, and the job keeps running on Kumo.',
    '    result = prediction_job.attach()',
    '    print(result.summary())',
  );

  return [...header(input), ...imports.lines(), '', ...body].join('\n') + '\n';
}

function header(input: PredictionScriptInput): string[] {
  const name = comment(input.spec.name);
  return [
    '#!/usr/bin/env python3',
    `"""Batch prediction "${name.replace(/"/g, "'")}" on Kumo, on a graph other than the training graph.`,
    '',
    `Generated by Relgraph from ${comment(input.specLabel)} (relgraph kumo script). Kumo's REST API`,
    "predicts only on a model's training graph; another graph takes Kumo's Python SDK",
    "(pip install kumoai) and the steps of Kumo's recipe for inference on a different graph:",
    '',
    `  1. connect, and load the predictive query of training job ${input.trainingJobId}`,
    '  2. load the inference tables from their connectors',
    "  3. build the graph under the training graph's table names, with its edges",
    '  4. generate the prediction table (the entities to predict)',
    '  5. predict with the trained model and write the outputs',
    '',
    'Run it with KUMO_API_URL and KUMO_API_KEY set in the environment (this file holds',
    'no secret). It waits for the job; with --detach it returns once Kumo accepted it.',
    '"""',
  ];
}

/** One variable per connector the script reads from or writes to, loaded by name. */
function connectorVariables(
  graph: GraphSpec,
  outputConnector: string | undefined,
  training: KumoTrainingGraph | undefined,
  imports: Imports,
  emit: (...lines: string[]) => void,
): Map<string, string> {
  const variables = new Map<string, string>();
  const names = [
    ...new Set([
      ...graph.tables.map((t) => t.connectorSource!.connector.value),
      ...(outputConnector ? [outputConnector] : []),
    ]),
  ];
  let helper = false;
  const loads: string[] = [];
  for (const name of names) {
    const variable = uniqueVariable(`connector_${identifier(name)}`, variables);
    variables.set(name, variable);
    // The training graph says which kind of connector a name is; a connector it never used is looked up.
    const known = training?.tables.find((t) => t.source?.connector === name)?.source?.connectorType;
    if (known && NAMED_CONNECTORS.includes(known)) {
      imports.from('kumoai.connector', known);
      loads.push(`${variable} = ${known}.get_by_name(${py(name)})`);
    } else {
      helper = true;
      loads.push(`${variable} = load_connector(${py(name)})`);
    }
  }
  if (helper) {
    for (const cls of NAMED_CONNECTORS) imports.from('kumoai.connector', cls);
    emit(
      '',
      'def load_connector(name):',
      '    """A Kumo connector by name. The spec does not say its kind, so each kind of connector is asked."""',
      '    problems = []',
      `    for kind in (${NAMED_CONNECTORS.join(', ')}):`,
      '        try:',
      '            return kind.get_by_name(name)',
      '        except Exception as error:  # the SDK raises when the stored connector is of another kind',
      '            problems.append(f"{kind.__name__}: {error}")',
      '    raise ValueError(f"No Kumo connector named {name!r}: " + "; ".join(problems))',
      '',
    );
  }
  emit(...loads, '');
  return variables;
}

function emitTable(
  table: TableSpec,
  connectors: Map<string, string>,
  training: KumoTrainingGraph | undefined,
  emit: (...lines: string[]) => void,
): void {
  const source = table.connectorSource!;
  const variable = tableVariable(table.name);
  const trained = training?.tables.find((t) => t.name === table.name);
  const excluded = table.columns.filter((c) => c.exclude).map((c) => c.name);
  emit(
    `# ${comment(table.name)}: source table ${comment(source.table.value)} of connector ${comment(source.connector.value)}`,
  );
  const sourceExpression = `${connectors.get(source.connector.value)}.table(${py(source.table.value)})`;
  let columns: string | undefined;
  if (trained) {
    const kept = trained.columns.map((c) => c.name).filter((c) => !excluded.includes(c));
    columns = `[${kept.map(py).join(', ')}]`;
  } else if (excluded.length > 0) {
    emit(`source_${identifier(table.name)} = ${sourceExpression}`);
    columns = `[c for c in source_${identifier(table.name)}.column_dict if c not in {${excluded.map(py).join(', ')}}]`;
  }
  const args: { text: string; note?: string }[] = [
    { text: `source_table=${excluded.length > 0 && !trained ? `source_${identifier(table.name)}` : sourceExpression}` },
  ];
  if (columns)
    args.push({ text: `columns=${columns}`, note: trained ? 'the columns the model was trained on' : undefined });
  if (table.primaryKey) args.push({ text: `primary_key=${py(table.primaryKey.value)}` });
  if (table.timeColumn) args.push({ text: `time_column=${py(table.timeColumn.value)}` });
  if (table.endTimeColumn) args.push({ text: `end_time_column=${py(table.endTimeColumn.value)}` });
  emit(
    `${variable} = Table.from_source_table(`,
    ...args.map((a) => `    ${a.text},${a.note ? `  # ${a.note}` : ''}`),
    ')',
  );
  emit(`${variable}.infer_metadata()`);
  const overrides = typeOverrides(table, trained);
  if (overrides.fromTraining.length > 0) {
    emit('# Read every column as the model was trained to read it (types from the pulled training graph).');
    emit(...overrides.fromTraining.map((line) => `${variable}.${line}`));
  }
  if (overrides.fromSpec.length > 0) {
    emit("# The spec's `columns:` overrides.");
    emit(...overrides.fromSpec.map((line) => `${variable}.${line}`));
  }
  emit('');
}

function typeOverrides(table: TableSpec, trained: KumoTrainingTable | undefined) {
  const fromSpec: string[] = [];
  for (const c of table.columns) {
    if (c.exclude) continue;
    if (c.dtype) fromSpec.push(`column(${py(c.name)}).dtype = ${py(c.dtype.value)}`);
    if (c.stype) fromSpec.push(`column(${py(c.name)}).stype = ${py(c.stype.value)}`);
  }
  const fromTraining: string[] = [];
  for (const c of trained?.columns ?? []) {
    const override = table.columns.find((o) => o.name === c.name);
    if (override?.exclude) continue;
    if (!override?.dtype) fromTraining.push(`column(${py(c.name)}).dtype = ${py(c.dtype)}`);
    if (!override?.stype) fromTraining.push(`column(${py(c.name)}).stype = ${py(c.stype)}`);
  }
  return { fromSpec, fromTraining };
}

/** `OutputConfig(...)` for the spec's destination (§1.7): the SDK appends `_<type>` to the table name. */
function outputConfig(spec: PredictionSpec, imports: Imports, connectors: Map<string, string>): string {
  const types = `{${spec.outputTypes.map((t: OutputType) => py(t)).join(', ')}}`;
  const destination = spec.destination;
  const kind = destination?.type.value ?? 'local';
  const args = [`output_types=${types}`];
  const connector = (name: string) => connectors.get(name)!;
  if (kind === 's3') {
    const { root, name } = s3Output(destination!, spec.name);
    if (destination!.connector) args.push(`output_connector=${connector(destination!.connector.value)}`);
    else {
      imports.from('kumoai.connector', 'S3Connector');
      args.push(`output_connector=S3Connector(root_dir=${py(root)})`);
    }
    args.push(`output_table_name=${py(name)}`);
  } else if (kind === 'snowflake' || kind === 'bigquery' || kind === 'databricks') {
    const name = destination!.connector?.value;
    const table = destination!.table?.value;
    if (!name || !table) throw new RequestMappingError(`destination type '${kind}' needs 'connector' and 'table'`);
    args.push(`output_connector=${connector(name)}`);
    if (kind === 'databricks') {
      const parts = table.split('.');
      if (parts.length !== 2)
        throw new RequestMappingError(`Databricks output tables are 'schema.table' (got '${table}')`);
      args.push(`output_table_name=(${py(parts[0])}, ${py(parts[1])})`);
    } else {
      args.push(`output_table_name=${py(table)}`);
      const config = kind === 'snowflake' ? 'SnowflakeConnectorConfig' : 'BigQueryOutputConfig';
      imports.from('kumoai.artifact_export.config', config);
      imports.from('kumoapi.jobs', 'WriteMode');
      const mode = destination!.writeMode?.value === 'append' ? 'APPEND' : 'OVERWRITE';
      args.push(`connector_specific_config=${config}(write_mode=WriteMode.${mode})`);
    }
  }
  if (destination?.writeMode?.value === 'append') {
    imports.from('kumoapi.jobs', 'MetadataField');
    args.push('output_metadata_fields=[MetadataField.JOB_TIMESTAMP]');
  }
  return `OutputConfig(\n${args.map((a) => `        ${a},`).join('\n')}\n    )`;
}

function destinationNote(spec: PredictionSpec): string {
  const d = spec.destination;
  if (!d || d.type.value === 'local') return ', kept by Kumo for download (relgraph kumo predictions)';
  if (d.type.value === 's3') return ` under ${comment(d.path?.value ?? '')}`;
  return ` to ${comment(d.table?.value ?? '')} through connector ${comment(d.connector?.value ?? '')}`;
}

class Imports {
  private readonly modules = new Set<string>();
  private readonly names = new Map<string, Set<string>>();

  module(name: string): void {
    this.modules.add(name);
  }

  from(module: string, ...names: string[]): void {
    const set = this.names.get(module) ?? new Set<string>();
    for (const n of names) set.add(n);
    this.names.set(module, set);
  }

  /** Standard library first, then kumoai and kumoapi, as isort would. */
  lines(): string[] {
    const std = [...this.modules].filter((m) => !m.startsWith('kumo')).sort();
    const kumo = [...this.modules].filter((m) => m.startsWith('kumo')).sort();
    const from = [...this.names.keys()]
      .sort()
      .map((m) => `from ${m} import ${[...this.names.get(m)!].sort().join(', ')}`);
    return [...std.map((m) => `import ${m}`), '', ...kumo.map((m) => `import ${m}`), ...from];
  }
}

/** A Python literal: JSON's strings and numbers are Python's too. */
function py(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return JSON.stringify(value);
}

function pyDict(values: Readonly<Record<string, string>>): string {
  return `{${Object.entries(values)
    .map(([k, v]) => `${py(k)}: ${py(v)}`)
    .join(', ')}}`;
}

/** Text inside a comment or docstring: one line, no control characters, no docstring terminator. */
function comment(text: string): string {
  const oneLine = [...text]
    .map((c) => (c.charCodeAt(0) < 32 || c === '\u007f' || c === '\u2028' || c === '\u2029' ? ' ' : c))
    .join('');
  return oneLine.replace(/"""/g, "'''").replace(/\\/g, '/');
}

function identifier(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

function tableVariable(name: string): string {
  return `table_${identifier(name)}`;
}

function uniqueVariable(base: string, taken: Map<string, string>): string {
  const used = new Set(taken.values());
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  return name;
}
