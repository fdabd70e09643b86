import type { Position, Range } from 'vscode-languageserver';
import { isBlockScalarHeader, parseYamlLine, unquote, type YamlLine } from './yamlLine';

/** Keys and sequence indices from the document root, e.g. `['tables', 'drivers', 'primary_key']`. */
export type YamlPath = (string | number)[];

export interface YamlCursorContext {
  /** Typing a key of the mapping at `path`, or the value at `path`. */
  kind: 'key' | 'value';
  path: YamlPath;
  /** What is typed so far of the key or value (without an opening quote). */
  prefix: string;
  /** The text a completion replaces: the typed prefix. */
  replaceRange: Range;
  /**
   * A `- word` line: a key of an item mapping, or a scalar item of a sequence (`output_types:` items).
   * The schema at `path` decides which.
   */
  sequenceItem: boolean;
  /** Inside a flow collection (`{...}` / `[...]`) on this line. */
  flow: boolean;
  /** Inside a block scalar (`key: |`) or a plain scalar continued over several lines. */
  multiline: boolean;
}

/**
 * Where the cursor is in a block-style YAML document, found from indentation alone so that it works on
 * the half-typed text completion is asked for (a bare `primary_k` line is not valid YAML yet). Walks up
 * from the cursor line, collecting the keys of the lines that enclose it.
 */
export function yamlCursorContext(text: string, position: Position): YamlCursorContext | undefined {
  const lines = text.split(/\r?\n/);
  const lineText = lines[position.line];
  if (lineText === undefined) return undefined;
  const before = lineText.slice(0, position.character);
  const current = parseYamlLine(before);
  if (before.trimStart().startsWith('#')) return undefined;

  let column: number;
  let suffix: YamlPath;
  let local: Omit<YamlCursorContext, 'path'>;
  const range = (startColumn: number): Range => ({
    start: { line: position.line, character: startColumn },
    end: position,
  });

  if (current.blank) {
    column = position.character;
    suffix = [];
    local = {
      kind: 'key',
      prefix: '',
      replaceRange: range(position.character),
      sequenceItem: false,
      flow: false,
      multiline: false,
    };
  } else {
    column = current.dashes.length > 0 ? current.dashes[0] : current.contentColumn;
    suffix = current.dashes.map((dash, i) => (i === 0 ? siblingIndex(lines, position.line, dash) : 0));
    const sequenceItem = current.dashes.length > 0;
    if (current.key !== undefined && current.valueColumn !== undefined) {
      const rawValue = before.slice(current.valueColumn);
      if (hasComment(rawValue) || isBlockScalarHeader(rawValue.trim())) return undefined;
      const keyPath: YamlPath = [...suffix, current.key];
      if (rawValue.startsWith('{') || rawValue.startsWith('[')) {
        const flow = flowContext(before, current.valueColumn, range);
        if (!flow) return undefined;
        suffix = [...keyPath, ...flow.path];
        local = flow.local;
      } else {
        const quoted = rawValue.startsWith('"') || rawValue.startsWith("'");
        const start = current.valueColumn + (quoted ? 1 : 0);
        suffix = keyPath;
        local = {
          kind: 'value',
          prefix: before.slice(start),
          replaceRange: range(start),
          sequenceItem: false,
          flow: false,
          multiline: false,
        };
      }
    } else {
      const content = before.slice(current.contentColumn);
      if (content.startsWith('{') || content.startsWith('[')) {
        const flow = flowContext(before, current.contentColumn, range);
        if (!flow) return undefined;
        suffix = [...suffix, ...flow.path];
        local = flow.local;
      } else {
        local = {
          kind: 'key',
          prefix: unquote(content),
          replaceRange: range(current.contentColumn),
          sequenceItem,
          flow: false,
          multiline: false,
        };
      }
    }
  }

  const enclosing = enclosingPath(lines, position.line, column);
  if (enclosing.continuesValueOf) {
    // The cursor line is part of a multi-line scalar (e.g. the second line of `query: >-`).
    const start = current.blank ? position.character : current.indent;
    return {
      kind: 'value',
      path: enclosing.path,
      prefix: before.slice(start),
      replaceRange: range(start),
      sequenceItem: false,
      flow: false,
      multiline: true,
    };
  }
  return { ...local, path: [...enclosing.path, ...suffix] };
}

/** The keys enclosing column `column` of line `lineIndex`, found by walking up to less indented lines. */
function enclosingPath(
  lines: string[],
  lineIndex: number,
  column: number,
): { path: YamlPath; continuesValueOf?: boolean } {
  const path: YamlPath = [];
  let c = column;
  for (let i = lineIndex - 1; i >= 0 && c > 0; i--) {
    const line = parseYamlLine(lines[i]);
    if (line.blank || line.indent >= c) continue;
    if (line.key === undefined && line.dashes.length === 0) continue; // a line of a multi-line scalar
    const itemPath = (l: YamlLine) => l.dashes.map((dash, k) => (k === 0 ? siblingIndex(lines, i, dash) : 0));
    if (line.contentColumn === c) {
      // The line's first key is a sibling of ours: we are inside the mapping its sequence item opened.
      path.unshift(...itemPath(line));
      c = line.dashes.length > 0 ? line.dashes[0] : line.indent;
      continue;
    }
    if (line.key === undefined || line.contentColumn > c) continue;
    if (line.value && (isBlockScalarHeader(line.value) || !/^[&!{[]/.test(line.value))) {
      // `key: |` or `key: some words` whose text continues on our line.
      const scalarPath: YamlPath = [...itemPath(line), line.key];
      const outer = enclosingPath(lines, i, line.dashes.length > 0 ? line.dashes[0] : line.indent);
      return { path: [...outer.path, ...scalarPath], continuesValueOf: true };
    }
    path.unshift(...itemPath(line), line.key);
    c = line.dashes.length > 0 ? line.dashes[0] : line.indent;
  }
  return { path };
}

/** Index of the sequence item starting at `lineIndex` (dash at `dashColumn`) among its siblings above. */
function siblingIndex(lines: string[], lineIndex: number, dashColumn: number): number {
  let index = 0;
  for (let i = lineIndex - 1; i >= 0; i--) {
    const line = parseYamlLine(lines[i]);
    if (line.blank || line.indent > dashColumn) continue;
    if (line.indent < dashColumn) break;
    if (line.dashes[0] === dashColumn) index++;
    else break;
  }
  return index;
}

function hasComment(value: string): boolean {
  return /(^|\s)#/.test(value.replace(/"[^"]*"|'[^']*'/g, '""'));
}

interface FlowFrame {
  type: '{' | '[';
  index: number;
  key?: string;
  segmentStart: number;
  valueStart?: number;
}

/** The cursor inside a one-line flow collection, e.g. `- { src_table: results, fkey: dri`. */
function flowContext(
  text: string,
  start: number,
  range: (startColumn: number) => Range,
): { path: YamlPath; local: Omit<YamlCursorContext, 'path'> } | undefined {
  const frames: FlowFrame[] = [];
  const path: YamlPath = [];
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    const top = frames[frames.length - 1];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '{' || c === '[') {
      if (top) path.push(top.type === '{' ? (top.key ?? '') : top.index);
      frames.push({ type: c, index: 0, segmentStart: i + 1 });
    } else if (c === '}' || c === ']') {
      frames.pop();
      path.pop();
      if (frames.length === 0) return undefined; // the cursor is after the collection
    } else if (c === ',' && top) {
      top.index++;
      top.key = undefined;
      top.valueStart = undefined;
      top.segmentStart = i + 1;
    } else if (
      c === ':' &&
      top?.type === '{' &&
      top.key === undefined &&
      (i + 1 === text.length || text[i + 1] === ' ')
    ) {
      top.key = unquote(text.slice(top.segmentStart, i).trim());
      top.valueStart = i + 1;
    }
  }
  const top = frames[frames.length - 1];
  if (!top) return undefined;
  const from = skipSpaces(text, top.valueStart ?? top.segmentStart);
  const quoted = text[from] === '"' || text[from] === "'";
  const prefixStart = from + (quoted ? 1 : 0);
  const base = {
    prefix: text.slice(prefixStart),
    replaceRange: range(prefixStart),
    sequenceItem: false,
    flow: true,
    multiline: false,
  };
  if (top.type === '[') return { path: [...path, top.index], local: { ...base, kind: 'value' } };
  if (top.key !== undefined) return { path: [...path, top.key], local: { ...base, kind: 'value' } };
  return { path, local: { ...base, kind: 'key' } };
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (text[i] === ' ') i++;
  return i;
}
