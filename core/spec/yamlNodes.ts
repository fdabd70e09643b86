import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from '../diagnostics/SpecDiagnostic';

/** Converts offsets of one YAML text into LSP ranges and looks nodes up by key, keeping the key's range too. */
export class YamlRanges {
  constructor(private readonly lineCounter: LineCounter) {}

  position(offset: number): { line: number; character: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    // A text that was never read (over the size limit) has no lines: its positions are the file's start, not line -1.
    return { line: Math.max(0, line - 1), character: Math.max(0, col - 1) };
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
    if (isScalar(pair.key)) entries.push(entryOf(pair, pair.key));
  }
  return entries;
}

/** The first entry with this key; looks it up without listing the mapping's entries (tables are looked up per key). */
export function findEntry(node: unknown, key: string): MapEntry | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of (node as YAMLMap).items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return entryOf(pair, pair.key);
  }
  return undefined;
}

function entryOf(pair: Pair, keyNode: Node & { value: unknown }): MapEntry {
  return { key: String(keyNode.value), pair, keyNode, valueNode: (pair.value as Node | null) ?? null };
}

export function scalarValue(node: Node | null | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function seqItems(node: Node | null | undefined): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}
