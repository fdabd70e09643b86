import { fallBack } from './FastYamlFallback';
import { foldLines } from './plainScalar';
import type { YamlCursor } from './YamlCursor';

/**
 * Lexer.parseQuotedScalar: the exclusive end of the quoted scalar starting at `start`. Falls back when the
 * closing quote is missing, or a line inside the quotes is indented less than `indentNext` (the Lexer cuts
 * the scalar there, which is a syntax error).
 */
export function scanQuotedScalar(cursor: YamlCursor, start: number): number {
  const text = cursor.text;
  const quote = text[start];
  let end = text.indexOf(quote, start + 1);
  if (quote === "'") {
    while (end !== -1 && text[end + 1] === "'") end = text.indexOf("'", end + 2);
  } else {
    while (end !== -1) {
      let backslashes = 0;
      while (text[end - 1 - backslashes] === '\\') backslashes += 1;
      if (backslashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
  }
  if (end === -1) fallBack('unterminated quoted scalar');
  let newline = text.indexOf('\n', start);
  while (newline !== -1 && newline < end) {
    const continued = cursor.continueScalar(newline + 1);
    if (continued === -1) fallBack('quoted scalar line not indented enough');
    newline = text.indexOf('\n', continued);
  }
  return end + 1;
}

/** The value of a single-quoted scalar source (quotes included): `''` is a quote, lines fold. */
export function singleQuotedValue(source: string): string {
  const inner = source.slice(1, -1);
  const folded = inner.includes('\n') ? foldLines(inner) : inner;
  return folded.includes("''") ? folded.replace(/''/g, "'") : folded;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

/**
 * The value of a double-quoted scalar source (quotes included), as the yaml package's `doubleQuotedValue`
 * computes it. An invalid escape is a syntax error there, so it falls back here.
 */
export function doubleQuotedValue(source: string): string {
  if (!source.includes('\\') && !source.includes('\n')) return source.slice(1, -1);
  let result = '';
  for (let i = 1; i < source.length - 1; ++i) {
    const ch = source[i];
    if (ch === '\r') continue; // the first half of \r\n: the \n folds
    if (ch === '\n') {
      const { fold, offset } = foldNewline(source, i);
      result += fold;
      i = offset;
    } else if (ch === '\\') {
      let next = source[++i];
      const escaped = ESCAPES[next];
      if (escaped) result += escaped;
      else if (next === '\n' || next === '\r') {
        // An escaped line break joins the lines; the next line's indentation is still dropped.
        if (next === '\r') i += 1;
        next = source[i + 1];
        while (next === ' ' || next === '\t') next = source[++i + 1];
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        result += charFromHex(source.substr(i + 1, length), length);
        i += length;
      } else {
        fallBack('invalid escape in double-quoted scalar');
      }
    } else if (ch === ' ' || ch === '\t') {
      // Blanks before a line break are dropped.
      const blanksStart = i;
      let next = source[i + 1];
      while (next === ' ' || next === '\t') next = source[++i + 1];
      if (next !== '\n' && next !== '\r') result += i > blanksStart ? source.slice(blanksStart, i + 1) : ch;
    } else {
      result += ch;
    }
  }
  return result;
}

/** A line break inside double quotes: one folds into a space, several into one fewer line breaks. */
function foldNewline(source: string, offset: number): { fold: string; offset: number } {
  let fold = '';
  let ch = source[offset + 1];
  while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
    if (ch === '\n') fold += '\n';
    offset += 1;
    ch = source[offset + 1];
  }
  return { fold: fold || ' ', offset };
}

function charFromHex(digits: string, length: number): string {
  const code = digits.length === length && /^[0-9a-fA-F]+$/.test(digits) ? parseInt(digits, 16) : NaN;
  try {
    return String.fromCodePoint(code);
  } catch {
    return fallBack('invalid escape in double-quoted scalar');
  }
}
