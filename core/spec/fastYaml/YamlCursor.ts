import * as characters from './characters';
import { fallBack } from './FastYamlFallback';

// Bound once: under tsx (tests, benchmarks) each use of an imported binding is a getter call, which adds up per character.
const { CARRIAGE_RETURN, DASH, DOT, isBlank, NEWLINE, SPACE } = characters;

/**
 * The read position in the text plus the yaml Lexer state that decides where multi-line tokens end:
 * `indentNext`, the minimum indentation of a continuation line, and the flow nesting level. Keeping the
 * Lexer's own bookkeeping (instead of a cleaner rule) is what makes the token boundaries, and so every node
 * range, identical to the yaml package's.
 */
export class YamlCursor {
  pos = 0;
  indentNext = 0;
  flowLevel = 0;
  readonly length: number;

  constructor(readonly text: string) {
    this.length = text.length;
  }

  code(index: number): number {
    return this.text.charCodeAt(index);
  }

  skipSpaces(from: number): number {
    let i = from;
    while (this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** Offset of the line break (`\n` or `\r\n`) that ends the line holding `from`, or the text length. */
  lineEnd(from: number): number {
    const newline = this.text.indexOf('\n', from);
    if (newline < 0) return this.length;
    return this.text.charCodeAt(newline - 1) === CARRIAGE_RETURN && newline > from ? newline - 1 : newline;
  }

  /** Offset just after the line break that ends the line holding `from`, or the text length. */
  nextLineStart(from: number): number {
    const newline = this.text.indexOf('\n', from);
    return newline < 0 ? this.length : newline + 1;
  }

  /** Lexer.continueScalar: where a scalar's next line continues, or -1 if the scalar ends before it. */
  continueScalar(offset: number): number {
    let ch = this.text.charCodeAt(offset);
    if (this.indentNext > 0) {
      let indent = 0;
      while (ch === SPACE) ch = this.text.charCodeAt(++indent + offset);
      if (ch === CARRIAGE_RETURN) return offset + indent + 1;
      return ch === NEWLINE || indent >= this.indentNext ? offset + indent : -1;
    }
    if ((ch === DASH || ch === DOT) && this.isDocumentMarker(offset)) return -1;
    return offset;
  }

  /** `---` or `...` followed by a blank: a document boundary. */
  isDocumentMarker(offset: number): boolean {
    const marker = this.text.substr(offset, 3);
    return (marker === '---' || marker === '...') && isBlank(this.text.charCodeAt(offset + 3));
  }

  /**
   * Lexer.parseLineStart for a line of block context: returns the line's indentation and lowers
   * `indentNext` the way the Lexer does. A document marker in the middle of the text means several
   * documents (or an end marker): not a spec the fast path reads.
   */
  startLine(lineStart: number): number {
    if (this.isDocumentMarker(lineStart)) fallBack('document marker');
    let indent = 0;
    while (this.text.charCodeAt(lineStart + indent) === SPACE) indent++;
    if (this.indentNext > indent && !isBlank(this.text.charCodeAt(lineStart + indent + 1))) this.indentNext = indent;
    return indent;
  }
}
