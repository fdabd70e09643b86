import { Scalar } from 'yaml';
import * as characters from './characters';
import { fallBack } from './FastYamlFallback';
import type { YamlCursor } from './YamlCursor';

// Bound once: under tsx (tests, benchmarks) each use of an imported binding is a getter call, which adds up per character.
const { CARRIAGE_RETURN, HASH, isBlank, NEWLINE, SPACE } = characters;

export interface BlockScalarToken {
  value: string;
  type: Scalar.BLOCK_FOLDED | Scalar.BLOCK_LITERAL;
  /** Exclusive end of the scalar: after its last content line (range[1] and range[2]). */
  end: number;
}

interface Header {
  folded: boolean;
  chomp: '' | '-' | '+';
  /** The explicit indentation indicator, 0 if none. */
  indent: number;
  /** Length of the header line: indicator, blanks, comment and line break. */
  length: number;
}

/**
 * A `|` or `>` block scalar whose header is at the cursor, inside a collection indented `parentIndent`.
 * Token boundaries follow Lexer.parseBlockScalar, the value the composer's resolveBlockScalar; whatever the
 * composer would report as an error makes the fast path fall back. Leaves the cursor at the next line.
 */
export function readBlockScalar(cursor: YamlCursor, parentIndent: number): BlockScalarToken {
  const start = cursor.pos;
  const header = readHeader(cursor, start);
  const contentStart = start + header.length;
  const contentEnd = lexContent(cursor, contentStart, header);
  const source = cursor.text.slice(contentStart, contentEnd);
  cursor.pos = Math.min(contentEnd, cursor.length);
  const end = start + header.length + source.length;
  const type = header.folded ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL;
  return { value: resolveContent(source, header, parentIndent), type, end };
}

function readHeader(cursor: YamlCursor, start: number): Header {
  const text = cursor.text;
  let chomp: Header['chomp'] = '';
  let indent = 0;
  let i = start + 1;
  for (; !isBlank(text.charCodeAt(i)) && text.charCodeAt(i) !== HASH; i++) {
    const ch = text[i];
    if (!chomp && (ch === '-' || ch === '+')) chomp = ch;
    else if (!indent && ch >= '1' && ch <= '9') indent = Number(ch);
    else fallBack('block scalar header');
  }
  const afterHeader = i;
  i = cursor.skipSpaces(i);
  if (text.charCodeAt(i) === HASH) {
    if (i === afterHeader) fallBack('comment without a space before it');
    i = text.indexOf('\n', i);
    if (i < 0) fallBack('block scalar without content');
  }
  if (text.charCodeAt(i) === CARRIAGE_RETURN) i += 1;
  if (text.charCodeAt(i) !== NEWLINE) fallBack('block scalar header');
  return { folded: text[start] === '>', chomp, indent, length: i + 1 - start };
}

/** Lexer.parseBlockScalar: the exclusive end of the content lines starting at `pos`; updates `indentNext`. */
function lexContent(cursor: YamlCursor, pos: number, header: Header): number {
  const text = cursor.text;
  let nl = pos - 1;
  let indent = 0;
  for (let i = pos; i < cursor.length; ++i) {
    const ch = text.charCodeAt(i);
    if (ch === SPACE) indent += 1;
    else if (ch === NEWLINE) {
      nl = i;
      indent = 0;
    } else if (ch !== CARRIAGE_RETURN) break;
  }
  if (indent >= cursor.indentNext) {
    if (header.indent === 0) cursor.indentNext = indent;
    else cursor.indentNext = header.indent - 1 + (cursor.indentNext === 0 ? 1 : cursor.indentNext);
    do {
      const continued = cursor.continueScalar(nl + 1);
      if (continued === -1) break;
      nl = text.indexOf('\n', continued);
    } while (nl !== -1);
    if (nl === -1) nl = cursor.length;
  }
  if (header.chomp !== '+') {
    // Trailing lines that are not more indented than the content belong to what follows, not to the scalar.
    for (;;) {
      let i = nl - 1;
      if (text.charCodeAt(i) === CARRIAGE_RETURN) i--;
      const lastChar = i;
      while (text.charCodeAt(i) === SPACE) i--;
      if (text.charCodeAt(i) === NEWLINE && i >= pos && i + 1 + indent > lastChar) nl = i;
      else break;
    }
  }
  return nl + 1;
}

/** The composer's resolveBlockScalar, for a scalar whose collection is indented `parentIndent`. */
function resolveContent(source: string, header: Header, parentIndent: number): string {
  const lines = source ? splitLines(source) : [];
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if (isEmptyLine(lines[i][1])) chompStart = i;
    else break;
  }
  if (chompStart === 0)
    return header.chomp === '+' && lines.length > 0 ? '\n'.repeat(Math.max(1, lines.length - 1)) : '';
  let trimIndent = parentIndent + header.indent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i];
    if (isEmptyLine(content)) {
      if (header.indent === 0 && indent.length > trimIndent) trimIndent = indent.length;
    } else {
      if (indent.length < trimIndent) fallBack('block scalar with more-indented leading empty lines');
      if (header.indent === 0) trimIndent = indent.length;
      contentStart = i;
      if (trimIndent === 0) fallBack('block scalar not indented');
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i][0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let separator = '';
  let previousMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += lines[i][0].slice(trimIndent) + '\n';
  for (let i = contentStart; i < chompStart; ++i) {
    const [indent, line] = lines[i];
    const content = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (content && indent.length < trimIndent) fallBack('block scalar line less indented than the first');
    if (!header.folded) {
      value += separator + indent.slice(trimIndent) + content;
      separator = '\n';
    } else if (indent.length > trimIndent) {
      // More-indented lines of a folded scalar keep their line breaks.
      if (separator === ' ') separator = '\n';
      else if (!previousMoreIndented && separator === '\n') separator = '\n\n';
      value += separator + indent.slice(trimIndent) + content;
      separator = '\n';
      previousMoreIndented = true;
    } else if (content === '') {
      if (separator === '\n') value += '\n';
      else separator = '\n';
    } else {
      value += separator + content;
      separator = ' ';
      previousMoreIndented = false;
    }
  }
  if (header.chomp === '+') {
    for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i][0].slice(trimIndent);
    if (value[value.length - 1] !== '\n') value += '\n';
  } else if (header.chomp === '') {
    value += '\n';
  }
  return value;
}

/** A content line without characters (`\r` is the first half of a `\r\n` line break). */
function isEmptyLine(content: string): boolean {
  return content === '' || content === '\r';
}

/** The source's lines as [indentation, content] pairs. */
function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/);
  const first = split[0];
  const leading = /^( *)/.exec(first)?.[1] ?? '';
  const lines: [string, string][] = [leading ? [leading, first.slice(leading.length)] : ['', first]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i], split[i + 1]]);
  return lines;
}
