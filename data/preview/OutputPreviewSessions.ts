import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  EntityJoin,
  PreviewCell,
  PreviewColumn,
  PreviewColumnKind,
  PreviewNeighbour,
  PreviewSummary,
  PreviewView,
} from '../../core/preview/PreviewModel';
import { thresholdWarning } from '../../core/preview/thresholdWarning';
import { DuckDbSession } from '../DuckDbSession';
import { shortDuckDbError } from '../QueryRunner';
import { sessionSourceScan } from '../csvSchema';
import { sqlIdent, sqlString, type SourceFormat } from '../sourceScan';
import { neighboursQuery } from './embeddingNeighbours';
import { countQuery, filteredRelation, pageQuery, viewQuery, type EntitySide, type PreviewSchema } from './previewSql';
import { summarize, type SqlRunner, type SummaryFacts } from './previewStats';

/** A prediction output to preview: its files (a file, or a partitioned output's parts). */
export interface PreviewInput {
  files: string[];
  format: SourceFormat;
  /** The entity table to join beside the output, matched on ENTITY. */
  entity?: { table: string; key: string; files: string[]; format: SourceFormat };
  facts: SummaryFacts;
}

export interface OpenedPreview {
  session: string;
  columns: PreviewColumn[];
  totalRows: number;
  summary: PreviewSummary;
  entity?: EntityJoin;
  entityProblem?: string;
  warnings: string[];
}

export interface PreviewSessionsOptions {
  /** DuckDB threads (default 2: the user is waiting, but the editor shares the cores). */
  threads?: number;
  /** DuckDB's memory limit; beyond it tables spill to `tempDirectory` (default: a quarter of RAM, at most 2 GB). */
  memoryLimitMb?: number;
  /** Default: a private `mkdtemp` folder (0700), removed on dispose; never a fixed name another user could create. */
  tempDirectory?: string;
  /** Sessions kept open; opening one more closes the least recently used (default 8). */
  maxSessions?: number;
}

/** Lists longer than this are cut in page cells (an embedding shows its first values and its length). */
const LIST_CELL_VALUES = 8;

interface Session {
  schema: PreviewSchema;
  facts: SummaryFacts;
  relations: string[];
  usedAt: number;
}

/**
 * The open previews of the language server: one DuckDB (loaded on first use), one query at a time, a
 * relation per output (a view over Parquet parts; CSV is loaded once into a table, so paging does not
 * re-parse it) and per entity table. DuckDB holds the rows, within its memory limit and spilling to disk
 * beyond it; JavaScript only ever sees one page, one summary or one neighbour list.
 */
export class OutputPreviewSessions implements SqlRunner {
  private db?: Promise<DuckDbSession>;
  private ownSpillDir?: string;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly sessions = new Map<string, Session>();
  private signal?: AbortSignal;

  constructor(private readonly options: PreviewSessionsOptions = {}) {}

  async openOutput(input: PreviewInput, signal?: AbortSignal): Promise<OpenedPreview> {
    if (input.files.length === 0) throw new Error('the output has no files');
    const id = randomBytes(6).toString('hex');
    const output = `rg_preview_${id}_output`;
    const relations = [output];
    try {
      return await this.serial(signal, async () => {
        const scan = await this.scanOf(input.files, input.format);
        const described = await this.describe(`SELECT * FROM ${scan}`);
        const embedding = described.find((c) => c.name === 'EMBEDDING');
        // Embeddings are FLOAT[] for the list functions: CSV has them as text, Parquet may have fixed arrays.
        const replace =
          embedding && !/\[\]$/.test(embedding.type) ? ` REPLACE (CAST(EMBEDDING AS FLOAT[]) AS EMBEDDING)` : '';
        const select = `SELECT *${replace} FROM ${scan}`;
        await this.exec(
          input.format === 'csv' ? `CREATE TABLE ${output} AS ${select}` : `CREATE VIEW ${output} AS ${select}`,
        );
        const columns: PreviewColumn[] = (await this.describe(`SELECT * FROM ${output}`)).map((c) => ({
          name: c.name,
          sqlType: c.type,
          kind: columnKind(c.type),
          origin: 'output',
        }));
        const schema: PreviewSchema = { output, columns };
        const joined = input.entity ? await this.joinEntity(id, schema, input.entity, relations) : undefined;
        const [{ n }] = await this.rowsNow(`SELECT count(*) AS n FROM ${output}`, []);
        this.sessions.set(id, { schema, facts: input.facts, relations, usedAt: Date.now() });
        this.evict();
        const summary = await summarize(this, { sql: output, params: [] }, columns, input.facts);
        const warning =
          summary.kind === 'binary'
            ? thresholdWarning({
                positive: summary.positive,
                negative: summary.negative,
                threshold: summary.threshold?.value,
                trainingThreshold: summary.trainingThreshold,
              })
            : undefined;
        return {
          session: id,
          columns: schema.columns,
          totalRows: Number(n),
          summary,
          ...joined,
          warnings: warning ? [warning] : [],
        };
      });
    } catch (error) {
      this.sessions.delete(id);
      await this.drop(relations);
      throw asPreviewError(error);
    }
  }

  /** Loads the entity table (one row per key) and adds its columns; a problem is reported, not thrown. */
  private async joinEntity(
    id: string,
    schema: PreviewSchema,
    entity: NonNullable<PreviewInput['entity']>,
    relations: string[],
  ): Promise<{ entity?: EntityJoin; entityProblem?: string }> {
    const outputKey = schema.columns.find((c) => c.name === 'ENTITY');
    if (!outputKey) return { entityProblem: 'the output has no ENTITY column to join on' };
    const scan = await this.scanOf(entity.files, entity.format);
    let described: { name: string; type: string }[];
    try {
      described = await this.describe(`SELECT * FROM ${scan}`);
    } catch (error) {
      return { entityProblem: `the entity table ${entity.table} cannot be read: ${shortDuckDbError(error)}` };
    }
    const key = described.find((c) => c.name === entity.key);
    if (!key) return { entityProblem: `the entity table ${entity.table} has no column ${entity.key}` };
    const relation = `rg_preview_${id}_entity`;
    const shown = described.filter((c) => c.name !== entity.key);
    const names = shown.map((c) => `${entity.table}.${c.name}`);
    const select = [
      `${sqlIdent(entity.key)} AS "__rg_key"`,
      ...shown.map((c, i) => `${sqlIdent(c.name)} AS ${sqlIdent(names[i])}`),
    ].join(', ');
    relations.push(relation);
    await this.exec(
      `CREATE TABLE ${relation} AS SELECT DISTINCT ON ("__rg_key") ${select} FROM ${scan} WHERE ${sqlIdent(entity.key)} IS NOT NULL`,
    );
    const keyKind = columnKind(key.type);
    const side: EntitySide = {
      relation,
      outputKey: 'ENTITY',
      entityKey: '__rg_key',
      compareAsText: keyKind !== outputKey.kind || (keyKind !== 'number' && keyKind !== 'text'),
    };
    schema.entity = side;
    const taken = new Set(schema.columns.map((c) => c.name));
    shown.forEach((c, i) => {
      if (!taken.has(names[i]))
        schema.columns.push({ name: names[i], sqlType: c.type, kind: columnKind(c.type), origin: 'entity' });
    });
    const [{ n }] = await this.rowsNow(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${schema.output} o JOIN ${relation} e ON ` +
        `${side.compareAsText ? 'CAST(o."ENTITY" AS VARCHAR) = CAST(e."__rg_key" AS VARCHAR)' : 'o."ENTITY" = e."__rg_key"'} LIMIT 1)`,
      [],
    );
    const join: EntityJoin = { table: entity.table, key: entity.key, columns: names };
    if (Number(n) === 0)
      return {
        entity: join,
        entityProblem: `no ENTITY of the output is a ${entity.table}.${entity.key} of the spec's graph (has the graph changed since the job ran?)`,
      };
    return { entity: join };
  }

  async page(
    id: string,
    view: PreviewView,
    offset: number,
    limit: number,
    signal?: AbortSignal,
  ): Promise<{ rows: PreviewCell[][]; total: number }> {
    const { schema } = this.session(id);
    const page = pageQuery(schema, view, offset, limit);
    const count = countQuery(schema, view);
    return this.serial(signal, async () => {
      const rows = await this.arraysNow(page.sql, page.params);
      const [{ n }] = await this.rowsNow(count.sql, count.params);
      return { rows: rows.map((row) => row.map(toCell)), total: Number(n) };
    });
  }

  async stats(id: string, view: PreviewView, signal?: AbortSignal): Promise<PreviewSummary> {
    const { schema, facts } = this.session(id);
    const relation = filteredRelation(schema, view);
    return this.serial(signal, () => summarize(this, relation, schema.columns, facts));
  }

  /** Writes the whole view (filtered, sorted, entity columns included) as CSV: a temporary file renamed into place. */
  async exportCsv(id: string, view: PreviewView, file: string, signal?: AbortSignal): Promise<number> {
    const { schema } = this.session(id);
    const query = viewQuery(schema, view);
    const target = path.resolve(file);
    const temporary = path.join(
      path.dirname(target),
      `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
    );
    try {
      const rows = await this.serial(signal, async () => {
        const result = await this.rowsNow(
          `COPY (${query.sql}) TO ${sqlString(temporary)} (FORMAT csv, HEADER true)`,
          query.params,
        );
        return Number(Object.values(result[0] ?? {})[0] ?? 0);
      });
      fs.renameSync(temporary, target);
      return rows;
    } catch (error) {
      throw asPreviewError(error);
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  }

  async neighbours(
    id: string,
    row: { entity: string; anchor?: string },
    k: number,
    signal?: AbortSignal,
  ): Promise<PreviewNeighbour[]> {
    const { schema } = this.session(id);
    const query = neighboursQuery(schema, row, k);
    const rows = await this.serial(signal, () => this.rowsNow(query.sql, query.params));
    return rows.map((r) => ({
      entity: toCell(r.entity),
      ...(r.anchor !== undefined ? { anchor: toCell(r.anchor) } : {}),
      similarity: Number(r.similarity),
    }));
  }

  async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    await this.drop(session.relations);
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  dispose(): void {
    const db = this.db;
    this.db = undefined;
    this.sessions.clear();
    const spill = this.ownSpillDir;
    this.ownSpillDir = undefined;
    void this.queue
      .then(async () => (await db)?.close())
      .catch(() => undefined)
      .then(() => spill && fs.rmSync(spill, { recursive: true, force: true }))
      .catch(() => undefined);
  }

  /** SqlRunner, for summaries inside `serial` (the caller holds the turn). */
  rows(sql: string, params: readonly (string | number)[]): Promise<Record<string, unknown>[]> {
    return this.rowsNow(sql, params);
  }

  private session(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw new Error('this preview was closed: open it again');
    session.usedAt = Date.now();
    return session;
  }

  private evict(): void {
    const max = this.options.maxSessions ?? 8;
    while (this.sessions.size > max) {
      const [oldest] = [...this.sessions.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt);
      this.sessions.delete(oldest[0]);
      void this.drop(oldest[1].relations);
    }
  }

  private async drop(relations: string[]): Promise<void> {
    await this.serial(undefined, async () => {
      for (const relation of relations) {
        await this.exec(`DROP VIEW IF EXISTS ${relation}`).catch(() => undefined);
        await this.exec(`DROP TABLE IF EXISTS ${relation}`).catch(() => undefined);
      }
    }).catch(() => undefined);
  }

  /** One piece of work at a time on the connection: an interrupt must stop only the query it was meant for. */
  private serial<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(async () => {
      signal?.throwIfAborted();
      this.signal = signal;
      try {
        return await work();
      } finally {
        this.signal = undefined;
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private database(): Promise<DuckDbSession> {
    this.db ??= DuckDbSession.open({ threads: this.options.threads ?? Math.min(2, os.cpus().length) }).then(
      async (session) => {
        const memory = this.options.memoryLimitMb ?? Math.min(2048, Math.floor(os.totalmem() / 4 / 2 ** 20));
        const spill = this.spillDir();
        await session.run("SET TimeZone = 'UTC'");
        await session.run(`SET memory_limit = '${Math.max(64, Math.floor(memory))}MB'`);
        await session.run(`SET temp_directory = ${sqlString(spill)}`);
        return session;
      },
    );
    return this.db;
  }

  private spillDir(): string {
    if (this.options.tempDirectory) return this.options.tempDirectory;
    this.ownSpillDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-preview-spill-'));
    return this.ownSpillDir;
  }

  private async exec(sql: string): Promise<void> {
    const db = await this.database();
    await db.withInterrupt(this.signal, () => db.connection.run(sql));
  }

  private async rowsNow(sql: string, params: readonly (string | number)[]): Promise<Record<string, unknown>[]> {
    const db = await this.database();
    const reader = await db.withInterrupt(this.signal, () => db.connection.runAndReadAll(sql, [...params]));
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  private async arraysNow(sql: string, params: readonly (string | number)[]): Promise<unknown[][]> {
    const db = await this.database();
    const reader = await db.withInterrupt(this.signal, () => db.connection.runAndReadAll(sql, [...params]));
    return reader.getRowsJS() as unknown[][];
  }

  /** A CSV is sniffed over a sample and verified once (csvSchema.ts) rather than fully sniffed by every query. */
  private async scanOf(files: readonly string[], format: SourceFormat): Promise<string> {
    return sessionSourceScan(await this.database(), files, format, this.signal);
  }

  private async describe(select: string): Promise<{ name: string; type: string }[]> {
    const rows = await this.rowsNow(`DESCRIBE ${select}`, []);
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  }
}

/** The preview's kind of a DuckDB type. */
export function columnKind(type: string): PreviewColumnKind {
  const t = type.toUpperCase();
  if (/\[\d*\]$/.test(t) || t.startsWith('LIST') || t.startsWith('ARRAY')) return 'list';
  if (t === 'BOOLEAN') return 'boolean';
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|REAL|DECIMAL.*|NUMERIC.*)$/.test(t)) return 'number';
  if (/^(DATE|TIME|TIMESTAMP.*|TIMETZ)/.test(t)) return 'time';
  return 'text';
}

/** A DuckDB JS value as a page cell. */
export function toCell(value: unknown): PreviewCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) {
    const head = value.slice(0, LIST_CELL_VALUES).map((v) => {
      const cell = toCell(v);
      return typeof cell === 'number' || typeof cell === 'string' || cell === null ? cell : JSON.stringify(cell);
    });
    return { list: head, length: value.length };
  }
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function asPreviewError(error: unknown): Error {
  if (error instanceof Error && error.name === 'AbortError') return error;
  return new Error(shortDuckDbError(error));
}
