import type { BackendJob } from '../../backend/JobBackend';
import { formatJobRef, isTerminalStatus } from '../../backend/jobModel';
import { STATE_ICONS } from '../jobs/jobPresentation';
import { formatDuration, relativeTime, statusDisplayState } from '../jobs/jobText';

/**
 * What the Kumo group of the Jobs view shows for a Kumo job: computed from the backend's neutral BackendJob
 * alone (and "now", passed in), so the tree, the tooltip and the details never disagree. No `vscode` here.
 */
export interface KumoJobRow {
  /** Stable across polls (`kumo:<id>`), so a selected job stays selected while it updates. */
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: { id: string; color?: string };
  /**
   * `relgraph.kumoJob.active` (cancellable) or `relgraph.kumoJob.ended`, then `.trained` for a DONE training job (a
   * model to predict with), then `.tracked` with a tracking URL.
   */
  contextValue: string;
}

export function kumoJobRow(job: BackendJob, now: number): KumoJobRow {
  const ref = formatJobRef(job.ref);
  const kind = job.kind === 'training' ? 'Training' : 'Batch prediction';
  const parts: string[] = [job.status];
  const progress = progressText(job);
  if (progress) parts.push(progress);
  const duration = kumoJobDurationMs(job, now);
  if (duration !== undefined) parts.push(formatDuration(duration));
  parts.push(relativeTime(job.createdAt, now));
  const tooltip = [
    `**${kind} ${ref}** — ${job.status}`,
    job.name ? `Query: ${job.name}` : undefined,
    job.trainingJob ? `Model: ${formatJobRef(job.trainingJob)}` : undefined,
    job.anchorTime ? `Anchor time: ${job.anchorTime}` : undefined,
    `Created: ${job.createdAt}`,
    job.error ? `Error: ${job.error}` : undefined,
  ]
    .filter((line): line is string => !!line)
    .join('\n\n');
  const active = !isTerminalStatus(job.status);
  const trained = job.kind === 'training' && job.status === 'DONE';
  return {
    id: ref,
    label: `${job.name ?? kind} · ${job.ref.id}`,
    description: parts.filter(Boolean).join(' · '),
    tooltip,
    icon: STATE_ICONS[statusDisplayState(job.status, false)],
    contextValue: `relgraph.kumoJob.${active ? 'active' : 'ended'}${trained ? '.trained' : ''}${job.trackingUrl ? '.tracked' : ''}`,
  };
}

/** "2/4 (50%)" while the backend reports progress of a running job. */
function progressText(job: BackendJob): string | undefined {
  const p = job.progress;
  if (!p || job.status !== 'RUNNING' || !(p.total > 0)) return undefined;
  return `${p.completed}/${p.total} (${Math.round((100 * p.completed) / p.total)}%)`;
}

/** From start (else creation) to end (else now while the job runs); undefined for a job not started. */
export function kumoJobDurationMs(job: BackendJob, now: number): number | undefined {
  const start = Date.parse(
    job.startedAt ?? (job.status === 'RUNNING' || isTerminalStatus(job.status) ? job.createdAt : ''),
  );
  if (Number.isNaN(start)) return undefined;
  const endText = job.endedAt ?? (isTerminalStatus(job.status) ? job.updatedAt : undefined);
  const end = endText ? Date.parse(endText) : isTerminalStatus(job.status) ? NaN : now;
  return Number.isNaN(end) ? undefined : Math.max(0, end - start);
}

/** The details document of a Kumo job (Markdown): status, timing, model, validation, events, tracking URL. */
export function kumoJobDetailsMarkdown(job: BackendJob, now: number): string {
  const ref = formatJobRef(job.ref);
  const lines = [`# ${job.kind === 'training' ? 'Training job' : 'Batch prediction job'} ${ref}`, ''];
  const row = (name: string, value: string | undefined) => value && lines.push(`- **${name}:** ${value}`);
  row('Status', job.status);
  row('Query', job.name);
  row('Model', job.trainingJob ? formatJobRef(job.trainingJob) : undefined);
  row('Anchor time', job.anchorTime);
  row('Created', job.createdAt);
  row('Ended', job.endedAt);
  const duration = kumoJobDurationMs(job, now);
  row('Duration', duration === undefined ? undefined : formatDuration(duration));
  row('Progress', progressText(job));
  row('Error', job.error);
  row('In Kumo', job.trackingUrl ? `<${job.trackingUrl}>` : undefined);
  const tags = Object.entries(job.tags);
  row('Tags', tags.length > 0 ? tags.map(([k, v]) => `${k}=${v}`).join(', ') : undefined);
  for (const [title, items] of [
    ['Errors', job.validation?.errors ?? []],
    ['Warnings', job.validation?.warnings ?? []],
  ] as const) {
    if (items.length === 0) continue;
    lines.push('', `## ${title}`, '');
    for (const item of items) lines.push(`- **${item.title}**: ${item.message}`);
  }
  if (job.eventLog.length > 0) {
    lines.push('', '## Events', '');
    for (const event of job.eventLog)
      lines.push(`- ${event.at} ${event.stage}${event.detail ? `: ${event.detail}` : ''}`);
  }
  if (job.summary && Object.keys(job.summary).length > 0) {
    lines.push('', '## Result', '', '```json', JSON.stringify(job.summary, null, 2), '```');
  }
  return lines.join('\n') + '\n';
}
