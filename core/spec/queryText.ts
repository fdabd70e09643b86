import { isScalar, Scalar, type Node } from 'yaml';
import type { Range } from '../diagnostics/SpecDiagnostic';
import type { YamlRanges } from './yamlNodes';

/**
 * Maps each character of a YAML scalar's parsed value back to its offset in the source, so a PQL
 * error at query offset i lands on the right line and column even for quoted, folded or block
 * scalars. Characters are aligned greedily: equal characters match; a folded line break (a space or
 * newline in the value) matches a run of source whitespace; escapes and quotes are skipped.
 */
export function scalarOffsetMap(source: string, node: Node): number[] {
  const value = isScalar(node) ? String(node.value ?? '') : '';
  const [nodeStart, nodeEnd] = node.range ?? [0, 0];
  let p = nodeStart;
  const type = isScalar(node) ? (node as Scalar).type : undefined;
  if (type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) {
    // Skip the `|` / `>` header line.
    const newline = source.indexOf('\n', p);
    p = newline < 0 ? nodeEnd : newline + 1;
  } else if (type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE) {
    p += 1;
  }
  const map = new Array<number>(value.length + 1);
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (p < nodeEnd && source[p] === c) {
      map[i] = p++;
      continue;
    }
    if (/\s/.test(c) && p < nodeEnd && /\s/.test(source[p])) {
      map[i] = p;
      while (p < nodeEnd && /\s/.test(source[p])) p++;
      continue;
    }
    // An escape sequence, a doubled quote or indentation: search forward a little for the character.
    const found = source.indexOf(c, p);
    if (found >= 0 && found < nodeEnd && found - p < 8) {
      map[i] = found;
      p = found + 1;
    } else {
      map[i] = Math.min(p, nodeEnd);
    }
  }
  map[value.length] = Math.min(value.length > 0 ? map[value.length - 1] + 1 : p, nodeEnd);
  return map;
}

export function makeOffsetToRange(
  source: string,
  node: Node,
  ranges: YamlRanges,
): (start: number, end: number) => Range {
  let map: number[] | undefined;
  return (start, end) => {
    map ??= scalarOffsetMap(source, node);
    const clamp = (i: number) => Math.max(0, Math.min(map!.length - 1, i));
    const from = map[clamp(start)];
    const to = end > start ? map[clamp(end - 1)] + 1 : from;
    return ranges.range(from, to);
  };
}
