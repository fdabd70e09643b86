/**
 * Local job ids: `trainingjob-<stamp>-<random>` / `bp-job-<stamp>-<random>` (Kumo's prefixes). Only ids of
 * this shape are ever turned into paths, so a crafted id cannot escape the jobs folder.
 */
const JOB_ID = /^(trainingjob|bp-job)-[A-Za-z0-9-]{1,80}$/;

export function isValidJobId(id: unknown): id is string {
  return typeof id === 'string' && JOB_ID.test(id);
}

/** `bp-job-1.json` -> `bp-job-1`; undefined for any other file name (temporary files, notes, ...). */
export function jobIdOfRecordFile(fileName: string): string | undefined {
  if (!fileName.endsWith('.json')) return undefined;
  const id = fileName.slice(0, -'.json'.length);
  return isValidJobId(id) ? id : undefined;
}
