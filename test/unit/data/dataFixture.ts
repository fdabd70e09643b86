import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SpecDiagnostic } from '../../../core/diagnostics/SpecDiagnostic';
import type { SpecValidation } from '../../../core/validation/SpecValidation';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { DataValidator, type DataValidatorOptions } from '../../../data/DataValidator';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { NodeSpecHost, type NodeSpecHostOptions } from '../../../data/NodeSpecHost';
import { sqlString } from '../../../data/sourceScan';

/**
 * A temp folder of specs and data for data-check tests. Tables are written by DuckDB itself
 * (`COPY (SELECT ...) TO`), CSV or Parquet by extension; odd files (ragged, truncated) are written raw.
 */
export class DataFixture {
  private constructor(
    readonly dir: string,
    private readonly writer: DuckDbSession,
  ) {}

  static async create(): Promise<DataFixture> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-data-'));
    return new DataFixture(dir, await DuckDbSession.open({ threads: 1 }));
  }

  path(relative: string): string {
    return path.join(this.dir, relative);
  }

  /** Writes the rows of `select` to `relative` (.csv or .parquet) and returns the absolute path. */
  async table(relative: string, select: string): Promise<string> {
    const file = this.path(relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const format = file.endsWith('.parquet') ? 'FORMAT parquet' : 'FORMAT csv, HEADER true';
    await this.writer.run(`COPY (${select}) TO ${sqlString(file)} (${format})`);
    return file;
  }

  write(relative: string, text: string | Buffer): string {
    const file = this.path(relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }

  /** Static validation of a spec, as the CLI and the language server produce it. */
  staticValidation(relative: string, host: NodeSpecHostOptions = {}): SpecValidation {
    return validateSpecFile(this.path(relative), new NodeSpecHost(host));
  }

  /** Static validation, then the data checks; the data diagnostics only. */
  async dataDiagnostics(
    relative: string,
    options: Partial<DataValidatorOptions> = {},
    host: NodeSpecHostOptions = {},
  ): Promise<SpecDiagnostic[]> {
    const validator = new DataValidator({ host: new NodeSpecHost(host), diskCache: false, ...options });
    try {
      return await validator.validate(this.staticValidation(relative, host));
    } finally {
      validator.dispose();
    }
  }

  async close(): Promise<void> {
    this.writer.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function codesOf(diagnostics: readonly SpecDiagnostic[]): string[] {
  return diagnostics.map((d) => d.code).sort();
}

/** The one diagnostic with this code (fails the test when there is none or several). */
export function only(diagnostics: readonly SpecDiagnostic[], code: string): SpecDiagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(
    found.length,
    1,
    `expected one '${code}', got: ${JSON.stringify(
      diagnostics.map((d) => [d.code, d.message]),
      null,
      1,
    )}`,
  );
  return found[0];
}

export function none(diagnostics: readonly SpecDiagnostic[], code: string): void {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 0, `expected no '${code}', got: ${found.map((d) => d.message).join(' | ')}`);
}

/** 0-based line of the first line containing `needle` in a fixture file: where a diagnostic should point. */
export function lineOf(file: string, needle: string): number {
  const line = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `'${needle}' not in ${file}`);
  return line;
}
