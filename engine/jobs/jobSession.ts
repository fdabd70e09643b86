import * as fs from 'node:fs';
import { DuckDbSession } from '../../data/DuckDbSession';

/**
 * DuckDB's memory limit in a training or prediction job. The loaded tables live in a database file in the
 * job's work folder and the working set of its queries is capped: past the cap DuckDB spills to that folder
 * instead of growing. At 1M customers / 20M orders the tables alone took 1.4 GB in memory and the
 * prediction job peaked at 2.7 GB; with the cap, 1.2-1.4 GB, the feature query about as fast
 * (docs/engine.md, "Throughput").
 */
export const JOB_DUCKDB_MEMORY = '1GB';

/**
 * The DuckDB session of a job: tables and spill files in `workFolder` (a scratch path the job removes
 * when it ends, whatever its status), or in memory without a folder (tests, small data).
 */
export async function openJobSession(workFolder: string | undefined, threads?: number): Promise<DuckDbSession> {
  if (!workFolder) return DuckDbSession.open({ threads });
  fs.mkdirSync(workFolder, { recursive: true });
  return DuckDbSession.open({ threads, work: { folder: workFolder, memoryLimit: JOB_DUCKDB_MEMORY } });
}
