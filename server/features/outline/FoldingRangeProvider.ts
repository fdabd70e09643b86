import { isScalar, visit, type Node } from 'yaml';
import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import type { SpecWorkspace } from '../../workspace/SpecWorkspace';

const MAX_RANGES = 5_000;

/**
 * Folding from the YAML tree: every key whose value spans several lines (a table, `columns:`, the edge
 * list, a block-scalar query), every multi-line list item, and runs of comment lines. Works on
 * documents with syntax errors too, as far as the tolerant parse got.
 */
export class FoldingRangeProvider {
  constructor(private readonly workspace: SpecWorkspace) {}

  provide(params: FoldingRangeParams): FoldingRange[] {
    const open = this.workspace.documents.get(params.textDocument.uri);
    const parsed = open ? this.workspace.parsed(open.path) : undefined;
    if (!open || !parsed?.document || !parsed.ranges) return [];
    const ranges: FoldingRange[] = [];
    const lineOf = (offset: number) => parsed.ranges!.position(offset).line;
    const add = (startLine: number, endLine: number, kind?: FoldingRangeKind) => {
      if (endLine > startLine && ranges.length < MAX_RANGES) ranges.push({ startLine, endLine, kind });
    };
    visit(parsed.document, {
      Pair(_, pair) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (key?.range && value?.range) add(lineOf(key.range[0]), lastContentLine(value, lineOf));
      },
      Seq(_, seq) {
        for (const item of seq.items as Node[])
          if (item?.range && !isScalar(item)) add(lineOf(item.range[0]), lastContentLine(item, lineOf));
      },
    });
    const lines = open.document.getText().split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].trimStart().startsWith('#')) continue;
      let end = i;
      while (end + 1 < lines.length && lines[end + 1].trimStart().startsWith('#')) end++;
      add(i, end, FoldingRangeKind.Comment);
      i = end;
    }
    return ranges;
  }
}

/** The last line with content of a node: its value end, not the newlines or comments after it. */
function lastContentLine(node: Node, lineOf: (offset: number) => number): number {
  const end = node.range![1];
  const line = lineOf(end);
  // A block value's end offset can sit at the start of the following line.
  return end > 0 && lineOf(end - 1) < line ? line - 1 : line;
}
