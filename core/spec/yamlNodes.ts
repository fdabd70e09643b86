import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from '../diagnostics/SpecDiagnostic';

/**
 * Converts offsets of one YAML text into LSP ranges and looks nodes up by key, keeping the key's range too. Lines
 * are counted as LSP counts them (`\r\n`, `\n` and a lone `\r` end a line), from the text itself: the YAML
 * reader's own line counter knows only `\n`, which put diagnostics of a file with old Mac line endings past
 * the end of their line.
 */
export class YamlRanges {
  private starts?: number[];

  constructor(private readonly text: string) {}

  /** Offsets where each line starts, found on first use (a file over the size limit never needs them). */
  private get lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) {
        const code = this.text.charCodeAt(i);
        if (code === 10 || (code === 13 && this.text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
      this.starts = starts;
    }
    return this.starts;
  }

  position(offset: number): { line: number; character: number } {
    const at = Math.max(0, Math.min(Math.trunc(offset) || 0, this.text.length));
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    const start = starts[low];
    // An offset inside a line break (between \r and \n) is the end of its line.
    return { line: low, character: Math.min(at, this.lineEnd(low)) - start };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The node's value text (without trailing comments and newlines). */
  ofNode(node: Node | null | undefined, fallback: Range): Range {
    if (!node?.range) return fallback;
    return this.range(node.range[0], node.range[1]);
  }

  private lineEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    if (next === undefined) return this.text.length;
    return this.text.charCodeAt(next - 1) === 10 && this.text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
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
