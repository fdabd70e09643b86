import * as fs from 'node:fs';
import * as path from 'node:path';
import { jobIdOfRecordFile } from '../../core/jobs/jobIds';
import { jobsDirOf } from '../../core/jobs/jobPaths';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { readJobRecordFile } from '../../core/jobs/readJobRecordFile';

/** The readable records of a workspace's job store (the data tier reads them; it never writes a store). */
export function readableStoreRecords(workspace: string): JobRecord[] {
  const dir = jobsDirOf(workspace);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    if (!jobIdOfRecordFile(name)) return [];
    const read = readJobRecordFile(fs, path.join(dir, name));
    return read.ok ? [read.record] : [];
  });
}
