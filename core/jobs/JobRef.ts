/**
 * Where a job lives. Relgraph writes a Kumo job id as `kumo:<id>` everywhere (CLI arguments and output,
 * specs' `training_job`, the editor); a bare id is a job of the local engine.
 */
export type BackendId = 'local' | 'kumo';

export const KUMO_JOB_PREFIX = 'kumo:';

export interface JobRef {
  readonly backend: BackendId;
  /** The backend's own id: `bp-job-…` / `trainingjob-…` without any `kumo:` prefix. */
  readonly id: string;
}

/** Kumo's job ids are opaque strings; this bounds them to what can be put in a URL path segment safely. */
const KUMO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `kumo:bp-job-1` -> Kumo, `bp-job-1` -> local; undefined when the text cannot be a job id at all. */
export function parseJobRef(text: string): JobRef | undefined {
  const value = text.trim();
  if (value.startsWith(KUMO_JOB_PREFIX)) {
    const id = value.slice(KUMO_JOB_PREFIX.length);
    return KUMO_ID.test(id) ? { backend: 'kumo', id } : undefined;
  }
  return KUMO_ID.test(value) ? { backend: 'local', id: value } : undefined;
}

/** The inverse of parseJobRef: the spelling users read and type. */
export function formatJobRef(ref: JobRef): string {
  return ref.backend === 'kumo' ? `${KUMO_JOB_PREFIX}${ref.id}` : ref.id;
}
