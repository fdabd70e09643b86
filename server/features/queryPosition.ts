import type { Position, Range } from 'vscode-languageserver';
import type { QueryText } from '../../core/spec/SpecModel';
import { contains } from './specLookup';

/**
 * The offset into the query string at a document position: the inverse of `QueryText.offsetToRange`,
 * found by binary search since document positions grow with query offsets (also across folded lines).
 */
export function queryOffsetAt(query: QueryText, position: Position): number | undefined {
  if (!contains(query.range, position)) return undefined;
  const length = query.value.length;
  const startOf = (offset: number): Position =>
    offset < length ? query.offsetToRange(offset, offset + 1).start : query.offsetToRange(length - 1, length).end;
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (before(startOf(middle), position)) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function queryRange(query: QueryText, span: { start: number; end: number }): Range {
  return query.offsetToRange(span.start, span.end);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
