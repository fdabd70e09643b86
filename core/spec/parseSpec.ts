import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  YAMLParseError,
  type Document,
  type Node,
} from 'yaml';
import type { Range, SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import { buildGraphSpec } from './buildGraphSpec';
import { fastParseDocument } from './fastYaml/fastParseDocument';
import { buildPredictionSpec, buildTrainingSpec } from './buildTaskSpecs';
import { validateAgainstSchema } from './schemaValidation';
import { specKindOfPath } from './specFileNames';
import type { Spec, SpecKind } from './SpecModel';
import { scalarValue, findEntry, YamlRanges } from './yamlNodes';

export interface ParsedSpec {
  spec?: Spec;
  kind?: SpecKind;
  diagnostics: SpecDiagnostic[];
  document?: Document;
  ranges?: YamlRanges;
}

/**
 * Larger files are not parsed: the YAML parser needs seconds per few megabytes, which would freeze the
 * editor on every keystroke, and no real spec comes near it (a 200-table graph is about 40 kB).
 */
export const MAX_SPEC_BYTES = 2 * 1024 * 1024;
/** Aliases expanded beyond this many are an alias bomb, not a spec. */
const MAX_ALIAS_COUNT = 1000;

function syntaxError(message: string, ranges: YamlRanges, start = 0, end = 0): SpecDiagnostic {
  return { code: 'yaml-syntax', severity: 'error', message, range: ranges.range(start, end), source: 'relgraph' };
}

/** Text that did not decode as UTF-8 (U+FFFD) or holds NUL bytes is not a YAML spec; say so instead of listing YAML errors. */
function encodingProblem(text: string, ranges: YamlRanges): SpecDiagnostic | undefined {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return syntaxError(
      'The file contains NUL bytes: it is binary or UTF-16 encoded. Save spec files as UTF-8 text.',
      ranges,
      nul,
      nul + 1,
    );
  }
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    return syntaxError(
      'The file is not valid UTF-8 (wrong encoding?). Save spec files as UTF-8 text.',
      ranges,
      bad,
      bad + 1,
    );
  }
  return undefined;
}

export interface ParseSpecOptions {
  /**
   * Read the YAML with the fast parser of core/spec/fastYaml when the text allows (default), else with the
   * yaml package. Both give the same document; `false` is the reference the fast path is tested against.
   */
  fastYaml?: boolean;
}

/** Parses one spec file's text into the typed model, with YAML syntax and schema diagnostics. Never throws. */
export function parseSpec(text: string, absolutePath: string, options: ParseSpecOptions = {}): ParsedSpec {
  const lineCounter = new LineCounter();
  const source = text; // a BOM is skipped by the YAML reader itself, keeping every offset
  const ranges = new YamlRanges(source);
  if (source.length > MAX_SPEC_BYTES) {
    const megabytes = (source.length / (1024 * 1024)).toFixed(1);
    return {
      kind: specKindOfPath(absolutePath),
      diagnostics: [
        syntaxError(
          `The file is ${megabytes} MB; Relgraph validates spec files up to ${MAX_SPEC_BYTES / (1024 * 1024)} MB (a 200-table graph is about 40 kB). Split it into smaller graphs or check that it is really a spec.`,
          ranges,
        ),
      ],
    };
  }
  let doc: Document;
  try {
    const yamlOptions = { lineCounter, uniqueKeys: false, prettyErrors: false };
    doc =
      (options.fastYaml !== false ? fastParseDocument(source, yamlOptions) : undefined) ??
      parseDocument(source, yamlOptions);
  } catch (error) {
    const message =
      error instanceof RangeError
        ? 'The YAML is nested too deeply to read.'
        : `The YAML could not be read: ${String(error)}`;
    return { diagnostics: [syntaxError(message, ranges)] };
  }
  const encoding = encodingProblem(source, ranges);
  if (encoding) return { diagnostics: [encoding] };
  doc.errors.push(...duplicateKeyErrors(doc));
  if (doc.errors.length > 0) {
    const diagnostics = doc.errors
      .slice(0, 20)
      .map((e) => syntaxError(yamlMessage(e.message), ranges, e.pos[0], e.pos[1]));
    return { diagnostics, document: doc, ranges };
  }
  let value: unknown;
  try {
    // A mapping key that is a list (`[a]: 1`) is the schema's to report; the yaml package would also print a
    // process warning to stderr (the CLI's output, the language server's stream) that names no file.
    doc.options.logLevel = 'error';
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message =
      error instanceof ReferenceError && /alias/i.test(error.message)
        ? `The YAML expands too many aliases (more than ${MAX_ALIAS_COUNT}): an alias bomb is not a valid spec.`
        : `The YAML could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return { diagnostics: [syntaxError(message, ranges)], document: doc, ranges };
  }
  const root = doc.contents as Node | null;
  const kindFromValue = scalarValue(findEntry(root, 'kind')?.valueNode);
  const kind: SpecKind | undefined =
    specKindOfPath(absolutePath) ??
    (kindFromValue === 'graph' || kindFromValue === 'training' || kindFromValue === 'prediction'
      ? kindFromValue
      : undefined);
  // A document the schema cannot even start on gets one message saying what a spec looks like.
  const shapeError = (message: string, range: Range): ParsedSpec => ({
    kind,
    document: doc,
    ranges,
    diagnostics: [{ code: 'schema', severity: 'error', message, range, source: 'relgraph' }],
  });
  if (value === null || value === undefined) {
    const example = kind ? `kind: ${kind}` : 'kind: graph | training | prediction';
    return shapeError(`The file is empty. A spec starts with '${example}'.`, ranges.range(0, 0));
  }
  if (!isMap(root)) {
    return shapeError(
      'A spec must be a YAML mapping of keys (kind, tables, ...), not a list or a single value.',
      ranges.ofNode(root, ranges.range(0, 0)),
    );
  }
  if (!kind) {
    const kindEntry = findEntry(root, 'kind');
    return shapeError(
      "Unknown spec kind: set 'kind: graph', 'kind: training' or 'kind: prediction', or name the file *.graph.yaml, *.training.yaml or *.prediction.yaml.",
      kindEntry ? ranges.ofNode(kindEntry.valueNode, ranges.range(0, 0)) : ranges.range(0, 0),
    );
  }
  const diagnostics = validateAgainstSchema(kind, value, doc, ranges);
  const spec: Spec =
    kind === 'graph'
      ? buildGraphSpec(root, absolutePath, ranges, source)
      : kind === 'training'
        ? buildTrainingSpec(root, absolutePath, ranges, source)
        : buildPredictionSpec(root, absolutePath, ranges, source);
  return { spec, kind, diagnostics, document: doc, ranges };
}

function yamlMessage(message: string): string {
  // The yaml package appends a code frame and position; keep the first sentence, the range says where.
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return first.endsWith('.') ? first : `${first}.`;
}

/**
 * Duplicate keys, found in one linear pass: the yaml package's own `uniqueKeys` check compares every
 * pair of keys in a mapping, which takes seconds on a mapping of thousands of tables.
 */
function duplicateKeyErrors(doc: Document): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  collectDuplicateKeys(doc.contents, errors);
  return errors;
}

/**
 * The nodes in the order yaml's `visit` goes through them (a mapping before its pairs, a pair's key before
 * its value), walked directly: `visit` builds a frozen path per node, which cost more than the check.
 */
function collectDuplicateKeys(node: unknown, errors: YAMLParseError[]): void {
  if (isMap(node)) {
    const seen = new Set<unknown>();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = pair.key.value;
      if (seen.has(key)) {
        const range = pair.key.range ?? [0, 0];
        errors.push(
          new YAMLParseError(
            [range[0], range[1]],
            'DUPLICATE_KEY',
            `Map keys must be unique: '${String(key)}' appears twice`,
          ),
        );
      }
      seen.add(key);
    }
    for (const pair of node.items) collectDuplicateKeys(pair, errors);
  } else if (isSeq(node)) {
    for (const item of node.items) collectDuplicateKeys(item, errors);
  } else if (isPair(node)) {
    collectDuplicateKeys(node.key, errors);
    collectDuplicateKeys(node.value, errors);
  }
}
