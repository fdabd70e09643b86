import * as characters from './characters';
import type { YamlCursor } from './YamlCursor';

// Bound once: under tsx (tests, benchmarks) each use of an imported binding is a getter call, which adds up per character.
const { HASH, SPACE } = characters;

interface TriviaToken {
  kind: 'space' | 'comment' | 'newline';
  end: number;
  /** For a comment: the CST parser's indentation there (the line's indentation, or the key's on its line). */
  indent: number;
}

/**
 * The range of the null value of `key:` with nothing after it, as composeEmptyNode places it from the
 * tokens the CST parser gathered after the `:` (the rest of the key's line, blank and comment lines, and the
 * next content line's indentation, up to the cursor): at the first blank after the `:`, and reaching to the
 * end of those tokens when they hold a comment. When the next content line is the mapping's next key, the
 * parser first hands the lines after the second line break (not counting more-indented comments) to that key.
 */
export function emptyValueRange(
  cursor: YamlCursor,
  colonEnd: number,
  mapIndent: number,
  nextIsSiblingKey: boolean,
): [number, number, number] {
  const tokens = tokensBetween(cursor, colonEnd, cursor.pos, mapIndent);
  let kept = tokens.length;
  if (nextIsSiblingKey) {
    const newlines: number[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.kind === 'newline') newlines.push(i);
      else if (token.kind === 'comment' && token.indent > mapIndent) newlines.length = 0;
    }
    if (newlines.length >= 2) kept = newlines[1];
  }
  const position = tokens.length > 0 && tokens[0].kind === 'space' ? tokens[0].end : colonEnd;
  let hasComment = false;
  for (let i = 0; i < kept; i++) if (tokens[i].kind === 'comment') hasComment = true;
  const end = kept > 0 ? tokens[kept - 1].end : colonEnd;
  return [position, position, hasComment ? end : position];
}

/** The space, comment and line break tokens from `from` (after a key's `:`) to `to`. */
function tokensBetween(cursor: YamlCursor, from: number, to: number, keyIndent: number): TriviaToken[] {
  const tokens: TriviaToken[] = [];
  // The key's line counts as indented like the key; a later line by its leading spaces.
  let indent = keyIndent;
  let i = from;
  while (i < to) {
    const ch = cursor.code(i);
    if (ch === SPACE) {
      const end = cursor.skipSpaces(i);
      if (indent < 0) indent = end - i;
      tokens.push({ kind: 'space', end, indent });
      i = end;
    } else if (ch === HASH) {
      const end = Math.min(cursor.lineEnd(i), to);
      tokens.push({ kind: 'comment', end, indent: indent < 0 ? 0 : indent });
      i = end;
    } else {
      const end = cursor.nextLineStart(i);
      tokens.push({ kind: 'newline', end, indent });
      indent = -1;
      i = end;
    }
  }
  return tokens;
}
