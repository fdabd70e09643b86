import { Document, type LineCounter, type ParseOptions, type YAMLMap } from 'yaml';
import { BlockParser } from './BlockParser';
import * as characters from './characters';
import { fallBack, FastYamlFallback } from './FastYamlFallback';
import { ParseContext } from './ParseContext';
import { ScalarFactory } from './ScalarFactory';
import { YamlCursor } from './YamlCursor';

// Bound once: under tsx (tests, benchmarks) each use of an imported binding is a getter call, which adds up per character.
const { HASH, isLineBreak, PERCENT } = characters;

/** The options the fast path understands; any other option (a schema, custom tags, a version, ...) falls back. */
export type FastParseOptions = Pick<ParseOptions, 'lineCounter' | 'prettyErrors' | 'uniqueKeys'>;
const SUPPORTED_OPTIONS = new Set(['lineCounter', 'prettyErrors', 'uniqueKeys']);

/**
 * Characters the fast path leaves to the yaml package: tabs (indentation rules), a carriage return outside
 * a `\r\n` line break, other control characters (some are the Lexer's own markers), byte order marks, NUL
 * and U+FFFD (bad encoding).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSUPPORTED_CHARACTERS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\ufeff\ufffd]|\r(?!\n)/;

export type FastParseResult = { document: Document.Parsed } | { fallbackReason: string };

/**
 * Reads a one-document YAML text whose root is a block mapping and that keeps to the subset spec files use
 * (block and flow collections; plain, quoted and block scalars; comments; a leading `---`) into the same
 * `Document` and nodes as the yaml package's `parseDocument`: node classes, values, ranges, scalar types and
 * flow flags, and the same line starts in `options.lineCounter`. Comments are not attached to nodes.
 * Anything else, and anything that could be a syntax error, gives a fallback reason instead: the caller then
 * parses with `parseDocument`, the only source of syntax-error messages.
 */
export function readFastYaml(source: string, options: FastParseOptions = {}): FastParseResult {
  if (UNSUPPORTED_CHARACTERS.test(source)) return { fallbackReason: 'unsupported character' };
  for (const option of Object.keys(options)) {
    if (!SUPPORTED_OPTIONS.has(option)) return { fallbackReason: `option ${option}` };
  }
  try {
    const document = parse(source, options);
    if (options.lineCounter) recordLineStarts(source, options.lineCounter);
    return { document };
  } catch (error) {
    if (error instanceof FastYamlFallback) return { fallbackReason: error.reason };
    // A bug here must not cost the user a diagnostic: the yaml package parses the text instead.
    return { fallbackReason: `internal error: ${error instanceof Error ? error.stack : String(error)}` };
  }
}

/** `readFastYaml`'s document, or undefined when the yaml package must parse the text. */
export function fastParseDocument(source: string, options: FastParseOptions = {}): Document.Parsed | undefined {
  const result = readFastYaml(source, options);
  return 'document' in result ? result.document : undefined;
}

function parse(source: string, options: FastParseOptions): Document.Parsed {
  // As parseDocument's composer does, the document gets its stream's directives through the internal
  // `_directives` option (a fresh stream per text, like each parseDocument call).
  const streamDirectives = new Document().directives;
  const document = new Document(undefined, { _directives: streamDirectives, ...options }) as Document.Parsed;
  const cursor = new YamlCursor(source);
  const ctx = new ParseContext(cursor, new ScalarFactory(document), document.schema);
  const blocks = new BlockParser(ctx);
  const documentStart = skipPrelude(cursor);
  let rootIndent: number;
  if (cursor.isDocumentMarker(documentStart)) {
    if (source.startsWith('...', documentStart)) fallBack('document end marker');
    document.directives!.docStart = true;
    cursor.pos = lineAfterMarker(cursor, documentStart);
    rootIndent = blocks.trivia.scan(cursor, 0, false).nextIndent;
    if (rootIndent < 0) fallBack('empty document');
  } else {
    rootIndent = cursor.startLine(documentStart);
    cursor.pos = documentStart + rootIndent;
  }
  const firstKey = blocks.readKey(cursor.pos) ?? fallBack('the root is not a block mapping');
  const root = blocks.parseMap(rootIndent, firstKey);
  if (blocks.trivia.nextIndent >= 0) fallBack('content after the root mapping');
  const contentEnd = root.range![2];
  document.contents = root as YAMLMap.Parsed;
  document.range = [documentStart, contentEnd, blocks.trivia.pending ? source.length : contentEnd];
  return document;
}

/** Lexer.parseStream: blank and comment lines before the document belong to the stream. */
function skipPrelude(cursor: YamlCursor): number {
  let lineStart = 0;
  for (;;) {
    if (cursor.code(lineStart) === PERCENT) fallBack('directive');
    const first = cursor.skipSpaces(lineStart);
    const ch = cursor.code(first);
    if (first >= cursor.length) fallBack('empty document');
    if (isLineBreak(ch)) lineStart = cursor.nextLineStart(first);
    else if (ch === HASH) lineStart = cursor.nextLineStart(first);
    else return lineStart;
  }
}

/** The rest of the `---` line may only hold a comment. Returns the next line's start. */
function lineAfterMarker(cursor: YamlCursor, marker: number): number {
  const afterMarker = marker + 3;
  const first = cursor.skipSpaces(afterMarker);
  const ch = cursor.code(first);
  if (ch === HASH && first > afterMarker) return cursor.nextLineStart(first);
  if (isLineBreak(ch)) return cursor.nextLineStart(first);
  return fallBack('content on the --- line');
}

/** The yaml Parser reports a line start at 0 and after every line break, in order. */
function recordLineStarts(source: string, lineCounter: LineCounter): void {
  const starts = lineCounter.lineStarts;
  starts.length = 0;
  starts.push(0);
  for (let newline = source.indexOf('\n'); newline !== -1; newline = source.indexOf('\n', newline + 1)) {
    starts.push(newline + 1);
  }
}
