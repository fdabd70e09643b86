import * as path from 'node:path';
import { isMap, isScalar, type Node } from 'yaml';
import { buildGraphSpec, locatedNumber, locatedString } from './buildGraphSpec';
import { makeOffsetToRange } from './queryText';
import type {
  DestinationSpec,
  GraphRef,
  Located,
  OutputType,
  PredictionSpec,
  QueryText,
  RunMode,
  TrainingJobRef,
  TrainingSpec,
} from './SpecModel';
import { withoutSpecSuffix } from './specFileNames';
import { findEntry, mapEntries, scalarValue, seqItems, type MapEntry, type YamlRanges } from './yamlNodes';

const LOCAL_JOB_ID = /^(trainingjob|bp-job)-[A-Za-z0-9_-]+$/;

export function specBaseName(specPath: string): string {
  return withoutSpecSuffix(path.basename(specPath)).replace(/\.ya?ml$/i, '');
}

function buildGraphRef(root: Node | null, specPath: string, ranges: YamlRanges, text: string): GraphRef | undefined {
  const entry = findEntry(root, 'graph');
  if (!entry) return undefined;
  const keyRange = ranges.ofNode(entry.keyNode, ranges.range(0, 0));
  if (isMap(entry.valueNode)) {
    return {
      kind: 'inline',
      graph: buildGraphSpec(entry.valueNode, specPath, ranges, text),
      range: ranges.ofNode(entry.valueNode, keyRange),
      keyRange,
    };
  }
  const ref = locatedString(entry, ranges);
  if (!ref) return undefined;
  return { kind: 'path', path: ref, absolutePath: path.resolve(path.dirname(specPath), ref.value) };
}

export function buildTrainingSpec(root: Node | null, specPath: string, ranges: YamlRanges, text: string): TrainingSpec {
  const queryEntry = findEntry(root, 'query');
  let query: QueryText | undefined;
  const located = locatedString(queryEntry, ranges);
  if (located && queryEntry?.valueNode && isScalar(queryEntry.valueNode)) {
    query = { ...located, offsetToRange: makeOffsetToRange(text, queryEntry.valueNode, ranges) };
  }
  const trainNode = findEntry(root, 'train')?.valueNode;
  const modelNode = findEntry(root, 'model')?.valueNode;
  const model = isMap(modelNode) ? (modelNode.toJSON() as Record<string, unknown>) : {};
  const runMode = model.run_mode;
  return {
    kind: 'training',
    path: specPath,
    name: locatedString(findEntry(root, 'name'), ranges)?.value ?? specBaseName(specPath),
    graph: buildGraphRef(root, specPath, ranges, text),
    query,
    train: {
      startTime: locatedString(findEntry(trainNode, 'start_time'), ranges),
      endTime: locatedString(findEntry(trainNode, 'end_time'), ranges),
      timeframeStep: locatedNumber(findEntry(trainNode, 'timeframe_step'), ranges),
      validationStart: locatedString(findEntry(trainNode, 'validation_start'), ranges),
    },
    runMode: runMode === 'fast' || runMode === 'best' ? runMode : ('normal' as RunMode),
    model,
  };
}

function buildTrainingJobRef(root: Node | null, specPath: string, ranges: YamlRanges): TrainingJobRef | undefined {
  const ref = locatedString(findEntry(root, 'training_job'), ranges);
  if (!ref) return undefined;
  if (ref.value.startsWith('kumo:')) return { kind: 'kumo', ref, jobId: ref.value.slice('kumo:'.length) };
  if (LOCAL_JOB_ID.test(ref.value)) return { kind: 'local-job', ref, jobId: ref.value };
  return { kind: 'spec', ref, absolutePath: path.resolve(path.dirname(specPath), ref.value) };
}

function buildDestination(root: Node | null, ranges: YamlRanges): DestinationSpec | undefined {
  const entry = findEntry(root, 'destination');
  if (!entry || !isMap(entry.valueNode)) return undefined;
  const node = entry.valueNode;
  const type = locatedString(findEntry(node, 'type'), ranges);
  if (!type) return undefined;
  const keyRange = ranges.ofNode(entry.keyNode, ranges.range(0, 0));
  return {
    type: type as Located<DestinationSpec['type']['value']>,
    path: locatedString(findEntry(node, 'path'), ranges),
    format: locatedString(findEntry(node, 'format'), ranges) as DestinationSpec['format'],
    connector: locatedString(findEntry(node, 'connector'), ranges),
    table: locatedString(findEntry(node, 'table'), ranges),
    writeMode: locatedString(findEntry(node, 'write_mode'), ranges) as DestinationSpec['writeMode'],
    overwrite: locatedBoolean(findEntry(node, 'overwrite'), ranges),
    range: ranges.ofNode(node, keyRange),
    keyRange,
  };
}

function locatedBoolean(entry: MapEntry | undefined, ranges: YamlRanges): Located<boolean> | undefined {
  const value = entry ? scalarValue(entry.valueNode) : undefined;
  if (!entry || typeof value !== 'boolean') return undefined;
  const keyRange = ranges.ofNode(entry.keyNode, ranges.range(0, 0));
  return { value, range: ranges.ofNode(entry.valueNode, keyRange), keyRange };
}

export function buildPredictionSpec(
  root: Node | null,
  specPath: string,
  ranges: YamlRanges,
  text: string,
): PredictionSpec {
  const predictionTable = locatedString(findEntry(root, 'prediction_table'), ranges);
  const outputEntry = findEntry(root, 'output_types');
  const outputTypes = seqItems(outputEntry?.valueNode)
    .map((n) => scalarValue(n))
    .filter((v): v is OutputType => v === 'predictions' || v === 'embeddings');
  const workers = locatedNumber(findEntry(root, 'num_workers'), ranges);
  return {
    kind: 'prediction',
    path: specPath,
    name: locatedString(findEntry(root, 'name'), ranges)?.value ?? specBaseName(specPath),
    trainingJob: buildTrainingJobRef(root, specPath, ranges),
    graph: buildGraphRef(root, specPath, ranges, text),
    anchorTime: locatedString(findEntry(root, 'anchor_time'), ranges),
    predictionTable,
    predictionTablePath: predictionTable ? path.resolve(path.dirname(specPath), predictionTable.value) : undefined,
    binaryClassificationThreshold: locatedNumber(findEntry(root, 'binary_classification_threshold'), ranges),
    numClassesToReturn: locatedNumber(findEntry(root, 'num_classes_to_return'), ranges),
    outputTypes: outputTypes.length > 0 ? [...new Set(outputTypes)] : ['predictions'],
    outputTypesRange: outputEntry ? ranges.ofNode(outputEntry.keyNode, ranges.range(0, 0)) : undefined,
    destination: buildDestination(root, ranges),
    numWorkers:
      workers && Number.isInteger(workers.value) && workers.value >= 1 && workers.value <= 4 ? workers.value : 1,
    numWorkersRange: workers?.range,
    writtenKeys: new Set(mapEntries(root).map((entry) => entry.key)),
  };
}
