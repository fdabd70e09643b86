import type { JobRecord } from '../../core/jobs/JobRecord';
import { isValidJobId } from '../../engine/jobs/jobIds';
import { isJobStatus } from '../../core/jobs/JobStatus';

export type ParsedJobRecord = { ok: true; record: JobRecord } | { ok: false; reason: string };

/**
 * Checks one `<id>.json` text before the views trust it. The engine writes records atomically, but a
 * record can still be unreadable: copied half-way, edited by hand, or written by a newer Relgraph with
 * another `formatVersion`. Such a file is reported (and skipped) instead of breaking the whole view.
 * Arrays an older writer may have left out are defaulted, so the views never have to guard them.
 */
export function parseJobRecord(text: string, expectedId?: string): ParsedJobRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isObject(value)) return { ok: false, reason: 'not a JSON object' };
  if (value.formatVersion !== 1) {
    return {
      ok: false,
      reason: `record format version ${JSON.stringify(value.formatVersion)}: this extension reads version 1 (update Relgraph)`,
    };
  }
  if (typeof value.id !== 'string' || !isValidJobId(value.id)) return { ok: false, reason: 'no valid job id' };
  if (expectedId !== undefined && value.id !== expectedId) {
    return { ok: false, reason: `holds job '${value.id}', not '${expectedId}' (records are named after their job)` };
  }
  if (value.kind !== 'training' && value.kind !== 'batch_prediction') {
    return { ok: false, reason: `unknown job kind ${JSON.stringify(value.kind)}` };
  }
  if (!isJobStatus(value.status)) return { ok: false, reason: `unknown status ${JSON.stringify(value.status)}` };
  if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt))) {
    return { ok: false, reason: "no valid 'createdAt'" };
  }
  if (!isObject(value.spec) || typeof value.spec.path !== 'string') return { ok: false, reason: "no 'spec.path'" };
  const record = value as unknown as JobRecord;
  return {
    ok: true,
    record: {
      ...record,
      updatedAt: typeof record.updatedAt === 'string' ? record.updatedAt : record.createdAt,
      spec: { ...record.spec, name: typeof record.spec.name === 'string' ? record.spec.name : record.id },
      eventLog: Array.isArray(record.eventLog) ? record.eventLog.filter(isEvent) : [],
      artifacts: Array.isArray(record.artifacts)
        ? record.artifacts
            .filter((a) => isObject(a) && typeof a.path === 'string')
            .map((a) => ({ ...a, files: Array.isArray(a.files) ? a.files : [a.path] }))
        : [],
      tags: isObject(record.tags) ? record.tags : {},
      logPath: typeof record.logPath === 'string' ? record.logPath : '',
      artifactDir: typeof record.artifactDir === 'string' ? record.artifactDir : '',
    },
  };
}

function isEvent(value: unknown): boolean {
  return isObject(value) && typeof value.stage === 'string' && typeof value.at === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
