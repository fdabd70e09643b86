import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { isMap, isSeq, type Document, type Node } from 'yaml';
import graphSchema from '../../schemas/graph.schema.json';
import predictionSchema from '../../schemas/prediction.schema.json';
import trainingSchema from '../../schemas/training.schema.json';
import type { SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import { closestMatch, didYouMean } from '../text/didYouMean';
import type { SpecKind } from './SpecModel';
import { findEntry, type YamlRanges } from './yamlNodes';

export const SPEC_SCHEMAS = { graph: graphSchema, training: trainingSchema, prediction: predictionSchema } as const;

let ajv: Ajv2020 | undefined;
const validators: Partial<Record<SpecKind, ValidateFunction>> = {};

/**
 * Compiled once per process, and only for the kinds in use: compiling is the expensive part (a CLI run on
 * one graph file pays for one schema), validating a 400-edge spec is not. Ajv's code optimisation is off:
 * compiling then takes about a quarter less time, validating is no slower, and the errors are the same.
 */
function validatorFor(kind: SpecKind): ValidateFunction {
  let validate = validators[kind];
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, code: { optimize: false } });
      // The training and prediction schemas refer to the graph schema's definitions.
      ajv.addSchema(graphSchema);
    }
    validate = kind === 'graph' ? ajv.getSchema(graphSchema.$id)! : ajv.compile(SPEC_SCHEMAS[kind]);
    validators[kind] = validate;
  }
  return validate;
}

/** Validates a parsed spec against its JSON Schema, with each error on the offending key or value. */
export function validateAgainstSchema(
  kind: SpecKind,
  value: unknown,
  doc: Document,
  ranges: YamlRanges,
): SpecDiagnostic[] {
  const validate = validatorFor(kind);
  if (validate(value)) return [];
  const errors = dropMisspeltRequired(simplifyErrors(validate.errors ?? []));
  const seen = new Set<string>();
  const diagnostics: SpecDiagnostic[] = [];
  for (const error of errors) {
    const d = toDiagnostic(error, doc, ranges);
    const key = `${d.range.start.line}:${d.range.start.character}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }
  return diagnostics;
}

/**
 * Ajv reports every failed branch of a `oneOf`; users want the branch that matches the shape they
 * wrote (a mapping or a scalar), so keep only that branch's errors. `if` markers are dropped: the
 * `then` error says what is missing.
 */
function simplifyErrors(errors: ErrorObject[]): ErrorObject[] {
  // A bad table name fails `propertyNames` and, inside it, its `pattern`: one mistake, said once (by propertyNames).
  let result = errors.filter(
    (e) => e.keyword !== 'if' && !(e.propertyName !== undefined && e.keyword !== 'propertyNames'),
  );
  for (const oneOf of errors.filter((e) => e.keyword === 'oneOf')) {
    const at = oneOf.instancePath;
    const deeper = result.some((e) => e.instancePath.startsWith(`${at}/`));
    const sameSpot = (e: ErrorObject) => e.instancePath === at && e !== oneOf;
    if (deeper) {
      // A structured value: the errors inside it are the useful ones; the other branches' shape errors are noise.
      result = result.filter((e) => e !== oneOf && !(sameSpot(e) && ['type', 'enum', 'const'].includes(e.keyword)));
    } else if (result.some((e) => sameSpot(e) && e.keyword !== 'type')) {
      // A scalar that has the right shape for one branch (e.g. an unknown stype): report that branch's error.
      result = result.filter((e) => e !== oneOf && !(sameSpot(e) && e.keyword === 'type'));
    } else {
      result = result.filter((e) => !sameSpot(e));
    }
  }
  return result;
}

/** `sorce:` is both an unknown key and a missing `source`: one mistake, reported once (on the misspelt key). */
function dropMisspeltRequired(errors: ErrorObject[]): ErrorObject[] {
  const misspelt = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const meant = closestMatch(String(e.params.additionalProperty), allowed);
    if (meant) misspelt.add(`${e.instancePath}\u0000${meant}`);
  }
  return errors.filter(
    (e) => !(e.keyword === 'required' && misspelt.has(`${e.instancePath}\u0000${e.params.missingProperty}`)),
  );
}

function pathSegments(instancePath: string): string[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function nodeAt(doc: Document, segments: string[]): { node?: Node; keyNode?: Node } {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const segment of segments) {
    if (isMap(node)) {
      const entry = findEntry(node, segment);
      if (!entry) return {};
      keyNode = entry.keyNode;
      node = entry.valueNode;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
      keyNode = undefined;
    } else {
      return {};
    }
  }
  return { node: (node as Node) ?? undefined, keyNode };
}

function describe(segments: string[]): string {
  return segments.length === 0 ? 'the spec' : `'${segments.join('.')}'`;
}

function toDiagnostic(error: ErrorObject, doc: Document, ranges: YamlRanges): SpecDiagnostic {
  const segments = pathSegments(error.instancePath);
  const { node, keyNode } = nodeAt(doc, segments);
  const whole = ranges.ofNode(doc.contents as Node, ranges.range(0, 0));
  const firstLine = { start: whole.start, end: whole.start };
  const valueRange = node ? ranges.ofNode(node, firstLine) : firstLine;
  const keyRange = keyNode ? ranges.ofNode(keyNode, valueRange) : valueRange;
  const where = describe(segments);
  const schema = error.parentSchema as { properties?: Record<string, unknown>; description?: string } | undefined;
  let message: string;
  let range = valueRange;
  // `1e400`, `.inf`, `.nan`: every number keyword fails on them; one message (deduplicated below) says why.
  const wantsNumber = error.keyword !== 'type' || /number|integer/.test(String(error.params.type));
  if (
    typeof error.data === 'number' &&
    !Number.isFinite(error.data) &&
    NUMBER_KEYWORDS.has(error.keyword) &&
    wantsNumber
  ) {
    const why = Number.isNaN(error.data) ? 'is not a number' : 'is beyond the largest number (about 1.8e308)';
    message = `${where} must be a finite number: ${writtenAs(node, error.data)} ${why}.`;
    return { code: 'schema', severity: 'error', message, range, source: 'relgraph' };
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String(error.params.additionalProperty);
      const { keyNode: extraKey } = nodeAt(doc, [...segments, extra]);
      range = extraKey ? ranges.ofNode(extraKey, valueRange) : valueRange;
      const allowed = Object.keys(schema?.properties ?? {});
      message =
        `Unknown key '${extra}' in ${where}.${didYouMean(extra, allowed)}` +
        (allowed.length ? ` Allowed keys: ${allowed.join(', ')}.` : '');
      break;
    }
    case 'required':
      range = segments.length === 0 ? firstLineOf(doc, ranges) : keyRange;
      message = `${segments.length === 0 ? 'The spec' : where} is missing the required key '${error.params.missingProperty}'.`;
      break;
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const got = String(error.data);
      message = `${where} must be one of ${allowed.join(', ')} (got '${got}').${didYouMean(got, allowed)}`;
      break;
    }
    case 'const':
      message = `${where} must be '${String(error.params.allowedValue)}' (got '${String(error.data)}').`;
      break;
    case 'type':
      message = `${where} must be ${article(String(error.params.type))} (got ${typeName(error.data)}).`;
      break;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum': {
      const bound = {
        maximum: 'at most',
        minimum: 'at least',
        exclusiveMaximum: 'less than',
        exclusiveMinimum: 'more than',
      }[error.keyword];
      message = `${where} must be ${bound} ${String(error.params.limit)} (got ${writtenAs(node, error.data)}).`;
      break;
    }
    case 'pattern':
      message = error.params.pattern.includes('\\d{4}')
        ? `${where} must be a date like 2010-01-01 or 2010-01-01T12:00:00 (got '${String(error.data)}').`
        : `${where} must match ${error.params.pattern} (got '${String(error.data)}').`;
      break;
    case 'propertyNames':
      range = keyNodeRangeFor(doc, segments, String(error.params.propertyName), ranges) ?? keyRange;
      message = `Table name '${error.params.propertyName}' must start with a letter or '_' and contain only letters, digits and '_', so that PQL can refer to it.`;
      break;
    case 'minProperties':
      message = `${where} must not be empty.`;
      break;
    case 'oneOf': {
      // An empty value (`source:` left to fill) is the common case: say so rather than "unexpected shape".
      const empty = error.data === null || error.data === '';
      const what = (schema?.description ?? 'see the schema').replace(/\.$/, '');
      message = empty ? `${where} is empty: ${what}.` : `${where} has an unexpected shape: ${what}.`;
      break;
    }
    default:
      message = `${where} ${error.message ?? 'is invalid'}.`;
  }
  return { code: 'schema', severity: 'error', message, range, source: 'relgraph' };
}

const NUMBER_KEYWORDS = new Set(['type', 'maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf']);

function keyNodeRangeFor(doc: Document, segments: string[], key: string, ranges: YamlRanges) {
  const { keyNode } = nodeAt(doc, [...segments, key]);
  return keyNode ? ranges.ofNode(keyNode, ranges.range(0, 0)) : undefined;
}

function firstLineOf(doc: Document, ranges: YamlRanges) {
  const start = (doc.contents as Node | null)?.range?.[0] ?? 0;
  const first = findEntry(doc.contents, 'kind')?.keyNode;
  return first ? ranges.ofNode(first, ranges.range(start, start)) : ranges.range(start, start);
}

function article(type: string): string {
  const name = type === 'object' ? 'mapping' : type === 'array' ? 'list' : type;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** The number as the spec wrote it (`1e400`), not as JavaScript holds it (Infinity). */
function writtenAs(node: Node | undefined, value: unknown): string {
  const source = (node as { source?: unknown } | undefined)?.source;
  return typeof source === 'string' && source.trim() !== '' ? source.trim() : String(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
