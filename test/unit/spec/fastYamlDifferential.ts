import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { readFastYaml } from '../../../core/spec/fastYaml/fastParseDocument';
import { parseSpec } from '../../../core/spec/parseSpec';

/** Properties the fast path does not reproduce: comments are not attached to nodes (nothing reads them). */
const COMMENT_PROPERTIES = new Set(['comment', 'commentBefore', 'spaceBefore']);

export type Differential = { fallbackReason: string } | { mismatch?: string };

/**
 * Parses `text` with the fast path and with the yaml package (as parseSpec calls it) and describes the
 * first difference: the yaml package must then report no error or warning, and both documents must have the
 * same value, node classes, own properties (ranges, scalar types and sources, flow flags, ...) and line starts.
 */
export function compareWithYaml(text: string): Differential {
  const fastLines = new LineCounter();
  const fast = readFastYaml(text, { lineCounter: fastLines, uniqueKeys: false, prettyErrors: false });
  if ('fallbackReason' in fast) return fast;
  const yamlLines = new LineCounter();
  const reference = parseDocument(text, { lineCounter: yamlLines, uniqueKeys: false, prettyErrors: false });
  const problems = [...reference.errors, ...reference.warnings];
  if (problems.length > 0) return { mismatch: `yaml reports ${problems[0].code}: ${problems[0].message}` };
  if (JSON.stringify(fastLines.lineStarts) !== JSON.stringify(yamlLines.lineStarts)) return { mismatch: 'line starts' };
  const document = compareDocuments(fast.document, reference);
  if (document) return { mismatch: document };
  const jsFast = JSON.stringify(fast.document.toJS(), jsonReplacer);
  const jsYaml = JSON.stringify(reference.toJS(), jsonReplacer);
  if (jsFast !== jsYaml) return { mismatch: `toJS: ${jsFast} vs ${jsYaml}` };
  return { mismatch: compareNodes(fast.document.contents, reference.contents, '$') };
}

function compareDocuments(fast: Document, reference: Document): string | undefined {
  if (JSON.stringify(fast.range) !== JSON.stringify(reference.range)) {
    return `document range ${JSON.stringify(fast.range)} vs ${JSON.stringify(reference.range)}`;
  }
  if (fast.directives?.docStart !== reference.directives?.docStart) return 'document start marker';
  const options = (doc: Document) => JSON.stringify(Object.keys(doc.options).sort());
  if (options(fast) !== options(reference)) return `document options ${options(fast)} vs ${options(reference)}`;
  return undefined;
}

/** Walks both trees in parallel; returns where they first differ. */
export function compareNodes(fast: unknown, reference: unknown, path: string): string | undefined {
  if (Object.getPrototypeOf(fast) !== Object.getPrototypeOf(reference)) return `${path}: node class`;
  if (fast === null || typeof fast !== 'object') {
    return Object.is(fast, reference) ? undefined : `${path}: ${String(fast)} vs ${String(reference)}`;
  }
  const ref = reference as Record<string, unknown>;
  const own = fast as Record<string, unknown>;
  const keys = (node: object) =>
    Object.keys(node)
      .filter((key) => !COMMENT_PROPERTIES.has(key))
      .sort()
      .join(',');
  if (keys(own) !== keys(ref)) return `${path}: properties ${keys(own)} vs ${keys(ref)}`;
  for (const key of Object.keys(own)) {
    if (COMMENT_PROPERTIES.has(key)) continue;
    if (key === 'range' || (isScalar(fast) && key !== 'value')) {
      if (JSON.stringify(own[key]) !== JSON.stringify(ref[key])) {
        return `${path}.${key}: ${JSON.stringify(own[key])} vs ${JSON.stringify(ref[key])}`;
      }
    } else if (key === 'items' && (isMap(fast) || isSeq(fast))) {
      const a = own.items as unknown[];
      const b = ref.items as unknown[];
      if (a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
      for (let i = 0; i < a.length; i++) {
        const difference = compareNodes(a[i], b[i], `${path}[${i}]`);
        if (difference) return difference;
      }
    } else if (isPair(fast) && (key === 'key' || key === 'value')) {
      const difference = compareNodes(own[key], ref[key], `${path}.${key}`);
      if (difference) return difference;
    } else if (isScalar(fast) && key === 'value') {
      if (!Object.is(own.value, ref.value)) return `${path}.value: ${String(own.value)} vs ${String(ref.value)}`;
    } else if (JSON.stringify(own[key]) !== JSON.stringify(ref[key])) {
      return `${path}.${key}: ${JSON.stringify(own[key])} vs ${JSON.stringify(ref[key])}`;
    }
  }
  return undefined;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return `number:${value}`;
  return value;
}

/**
 * parseSpec's result with the fast path and with the yaml package, serialised (functions dropped; the PQL
 * query's offset mapping sampled): diagnostics, kind, model and whether a document came back.
 */
export function specOutcomes(text: string, file: string): { fast: string; reference: string } {
  return { fast: specOutcome(text, file, true), reference: specOutcome(text, file, false) };
}

function specOutcome(text: string, file: string, fastYaml: boolean): string {
  const parsed = parseSpec(text, file, { fastYaml });
  const query = parsed.spec?.kind === 'training' ? parsed.spec.query : undefined;
  const queryRanges = query
    ? Array.from({ length: Math.min(query.value.length, 40) + 1 }, (_, i) => query.offsetToRange(i, i + 3))
    : [];
  return JSON.stringify(
    {
      kind: parsed.kind,
      diagnostics: parsed.diagnostics,
      spec: parsed.spec,
      hasDocument: parsed.document !== undefined,
      positions: parsed.ranges ? [0, 10, text.length >> 1, text.length].map((i) => parsed.ranges!.position(i)) : [],
      queryRanges,
    },
    jsonReplacer,
  );
}
