import * as characters from './characters';
import type { YamlCursor } from './YamlCursor';

// Bound once: under tsx (tests, benchmarks) each use of an imported binding is a getter call, which adds up per character.
const { CARRIAGE_RETURN, COLON, HASH, isBlank, isFlowIndicator, NEWLINE, SPACE } = characters;

/** Where a plain scalar token ends and what stopped the scan (the character at `stop`). */
export interface PlainScan {
  /** Exclusive end of the token: after its last non-blank character. */
  end: number;
  /** Offset of the character that ended the scan (a `:` indicator, the `#` of a comment, a flow indicator, ...). */
  stop: number;
}

/**
 * Lexer.parsePlainScalar: a plain scalar runs on over line breaks while the next line is indented at
 * least `indentNext`, and stops at `: `, ` #` and, inside flow collections, at `,[]{}`.
 */
export function scanPlainScalar(cursor: YamlCursor, start: number, inFlow: boolean): PlainScan {
  const text = cursor.text;
  const length = cursor.length;
  let end = start - 1;
  let i = start - 1;
  while (++i < length) {
    let ch = text.charCodeAt(i);
    if (ch === COLON) {
      const next = text.charCodeAt(i + 1);
      if (isBlank(next) || (inFlow && isFlowIndicator(next))) break;
      end = i;
    } else if (ch === SPACE || ch === NEWLINE || ch === CARRIAGE_RETURN) {
      if (ch === CARRIAGE_RETURN) {
        i += 1; // the \n of \r\n
        ch = NEWLINE;
      }
      const next = text.charCodeAt(i + 1);
      if (next === HASH || (inFlow && isFlowIndicator(next))) break;
      if (ch === NEWLINE) {
        const continued = cursor.continueScalar(i + 1);
        if (continued === -1) break;
        i = Math.max(i, continued - 2); // to advance, but still see a ' #' at the start of the next line
      }
    } else {
      if (inFlow && isFlowIndicator(ch)) break;
      end = i;
    }
  }
  return { end: end + 1, stop: i };
}

const LINE = /(.*?)\r?\n/sy;
const TRAILING_BLANKS = /(?<![ \t])[ \t]+$/;
const SURROUNDING_BLANKS = /^[ \t]+|(?<![ \t])[ \t]+$/g;
const LAST_LINE = /[ \t]*(.*)/sy;

/**
 * The value of a multi-line plain (or single-quoted) scalar: line breaks fold into spaces, empty lines into
 * line breaks, and each line's surrounding blanks are dropped (the yaml package's `unfoldLines`).
 */
export function foldLines(source: string): string {
  LINE.lastIndex = 0;
  let match = LINE.exec(source);
  if (!match) return source;
  let result = match[1].replace(TRAILING_BLANKS, '');
  let separator = ' ';
  let pos = LINE.lastIndex;
  while ((match = LINE.exec(source))) {
    const line = match[1].replace(SURROUNDING_BLANKS, '');
    if (line === '') {
      if (separator === '\n') result += separator;
      else separator = '\n';
    } else {
      result += separator + line;
      separator = ' ';
    }
    pos = LINE.lastIndex;
  }
  LAST_LINE.lastIndex = pos;
  match = LAST_LINE.exec(source);
  return result + separator + (match?.[1] ?? '');
}
