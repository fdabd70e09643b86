import * as characters from './characters';
import type { YamlCursor } from './YamlCursor';

// Bound once: under tsx (tests, benchmarks) each use of an imported binding is a getter call, which adds up per character.
const { HASH, isLineBreak } = characters;

/**
 * What the lines after a value hold before the next content line. The yaml CST parser gives comment lines
 * to different nodes depending on their indentation, which moves node ranges:
 * - a comment line indented more than the value's collection, with only blank lines since the value, joins
 *   the value's trailing tokens when the value is a flow scalar or flow collection (its range[2] grows);
 * - the other lines wait for the next content line: at the same indentation they belong to the next item,
 *   when it is less indented they stay with the collection that ends there (its range[2] grows) if one of the
 *   comments is at or right of the collection's indentation, else they move on to the enclosing collection.
 */
export class Trivia {
  /** Where the value's trailing tokens end when comment lines joined them, else -1. */
  absorbedEnd = -1;
  /** Column of the rightmost comment line still waiting for a collection, -1 if none. */
  pendingCommentColumn = -1;
  /** Whether any line or indentation is waiting (it decides the document's range end). */
  pending = false;
  /** Indentation of the next content line, -1 at the end of the text. */
  nextIndent = -1;
  /** Offset of the next content line's first character (the text length at the end). */
  nextContent = 0;

  /**
   * Reads blank and comment lines from the line start at the cursor up to the next content line, leaving the
   * cursor on that line's first character. `collectionIndent` is the indentation of the collection holding
   * the value before these lines; `valueTakesComments` tells whether that value can take comment lines.
   */
  scan(cursor: YamlCursor, collectionIndent: number, valueTakesComments: boolean): this {
    this.absorbedEnd = -1;
    this.pendingCommentColumn = -1;
    this.pending = false;
    let onlyBlankLinesWaiting = true;
    let lineStart = cursor.pos;
    while (lineStart < cursor.length) {
      const indent = cursor.startLine(lineStart);
      const first = lineStart + indent;
      const ch = cursor.code(first);
      if (isLineBreak(ch) || first >= cursor.length) {
        this.pending = true;
        lineStart = cursor.nextLineStart(first);
      } else if (ch === HASH) {
        const lineEnd = cursor.nextLineStart(first);
        if (valueTakesComments && onlyBlankLinesWaiting && indent > collectionIndent) {
          this.absorbedEnd = lineEnd;
          this.pending = false;
        } else {
          onlyBlankLinesWaiting = false;
          this.pending = true;
          this.pendingCommentColumn = Math.max(this.pendingCommentColumn, indent);
        }
        lineStart = lineEnd;
      } else {
        if (indent > 0) this.pending = true;
        this.nextIndent = indent;
        this.nextContent = cursor.pos = first;
        return this;
      }
    }
    this.nextIndent = -1;
    this.nextContent = cursor.pos = cursor.length;
    return this;
  }

  /**
   * Whether the waiting comment lines stay with a collection indented `indent` that ends before the next
   * content line (Parser.pop keeps them when a comment is at or right of the collection's indentation).
   */
  staysWith(indent: number): boolean {
    return indent > 0 && this.pendingCommentColumn >= indent;
  }
}
