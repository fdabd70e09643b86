/**
 * One line of block-style YAML, split the way an indentation scan needs it: sequence dashes, where the
 * key starts, the key and what follows its colon. Works on half-typed lines (no colon yet, unclosed
 * quotes), which a YAML parser rejects, which is exactly when completion is asked for.
 */
export interface YamlLine {
  /** Column of the first non-space character. */
  indent: number;
  /** Columns of the leading `- ` sequence markers, outermost first. */
  dashes: number[];
  /** Column where the content after the dashes starts. */
  contentColumn: number;
  /** The mapping key on this line, when the line has `key:`. */
  key?: string;
  /** Text after `key:` (trimmed, comment removed), when the line has a key. */
  value?: string;
  /** Column where the value starts (after the colon and spaces). */
  valueColumn?: number;
  /** A blank line, a comment-only line or a document marker. */
  blank: boolean;
}

const BLOCK_SCALAR_HEADER = /^[|>][-+0-9]*$/;

export function parseYamlLine(text: string): YamlLine {
  const indent = text.length - text.trimStart().length;
  const trimmed = text.trimStart();
  if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('---') || trimmed.startsWith('...')) {
    return { indent, dashes: [], contentColumn: indent, blank: true };
  }
  const dashes: number[] = [];
  let column = indent;
  while (text[column] === '-' && (column + 1 === text.length || text[column + 1] === ' ')) {
    dashes.push(column);
    column++;
    while (text[column] === ' ') column++;
  }
  const line: YamlLine = { indent, dashes, contentColumn: column, blank: false };
  const colon = findKeyColon(text, column);
  if (colon >= 0) {
    line.key = unquote(text.slice(column, colon).trim());
    let valueColumn = colon + 1;
    while (text[valueColumn] === ' ') valueColumn++;
    line.valueColumn = valueColumn;
    line.value = stripComment(text.slice(valueColumn)).trim();
  }
  return line;
}

/** Whether a key's value is a block scalar (`|`, `>-`, ...) whose text continues on the following lines. */
export function isBlockScalarHeader(value: string | undefined): boolean {
  return value !== undefined && BLOCK_SCALAR_HEADER.test(value);
}

/**
 * The colon that ends a block mapping key: followed by a space or the end of the line, outside quotes,
 * and before any flow collection (`- {a: b}` is an item holding a flow map, not a key).
 */
export function findKeyColon(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (i === from && (c === '"' || c === "'")) {
      quote = c;
      continue;
    }
    if (i === from && (c === '{' || c === '[')) return -1;
    if (c === '#' && (i === from || text[i - 1] === ' ')) return -1;
    if (c === ':' && (i + 1 === text.length || text[i + 1] === ' ' || text[i + 1] === '\t')) return i;
  }
  return -1;
}

function stripComment(value: string): string {
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s[{,]/.test(value[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || value[i - 1] === ' ' || value[i - 1] === '\t')) {
      return value.slice(0, i);
    }
  }
  return value;
}

export function unquote(text: string): string {
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0]) {
    return text.slice(1, -1);
  }
  return text;
}
