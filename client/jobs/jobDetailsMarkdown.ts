import * as fs from 'node:fs';
import { sha256OfFile } from '../../backend/local/LocalJobStore';
import type { LoadedJob } from './JobsLoader';
import { code, md, resultEntries } from './jobPresentation';
import { formatDuration, jobDurationMs, kindTitle, stageTimings } from './jobText';

/** Whether the spec a job ran is still the file it was launched from (the record keeps its sha256). */
export type SpecState = 'unchanged' | 'changed' | 'missing' | 'unknown';

export function specState(record: LoadedJob['record']): SpecState {
  if (!fs.existsSync(record.spec.path)) return 'missing';
  if (!record.spec.sha256) return 'unknown';
  // sha256OfFile reads only a bounded regular file: a record can name a pipe or a device as its spec.
  const now = sha256OfFile(record.spec.path);
  return now === '' ? 'unknown' : now === record.spec.sha256 ? 'unchanged' : 'changed';
}

const SPEC_STATE_TEXT: Record<SpecState, string> = {
  unchanged: 'unchanged since the job ran',
  changed: '**changed since the job ran** (a re-run uses the current file)',
  missing: '**no longer exists**',
  unknown: 'not recorded',
};

/**
 * "Show job details": everything the record says, as a read-only Markdown document (the same facts as
 * `relgraph jobs show`), ending with the raw record so nothing is hidden behind the formatting.
 */
export function jobDetailsMarkdown(job: LoadedJob, now: number, spec: SpecState): string {
  const r = job.record;
  const duration = jobDurationMs(r, now);
  const rows: [string, string][] = [
    ['Job', `\`${r.id}\``],
    ['Status', `${r.status}${job.cancelRequested ? ' (cancel requested)' : ''}`],
    ['Spec', `${code(r.spec.path)}: ${SPEC_STATE_TEXT[spec]}`],
    ['Created', r.createdAt],
  ];
  if (r.startedAt) rows.push(['Started', r.startedAt]);
  if (r.endedAt) rows.push(['Ended', r.endedAt]);
  if (duration !== undefined) rows.push([r.endedAt ? 'Duration' : 'Running for', formatDuration(duration)]);
  if (r.progress) rows.push(['Progress', `${r.progress.completed}/${r.progress.total}`]);
  if (r.process) rows.push(['Process', `pid ${r.process.pid} on ${md(r.process.hostname)}`]);
  if (r.logPath) rows.push(['Log', code(r.logPath)]);
  if (r.artifactDir) rows.push(['Job folder', code(r.artifactDir)]);
  rows.push(['Job store', code(job.workspace)]);
  const tags = Object.entries(r.tags);
  if (tags.length > 0) rows.push(['Tags', tags.map(([k, v]) => `${md(k)}=${md(v)}`).join(', ')]);

  const out = [`# ${md(r.spec.name)}: ${kindTitle(r)}`, '', '| | |', '|---|---|'];
  for (const [name, value] of rows) out.push(`| ${name} | ${value} |`);

  if (r.error) {
    out.push('', `## ${r.status === 'CANCELLED' ? 'Cancelled' : 'Error'}`, '');
    out.push(`${md(r.error.message)}${r.error.stage ? ` (during ${md(r.error.stage)})` : ''}`);
  }
  const stages = stageTimings(r, now);
  if (stages.length > 0) {
    out.push('', '## Stages', '', '| # | Stage | Detail | Started | Took |', '|---|---|---|---|---|');
    stages.forEach((s, i) => {
      const took = s.durationMs === undefined ? '' : `${formatDuration(s.durationMs)}${s.current ? ' so far' : ''}`;
      out.push(`| ${i + 1} | ${md(s.stage)} | ${md(s.detail ?? '')} | ${s.at} | ${took} |`);
    });
  }
  const facts = resultEntries(job);
  if (facts.entries.length > 0) {
    out.push('', `## ${facts.title}`, '');
    for (const e of facts.entries) out.push(`- ${md(e.name)}: ${md(e.value)}`);
  }
  if (r.artifacts.length > 0) {
    out.push('', '## Outputs', '', '| Type | Format | Rows | Path |', '|---|---|---|---|');
    for (const a of r.artifacts) {
      out.push(`| ${md(a.type)} | ${a.format ?? ''} | ${a.rows ?? ''} | ${code(a.path)} |`);
    }
    const parts = r.artifacts.filter((a) => a.files.length > 1 || a.files[0] !== a.path);
    for (const a of parts) {
      out.push('', `${md(a.type)} files:`, '', ...a.files.map((f) => `- ${code(f)}`));
    }
  }
  out.push('', '## Record', '', '```json', JSON.stringify(r, null, 2), '```', '');
  return out.join('\n');
}
