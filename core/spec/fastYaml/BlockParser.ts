import { Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { readBlockScalar } from './blockScalar';
import * as characters from './characters';
import { fallBack } from './FastYamlFallback';
import { parseFlowCollection } from './flowCollection';
import type { ParseContext } from './ParseContext';
import { foldLines, scanPlainScalar } from './plainScalar';
import { scanQuotedScalar } from './quotedScalar';
import { emptyValueRange } from './emptyValueRange';
import { Trivia } from './trivia';

// Bound once: under tsx (tests, benchmarks) each use of an imported binding is a getter call, which adds up per character.
const {
  cannotStartPlainScalar,
  COLON,
  DASH,
  DOUBLE_QUOTE,
  GREATER,
  HASH,
  isBlank,
  isLineBreak,
  OPEN_BRACE,
  OPEN_BRACKET,
  PIPE,
  QUESTION,
  SINGLE_QUOTE,
  SPACE,
} = characters;

/** The composer reports an implicit key whose `:` is more than this many characters after the key's start. */
const MAX_IMPLICIT_KEY_SPAN = 1024;

/**
 * Block mappings and sequences. Each parse method leaves the cursor on the first character of the next
 * content line (or at the end) and `trivia` describing the lines skipped on the way, which the enclosing
 * collection reads at once: that is how a collection learns that it ends and which comment lines it keeps.
 */
export class BlockParser {
  readonly trivia = new Trivia();

  constructor(private readonly ctx: ParseContext) {}

  /** The block mapping indented `indent` whose first key is `firstKey` (already read) or at the cursor. */
  parseMap(indent: number, firstKey?: Scalar): YAMLMap {
    const { cursor } = this.ctx;
    this.ctx.enter();
    const map = new YAMLMap(this.ctx.schema);
    const start = firstKey ? firstKey.range![0] : cursor.pos;
    let offset = start;
    let key = firstKey;
    for (;;) {
      key ??= this.readKey(offset) ?? fallBack('not a mapping key');
      const value = this.parseMapValue(indent);
      map.items.push(new Pair(key, value));
      offset = value.range![2];
      key = undefined;
      const next = this.trivia.nextIndent;
      if (next < indent) break;
      if (next > indent || this.isSequenceItem(cursor.pos)) fallBack('unexpected indentation');
    }
    map.range = [start, offset, this.endOfCollection(indent, offset)];
    this.ctx.leave();
    return map;
  }

  /** The block sequence indented `indent` whose first `-` is at the cursor. */
  parseSeq(indent: number): YAMLSeq {
    const { cursor } = this.ctx;
    this.ctx.enter();
    const seq = new YAMLSeq(this.ctx.schema);
    const start = cursor.pos;
    let offset = start;
    for (;;) {
      const dash = cursor.pos;
      // Lexer.parseBlockStart: a continuation line of the item must be indented past the `-`.
      cursor.indentNext = indent + 1;
      const itemStart = cursor.skipSpaces(dash + 1);
      const first = cursor.code(itemStart);
      let item: Node;
      if (isLineBreak(first) || first === HASH || itemStart >= cursor.length) {
        // Nothing after the `-`: the item is on the lines below (a null item falls back).
        cursor.pos = cursor.nextLineStart(itemStart);
        const below = this.trivia.scan(cursor, indent, false).nextIndent;
        if (below <= indent) fallBack('empty sequence item');
        item = this.parseValueBelow(indent, below);
      } else {
        if (this.isSequenceItem(itemStart)) fallBack('nested sequence on one line');
        cursor.pos = itemStart;
        const key = this.readKey(itemStart);
        item = key ? this.parseMap(indent + itemStart - dash, key) : this.parseInlineValue(indent);
      }
      seq.items.push(item);
      offset = item.range![2];
      const next = this.trivia.nextIndent;
      if (next === indent && this.isSequenceItem(cursor.pos)) continue;
      if (next > indent) fallBack('unexpected indentation');
      break;
    }
    seq.range = [start, offset, this.endOfCollection(indent, offset)];
    this.ctx.leave();
    return seq;
  }

  /**
   * The implicit key at the cursor (a one-line plain or quoted scalar followed by `:` and a blank), leaving
   * the cursor after the `:`; undefined, with nothing consumed, when the text there is not a key.
   * `offset` is where the composer measures the key's length from.
   */
  readKey(offset: number): Scalar | undefined {
    const { cursor, scalars } = this.ctx;
    const start = cursor.pos;
    const ch = cursor.code(start);
    let key: Scalar;
    let colon: number;
    if (ch === SINGLE_QUOTE || ch === DOUBLE_QUOTE) {
      const end = scanQuotedScalar(cursor, start);
      colon = cursor.skipSpaces(end);
      if (cursor.code(colon) !== COLON || !isBlank(cursor.code(colon + 1))) return undefined;
      const source = cursor.text.slice(start, end);
      if (source.includes('\n')) return undefined;
      key = scalars.quoted(source, start);
    } else {
      if (cannotStartPlainScalar(ch) || this.isIndicator(start)) return undefined;
      let end = start;
      for (colon = start; ; colon++) {
        const c = cursor.code(colon);
        if (c === COLON && isBlank(cursor.code(colon + 1))) break;
        if (isLineBreak(c) || colon >= cursor.length || (c === SPACE && cursor.code(colon + 1) === HASH))
          return undefined;
        if (c !== SPACE) end = colon + 1;
      }
      key = scalars.plain(cursor.text.slice(start, end), start, end, end, true);
    }
    if (colon - offset > MAX_IMPLICIT_KEY_SPAN) fallBack('implicit key too long');
    cursor.pos = colon + 1;
    return key;
  }

  /** The value after a key's `:` (the cursor is right after it) in a mapping indented `indent`. */
  private parseMapValue(indent: number): Node {
    const { cursor, scalars } = this.ctx;
    const colonEnd = cursor.pos;
    // Lexer.pushIndicators: a continuation line of the value must be indented past the key.
    cursor.indentNext = indent + 1;
    const valueStart = cursor.skipSpaces(colonEnd);
    const ch = cursor.code(valueStart);
    if (!isLineBreak(ch) && ch !== HASH && valueStart < cursor.length) {
      cursor.pos = valueStart;
      return this.parseInlineValue(indent);
    }
    cursor.pos = cursor.nextLineStart(valueStart);
    const trivia = this.trivia.scan(cursor, indent, false);
    if (trivia.nextIndent > indent) return this.parseValueBelow(indent, trivia.nextIndent);
    if (trivia.nextIndent === indent && this.isSequenceItem(cursor.pos)) return this.parseSeq(indent);
    // Nothing: a null, whose position the CST parser's tokens after the `:` decide.
    const [position, valueEnd, nodeEnd] = emptyValueRange(cursor, colonEnd, indent, trivia.nextIndent === indent);
    trivia.pendingCommentColumn = -1;
    trivia.pending = false;
    return scalars.plain('', position, valueEnd, nodeEnd, false);
  }

  /**
   * The value of `key:` or `-` that starts on a later line, indented `valueIndent`, more than the collection
   * holding it (`collectionIndent`).
   */
  private parseValueBelow(collectionIndent: number, valueIndent: number): Node {
    const { cursor } = this.ctx;
    if (this.isSequenceItem(cursor.pos)) return this.parseSeq(valueIndent);
    const key = this.readKey(cursor.pos);
    if (key) return this.parseMap(valueIndent, key);
    const ch = cursor.code(cursor.pos);
    if (ch === PIPE || ch === GREATER) fallBack('block scalar header below its key');
    return this.parseInlineValue(collectionIndent);
  }

  /**
   * A scalar or flow collection value at the cursor, in a collection indented `collectionIndent`, with the
   * rest of its line and the blank and comment lines after it.
   */
  private parseInlineValue(collectionIndent: number): Node {
    const { cursor, scalars } = this.ctx;
    const start = cursor.pos;
    const ch = cursor.code(start);
    if (ch === PIPE || ch === GREATER) {
      const block = readBlockScalar(cursor, collectionIndent);
      const node = scalars.string(block.value, block.type, start, block.end, block.end);
      this.trivia.scan(cursor, collectionIndent, false);
      return node;
    }
    let node: Scalar | YAMLMap | YAMLSeq;
    if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
      node = parseFlowCollection(this.ctx);
    } else if (ch === SINGLE_QUOTE || ch === DOUBLE_QUOTE) {
      const end = scanQuotedScalar(cursor, start);
      node = scalars.quoted(cursor.text.slice(start, end), start);
      cursor.pos = end;
    } else {
      if (cannotStartPlainScalar(ch) || this.isIndicator(start)) fallBack('not a plain scalar');
      const { end, stop } = scanPlainScalar(cursor, start, false);
      if (cursor.code(stop) === COLON) fallBack('mapping inside a value');
      const source = cursor.text.slice(start, end);
      node = scalars.plain(source.includes('\n') ? foldLines(source) : source, start, end, end, false);
      cursor.pos = end;
    }
    const lineEnd = this.finishLine();
    const trivia = this.trivia.scan(cursor, collectionIndent, true);
    node.range![2] = trivia.absorbedEnd >= 0 ? trivia.absorbedEnd : lineEnd;
    return node;
  }

  /** The rest of a value's line: blanks and a comment. Returns the next line's start. */
  private finishLine(): number {
    const { cursor } = this.ctx;
    let i = cursor.skipSpaces(cursor.pos);
    const ch = cursor.code(i);
    if (ch === HASH && i > cursor.pos) i = cursor.nextLineStart(i);
    else if (isLineBreak(ch)) i = cursor.nextLineStart(i);
    else if (i < cursor.length) fallBack('unexpected text after a value');
    cursor.pos = i;
    return i;
  }

  /**
   * Parser.pop: range[2] of a collection indented `indent` that ends here. It reaches the next content line
   * when the comment lines before it stay with this collection; otherwise they move on (still pending).
   */
  private endOfCollection(indent: number, offset: number): number {
    const trivia = this.trivia;
    if (!trivia.staysWith(indent)) return offset;
    trivia.pendingCommentColumn = -1;
    trivia.pending = false;
    return trivia.nextContent;
  }

  private isSequenceItem(at: number): boolean {
    const { cursor } = this.ctx;
    return cursor.code(at) === DASH && isBlank(cursor.code(at + 1));
  }

  /** `-`, `?` or `:` followed by a blank: an indicator, not the start of a plain scalar. */
  private isIndicator(at: number): boolean {
    const { cursor } = this.ctx;
    const ch = cursor.code(at);
    return (ch === DASH || ch === QUESTION || ch === COLON) && isBlank(cursor.code(at + 1));
  }
}
