import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from '../diagnostics/SpecDiagnostic';

/** Converts offsets of one YAML text into LSP ranges and looks nodes up by key, keeping the key's range too. */
export class YamlRanges {
  constructor(private readonly lineCounter: LineCounter) {}

  position(offset: number): { line: number; character: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line: line - 1, character: col - 1 };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The node's value text (without trailing comments and newlines). */
  ofNode(node: Node | null | undefined, fallback: Range): Range {
    if (!node?.range) return fallback;
    return this.range(node.range[0], node.range[1]);
  }
}

export interface MapEntry {
  key: string;
  pair: Pair;
  keyNode: Node;
  valueNode: Node | null;
}

/** Entries of a YAML mapping with string keys, in order (non-scalar keys are skipped; the schema reports them). */
export function mapEntries(node: unknown): MapEntry[] {
  if (!isMap(node)) return [];
  const entries: MapEntry[] = [];
  for (const pair of (node as YAMLMap).items) {
    if (!isScalar(pair.key)) continue;
    entries.push({
      key: String(pair.key.value),
      pair,
      keyNode: pair.key,
      valueNode: (pair.value as Node | null) ?? null,
    });
  }
  return entries;
}

export function findEntry(node: unknown, key: string): MapEntry | undefined {
  return mapEntries(node).find((e) => e.key === key);
}

export function scalarValue(node: Node | null | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function seqItems(node: Node | null | undefined): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}
