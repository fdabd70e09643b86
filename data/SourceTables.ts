import type { DuckDbSession } from './DuckDbSession';
import { sqlIdent } from './sourceScan';

/**
 * CSV sources that the validation before a job read into tables of the job's own DuckDB session, so that the
 * checks and the job read each file once (the full read that verifies a CSV's sampled types keeps the rows it
 * read, typed; see csvSchema.ts CsvMaterializer). At 20M orders that read is 8.7 s, where verifying without
 * keeping the rows (8.8 s, the statistics riding along) and then loading them for the job (7.1 s) were two.
 *
 * The checks keep writing their SQL over the file's typed scan, which is what their cached answers are keyed
 * by (a later `relgraph validate` of the same files is answered from the cache); `rewrite` points that scan at
 * the table when the query runs. Only a source whose sampled types the read verified is kept: its table then
 * holds exactly the values the typed scan reads.
 */
export class SourceTables {
  /** By source fingerprint (TableSource): the typed scan the checks write, and what reads the table instead. */
  private readonly bySource = new Map<string, { scan: string; replacement: string }>();
  private created = 0;

  constructor(readonly session: DuckDbSession) {}

  /** A name for the next source's table. */
  newTableName(): string {
    return `rg_source_${this.created++}`;
  }

  /**
   * The source (by fingerprint) whose typed scan is `scan` reads `columns` of `table` from now on. Columns are
   * named, so the table's own check columns stay out of `SELECT *`.
   */
  adopt(fingerprint: string, scan: string, table: string, columns: readonly string[]): void {
    const replacement = `(SELECT ${columns.map(sqlIdent).join(', ')} FROM ${sqlIdent(table)})`;
    this.bySource.set(fingerprint, { scan, replacement });
  }

  has(fingerprint: string): boolean {
    return this.bySource.has(fingerprint);
  }

  /**
   * By source fingerprint, what reads the kept rows: a job whose graph table has that fingerprint reads it in
   * place of the files (GraphTables `preloaded`).
   */
  scans(): Map<string, string> {
    return new Map([...this.bySource].map(([fingerprint, { replacement }]) => [fingerprint, replacement]));
  }

  /**
   * `sql` over the sources with these fingerprints, with each kept source's typed scan replaced by its table.
   * The scan text is Relgraph's own (file paths only as escaped literals), so a plain replacement is exact.
   */
  rewrite(sql: string, fingerprints: readonly string[]): string {
    let rewritten = sql;
    for (const fingerprint of fingerprints) {
      const kept = this.bySource.get(fingerprint);
      if (kept) rewritten = rewritten.split(kept.scan).join(kept.replacement);
    }
    return rewritten;
  }
}
