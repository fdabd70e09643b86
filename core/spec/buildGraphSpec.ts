import * as path from 'node:path';
import { isMap, isSeq, type Node } from 'yaml';
import { closestMatch } from '../text/didYouMean';
import type { Range } from '../diagnostics/SpecDiagnostic';
import {
  DTYPES,
  STYPES,
  type ColumnOverride,
  type ConnectorSource,
  type Dtype,
  type EdgeSpec,
  type GraphSpec,
  type Located,
  type Stype,
  type TableSpec,
} from './SpecModel';
import { findEntry, mapEntries, scalarValue, seqItems, type MapEntry, type YamlRanges } from './yamlNodes';

/** Reads `tables`/`edges` from a YAML mapping (a graph file's root, or an inline graph). Wrongly typed values are skipped: the schema reports them. */
export function buildGraphSpec(root: Node | null, specPath: string, ranges: YamlRanges, text: string): GraphSpec {
  const fallback = ranges.ofNode(root, ranges.range(0, 0));
  const tablesEntry = findEntry(root, 'tables');
  const edgesEntry = findEntry(root, 'edges');
  const tables = mapEntries(tablesEntry?.valueNode).map((entry) => buildTable(entry, specPath, ranges));
  const edges = seqItems(edgesEntry?.valueNode).flatMap((item, index) => {
    const edge = buildEdge(item, index, ranges);
    return edge ? [edge] : [];
  });
  const tablesNode = tablesEntry?.valueNode;
  let tablesInsertLine: number | undefined;
  let tablesIndent: number | undefined;
  if (isMap(tablesNode) && tablesNode.items.length > 0) {
    const last = tablesNode.items[tablesNode.items.length - 1];
    const end = (last.value as Node | null)?.range?.[2] ?? (last.key as Node).range?.[2] ?? 0;
    tablesInsertLine = ranges.position(Math.min(end, text.length)).line;
    if (end >= text.length && !text.endsWith('\n')) tablesInsertLine += 1;
    tablesIndent = ranges.position((tablesNode.items[0].key as Node).range?.[0] ?? 0).character;
  }
  const broken = brokenParts(root, tablesEntry, edgesEntry, edges.length);
  return {
    kind: 'graph',
    path: specPath,
    tables,
    edges,
    ...(broken ? { broken } : {}),
    tablesKeyRange: tablesEntry
      ? ranges.ofNode(tablesEntry.keyNode, fallback)
      : { start: fallback.start, end: fallback.start },
    edgesKeyRange: edgesEntry ? ranges.ofNode(edgesEntry.keyNode, fallback) : undefined,
    tablesInsertLine,
    tablesIndent,
  };
}

/**
 * Which of `tables` and `edges` the schema will report as broken: present with the wrong shape, absent while a
 * misspelt key stands in for it (`edgse:`), or (edges) with items that could not be read as edges.
 */
function brokenParts(
  root: Node | null,
  tablesEntry: MapEntry | undefined,
  edgesEntry: MapEntry | undefined,
  edgesRead: number,
): GraphSpec['broken'] {
  const misspelt = new Set(
    mapEntries(root)
      .map((entry) => entry.key)
      .filter((key) => !GRAPH_KEYS.includes(key))
      .map((key) => closestMatch(key, ['tables', 'edges'])),
  );
  const tables = tablesEntry ? !isMap(tablesEntry.valueNode) : misspelt.has('tables');
  const edges = edgesEntry
    ? !isSeq(edgesEntry.valueNode) || edgesEntry.valueNode.items.length !== edgesRead
    : misspelt.has('edges');
  return tables || edges ? { ...(tables ? { tables } : {}), ...(edges ? { edges } : {}) } : undefined;
}

/** Keys a graph mapping may hold besides `tables` and `edges` (a graph file's root also has `kind`, `description`). */
const GRAPH_KEYS = ['kind', 'description', 'tables', 'edges'];

export function locatedString(entry: MapEntry | undefined, ranges: YamlRanges): Located<string> | undefined {
  if (!entry) return undefined;
  const value = scalarValue(entry.valueNode);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const keyRange = ranges.ofNode(entry.keyNode, ranges.range(0, 0));
  return { value: String(value), range: ranges.ofNode(entry.valueNode, keyRange), keyRange };
}

export function locatedNumber(entry: MapEntry | undefined, ranges: YamlRanges): Located<number> | undefined {
  if (!entry) return undefined;
  const value = scalarValue(entry.valueNode);
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const keyRange = ranges.ofNode(entry.keyNode, ranges.range(0, 0));
  return { value, range: ranges.ofNode(entry.valueNode, keyRange), keyRange };
}

function buildTable(entry: MapEntry, specPath: string, ranges: YamlRanges): TableSpec {
  const nameRange = ranges.ofNode(entry.keyNode, ranges.range(0, 0));
  const node = entry.valueNode;
  const sourceEntry = findEntry(node, 'source');
  const source = locatedString(sourceEntry, ranges);
  const endOffset = node?.range?.[1] ?? entry.keyNode.range?.[1] ?? 0;
  return {
    name: entry.key,
    nameRange,
    ...(isMap(node) ? {} : { malformed: true }),
    range: { start: nameRange.start, end: ranges.position(endOffset) },
    source,
    sourcePath: source ? path.resolve(path.dirname(specPath), source.value) : undefined,
    connectorSource: buildConnectorSource(sourceEntry, ranges),
    primaryKey: locatedString(findEntry(node, 'primary_key'), ranges),
    timeColumn: locatedString(findEntry(node, 'time_column'), ranges),
    endTimeColumn: locatedString(findEntry(node, 'end_time_column'), ranges),
    columns: mapEntries(findEntry(node, 'columns')?.valueNode).map((c) => buildColumnOverride(c, ranges)),
  };
}

/** `source: { connector, table }`; anything else shaped wrongly is left to the schema. */
function buildConnectorSource(entry: MapEntry | undefined, ranges: YamlRanges): ConnectorSource | undefined {
  if (!entry || !isMap(entry.valueNode)) return undefined;
  const connector = locatedString(findEntry(entry.valueNode, 'connector'), ranges);
  const table = locatedString(findEntry(entry.valueNode, 'table'), ranges);
  if (!connector || !table) return undefined;
  return { connector, table, range: ranges.ofNode(entry.valueNode, connector.range) };
}

function buildColumnOverride(entry: MapEntry, ranges: YamlRanges): ColumnOverride {
  const keyRange = ranges.ofNode(entry.keyNode, ranges.range(0, 0));
  const range = ranges.ofNode(entry.valueNode, keyRange);
  const override: ColumnOverride = { name: entry.key, keyRange, range };
  const direct = scalarValue(entry.valueNode);
  if (typeof direct === 'string' && (STYPES as readonly string[]).includes(direct)) {
    override.stype = { value: direct as Stype, range, keyRange };
    return override;
  }
  const stype = locatedString(findEntry(entry.valueNode, 'stype'), ranges);
  if (stype && (STYPES as readonly string[]).includes(stype.value)) override.stype = stype as Located<Stype>;
  const dtype = locatedString(findEntry(entry.valueNode, 'dtype'), ranges);
  if (dtype && (DTYPES as readonly string[]).includes(dtype.value)) override.dtype = dtype as Located<Dtype>;
  if (scalarValue(findEntry(entry.valueNode, 'exclude')?.valueNode) === true) override.exclude = true;
  return override;
}

function buildEdge(node: Node, index: number, ranges: YamlRanges): EdgeSpec | undefined {
  const srcTable = locatedString(findEntry(node, 'src_table'), ranges);
  const fkey = locatedString(findEntry(node, 'fkey'), ranges);
  const dstTable = locatedString(findEntry(node, 'dst_table'), ranges);
  if (!srcTable || !fkey || !dstTable) return undefined;
  const range: Range = ranges.ofNode(node, srcTable.range);
  return { srcTable, fkey, dstTable, range, index };
}
