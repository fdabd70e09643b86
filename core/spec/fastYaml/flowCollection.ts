import { Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import * as characters from './characters';
import { fallBack } from './FastYamlFallback';
import type { ParseContext } from './ParseContext';
import { scanPlainScalar } from './plainScalar';
import { scanQuotedScalar } from './quotedScalar';

// Bound once: under tsx (tests, benchmarks) each use of an imported binding is a getter call, which adds up per character.
const {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  DASH,
  DOUBLE_QUOTE,
  HASH,
  isBlank,
  isFlowIndicator,
  cannotStartPlainScalar,
  isLineBreak,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUESTION,
  SINGLE_QUOTE,
  SPACE,
} = characters;

/**
 * The `{...}` or `[...]` collection at the cursor, leaving the cursor after its closing bracket. Its
 * range[2] is left equal to range[1]: what follows the bracket depends on where the collection is, so the
 * caller extends it. Supported: scalar or flow values, scalar keys with a value, line breaks and a trailing
 * comma; comments, empty entries, `?` keys and pairs inside a sequence fall back.
 */
export function parseFlowCollection(ctx: ParseContext): YAMLMap | YAMLSeq {
  const cursor = ctx.cursor;
  ctx.enter();
  cursor.flowLevel += 1;
  const open = cursor.pos;
  const isMap = cursor.code(open) === OPEN_BRACE;
  const close = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
  const collection = isMap ? new YAMLMap(ctx.schema) : new YAMLSeq(ctx.schema);
  collection.flow = true;
  cursor.pos = open + 1;
  skipFlowBlanks(ctx);
  if (cursor.code(cursor.pos) !== close) {
    for (;;) {
      if (isMap) {
        const key = parseFlowKey(ctx);
        skipFlowBlanks(ctx);
        (collection as YAMLMap).items.push(new Pair(key, parseFlowValue(ctx, true)));
      } else {
        (collection as YAMLSeq).items.push(parseFlowValue(ctx, false));
      }
      skipFlowBlanks(ctx);
      const ch = cursor.code(cursor.pos);
      if (ch === close) break;
      if (ch !== COMMA) fallBack('unexpected token in a flow collection');
      cursor.pos += 1;
      skipFlowBlanks(ctx);
      if (cursor.code(cursor.pos) === close) break;
    }
  }
  cursor.pos += 1;
  cursor.flowLevel -= 1;
  collection.range = [open, cursor.pos, cursor.pos];
  ctx.leave();
  return collection;
}

/**
 * Spaces and line breaks between flow tokens. After a line break the Lexer ends the flow collection (a
 * syntax error) when the line is indented less than `indentNext`, except for the outermost closing bracket
 * one column to the left.
 */
function skipFlowBlanks(ctx: ParseContext): void {
  const cursor = ctx.cursor;
  let i = cursor.skipSpaces(cursor.pos);
  if (isLineBreak(cursor.code(i))) {
    let indent = 0;
    do {
      const lineStart = cursor.nextLineStart(i);
      i = cursor.skipSpaces(lineStart);
      indent = i - lineStart;
    } while (isLineBreak(cursor.code(i)));
    const first = cursor.code(i);
    if (i >= cursor.length) fallBack('unterminated flow collection');
    const closesOutermost =
      indent === cursor.indentNext - 1 && cursor.flowLevel === 1 && (first === CLOSE_BRACKET || first === CLOSE_BRACE);
    if (indent < cursor.indentNext && !closesOutermost) fallBack('flow collection line not indented enough');
    if (indent === 0 && cursor.isDocumentMarker(i)) fallBack('document marker in a flow collection');
  }
  if (cursor.code(i) === HASH) fallBack('comment in a flow collection');
  cursor.pos = i;
}

function parseFlowKey(ctx: ParseContext): Scalar {
  const cursor = ctx.cursor;
  const start = cursor.pos;
  const ch = cursor.code(start);
  if (ch === SINGLE_QUOTE || ch === DOUBLE_QUOTE) {
    const key = quotedScalar(ctx, start);
    const colon = cursor.skipSpaces(cursor.pos);
    if (cursor.code(colon) !== COLON || cursor.text.lastIndexOf('\n', colon) >= start) fallBack('flow key');
    cursor.pos = colon + 1;
    return key;
  }
  checkPlainStart(ctx, start);
  const { end, stop } = scanPlainScalar(cursor, start, true);
  const next = cursor.code(stop + 1);
  if (cursor.code(stop) !== COLON || (next !== SPACE && !isLineBreak(next))) fallBack('flow key without value');
  if (cursor.text.lastIndexOf('\n', stop) >= start) fallBack('multi-line flow key');
  cursor.pos = stop + 1;
  return ctx.scalars.plain(cursor.text.slice(start, end), start, end, end, true);
}

/**
 * A value inside a flow collection, with its range[2] as the CST parser makes it: in a mapping a value's
 * trailing tokens run to the first line break; in a sequence everything up to the next `,` or closing
 * bracket becomes the item's trailing tokens.
 */
function parseFlowValue(ctx: ParseContext, inMap: boolean): Node {
  const cursor = ctx.cursor;
  const start = cursor.pos;
  const ch = cursor.code(start);
  let node: Scalar | YAMLMap | YAMLSeq;
  if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
    node = parseFlowCollection(ctx);
  } else if (ch === SINGLE_QUOTE || ch === DOUBLE_QUOTE) {
    node = quotedScalar(ctx, start);
  } else {
    checkPlainStart(ctx, start);
    const { end } = scanPlainScalar(cursor, start, true);
    const source = cursor.text.slice(start, end);
    if (source.includes('\n')) fallBack('multi-line plain scalar in a flow collection');
    node = ctx.scalars.plain(source, start, end, end, false);
    cursor.pos = end;
  }
  if (inMap) {
    const blanksEnd = cursor.skipSpaces(cursor.pos);
    node.range![2] = isLineBreak(cursor.code(blanksEnd)) ? cursor.nextLineStart(blanksEnd) : blanksEnd;
  } else {
    skipFlowBlanks(ctx);
    node.range![2] = cursor.pos;
  }
  return node;
}

function quotedScalar(ctx: ParseContext, start: number): Scalar {
  const cursor = ctx.cursor;
  const end = scanQuotedScalar(cursor, start);
  cursor.pos = end;
  return ctx.scalars.quoted(cursor.text.slice(start, end), start);
}

/** Falls back unless a plain scalar can start here inside a flow collection. */
function checkPlainStart(ctx: ParseContext, start: number): void {
  const ch = ctx.cursor.code(start);
  if (cannotStartPlainScalar(ch)) fallBack('not a plain scalar');
  if (ch === DASH || ch === QUESTION || ch === COLON) {
    const next = ctx.cursor.code(start + 1);
    if (isBlank(next) || isFlowIndicator(next)) fallBack('indicator in a flow collection');
  }
}
