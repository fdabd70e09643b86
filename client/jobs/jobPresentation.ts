import * as path from 'node:path';
import type { JobArtifact } from '../../backend/jobModel';
import type { LoadedJob } from './JobsLoader';
import {
  currentStage,
  displayState,
  isActiveJob,
  formatDuration,
  jobDurationMs,
  kindName,
  kindTitle,
  predictionSummaryEntries,
  progressPercent,
  relativeTime,
  scalarEntries,
  stageTimings,
  summaryWarnings,
  trainingMetrics,
  type JobDisplayState,
  type JobKindName,
  type NamedValue,
} from './jobText';

/**
 * Jobs as tree rows, without VS Code types: what each row says, its icon (a codicon id) and its
 * `contextValue`, which package.json menus match to offer the right actions. JobTreeNode turns these
 * into TreeItems; everything a user reads is decided (and tested) here.
 */
export interface TreeRow {
  /** Stable across refreshes, so expanded rows stay expanded while a job updates. */
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon: { id: string; color?: string };
  contextValue: string;
  children?: TreeRow[];
  expanded?: boolean;
  /** Output rows: the artifact a click opens. */
  artifact?: JobArtifact;
  /** The "Log" row: a click opens the log. */
  opensLog?: boolean;
}

export const JOB_CONTEXT_PREFIX = 'relgraph.job';
export const MAX_JOBS_PER_GROUP = 50;

/** One icon per state, for every backend's jobs (client/kumo shows Kumo's jobs with the same icons). */
export const STATE_ICONS: Record<JobDisplayState, TreeRow['icon']> = {
  queued: { id: 'clock' },
  running: { id: 'sync~spin' },
  cancelling: { id: 'loading~spin' },
  done: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  cancelled: { id: 'circle-slash', color: 'disabledForeground' },
};

/** `relgraph.job.<state>.<kind>`, e.g. `relgraph.job.running.prediction`, `relgraph.job.done.training`. */
export function jobContextValue(job: LoadedJob): string {
  return `${JOB_CONTEXT_PREFIX}.${displayState(job)}.${kindName(job.record)}`;
}

export interface JobGroup {
  kind: JobKindName;
  label: string;
  description: string;
  jobs: LoadedJob[];
  /** Older jobs left out of the tree (the store keeps them; `relgraph jobs list` shows them). */
  hidden: number;
}

/** "Training jobs" and "Prediction jobs", newest first; none at all when there are no jobs (the welcome view). */
export function jobGroups(jobs: readonly LoadedJob[]): JobGroup[] {
  if (jobs.length === 0) return [];
  return (['training', 'prediction'] as const).map((kind) => {
    const all = jobs.filter((j) => kindName(j.record) === kind);
    const active = all.filter((j) => isActiveJob(j)).length;
    const description = all.length === 0 ? 'none' : `${all.length}${active > 0 ? ` · ${active} active` : ''}`;
    return {
      kind,
      label: kind === 'training' ? 'Training jobs' : 'Prediction jobs',
      description,
      jobs: all.slice(0, MAX_JOBS_PER_GROUP),
      hidden: Math.max(0, all.length - MAX_JOBS_PER_GROUP),
    };
  });
}

export function jobRow(job: LoadedJob, now: number): TreeRow {
  return {
    id: `job:${job.file}`,
    label: job.record.spec.name,
    description: jobDescription(job, now),
    tooltip: jobTooltip(job, now),
    icon: STATE_ICONS[displayState(job)],
    contextValue: jobContextValue(job),
  };
}

export function jobDescription(job: LoadedJob, now: number): string {
  const r = job.record;
  const state = displayState(job);
  const duration = jobDurationMs(r, now);
  const parts: string[] = [];
  switch (state) {
    case 'queued':
      parts.push(r.status === 'QUEUED' ? 'queued' : 'not started', relativeTime(r.createdAt, now));
      break;
    case 'running':
    case 'cancelling': {
      const pct = progressPercent(r);
      const stage = currentStage(r) ?? 'starting';
      parts.push(state === 'cancelling' ? 'cancelling…' : `${stage}${pct !== undefined ? ` ${pct}%` : ''}`);
      parts.push(`started ${relativeTime(r.startedAt ?? r.createdAt, now)}`);
      break;
    }
    case 'done': {
      if (r.kind === 'batch_prediction') {
        const n = r.summary?.num_entities_predicted;
        if (typeof n === 'number') parts.push(`${n} predicted`);
      } else {
        const first = trainingMetrics(r.summary).find((m) => m.name !== 'validation rows');
        if (first) parts.push(`${first.name} ${first.value}`);
      }
      if (duration !== undefined) parts.push(formatDuration(duration));
      parts.push(relativeTime(r.endedAt ?? r.updatedAt, now));
      break;
    }
    case 'failed':
      parts.push(r.error?.stage ? `failed in ${r.error.stage}` : 'failed', relativeTime(r.endedAt ?? r.updatedAt, now));
      break;
    case 'cancelled':
      parts.push('cancelled', relativeTime(r.endedAt ?? r.updatedAt, now));
      break;
  }
  return parts.filter(Boolean).join(' · ');
}

export function jobTooltip(job: LoadedJob, now: number): string {
  const r = job.record;
  const lines = [
    `**${md(r.spec.name)}** · ${kindTitle(r)} · ${r.status}${job.cancelRequested ? ' (cancel requested)' : ''}`,
    '',
    `\`${r.id}\``,
    '',
    `Spec: ${code(r.spec.path)}`,
    '',
    `Created ${r.createdAt.replace('T', ' ').slice(0, 19)} UTC` +
      (jobDurationMs(r, now) !== undefined ? ` · ran ${formatDuration(jobDurationMs(r, now)!)}` : ''),
  ];
  if (r.progress && isActiveJob(job)) {
    lines.push('', `Progress: ${r.progress.completed}/${r.progress.total} (${progressPercent(r) ?? 0}%)`);
  }
  const stages = stageTimings(r, now);
  if (stages.length > 0) {
    lines.push('', '| Stage | Started (UTC) | Took |', '|---|---|---|');
    for (const s of stages) {
      const took = s.durationMs === undefined ? '' : `${formatDuration(s.durationMs)}${s.current ? ' so far' : ''}`;
      lines.push(`| ${md(s.stage)}${s.detail ? `: ${md(s.detail)}` : ''} | ${s.at.slice(11, 19)} | ${took} |`);
    }
  }
  const facts = resultEntries(job);
  if (facts.entries.length > 0) {
    lines.push('', `**${facts.title}**`, '');
    for (const e of facts.entries) lines.push(`- ${md(e.name)}: ${md(e.value)}`);
  }
  if (r.error) {
    lines.push('', `**Error**${r.error.stage ? ` (during ${md(r.error.stage)})` : ''}: ${md(r.error.message)}`);
  }
  return lines.join('\n');
}

/** Metrics of a training job, the summary of a prediction, or whatever scalars an unknown summary has. */
export function resultEntries(job: LoadedJob): { title: string; entries: NamedValue[] } {
  const r = job.record;
  if (r.kind === 'batch_prediction') {
    const entries = predictionSummaryEntries(r.summary);
    return { title: 'Summary', entries: entries.length > 0 ? entries : scalarEntries(r.summary) };
  }
  // A model no better than a constant ends DONE with a warning: it shows beside the metrics.
  const warnings = summaryWarnings(r.summary);
  const metrics = trainingMetrics(r.summary);
  return metrics.length > 0
    ? { title: 'Metrics', entries: [...metrics, ...warnings] }
    : { title: 'Summary', entries: [...scalarEntries(r.summary), ...warnings] };
}

/** The rows under a job: error, stages, outputs, metrics or summary, and its log. */
export function jobChildRows(job: LoadedJob, now: number): TreeRow[] {
  const r = job.record;
  const base = `job:${job.file}`;
  const rows: TreeRow[] = [];
  const state = displayState(job);
  if (r.error) {
    rows.push({
      id: `${base}/error`,
      label: state === 'cancelled' ? 'Cancelled' : r.error.stage ? `Failed in ${r.error.stage}` : 'Failed',
      description: r.error.message,
      tooltip: md(r.error.message),
      icon: state === 'cancelled' ? { id: 'circle-slash' } : { id: 'error', color: 'errorForeground' },
      contextValue: 'relgraph.jobError',
    });
  }
  const stages = stageTimings(r, now);
  if (stages.length > 0) {
    rows.push({
      id: `${base}/stages`,
      label: 'Stages',
      description: String(stages.length),
      icon: { id: 'list-ordered' },
      contextValue: 'relgraph.jobSection.stages',
      expanded: state === 'running' || state === 'cancelling',
      children: stages.map((s, i) => ({
        id: `${base}/stages/${i}`,
        label: s.stage,
        description: [s.detail, s.durationMs === undefined ? '' : formatDuration(s.durationMs)]
          .filter(Boolean)
          .join(' · '),
        tooltip: `${md(s.stage)} started ${s.at}${s.detail ? `\n\n${md(s.detail)}` : ''}`,
        icon: s.current
          ? { id: 'sync~spin' }
          : i === stages.length - 1 && r.error
            ? { id: 'error', color: 'errorForeground' }
            : { id: 'check' },
        contextValue: 'relgraph.jobStage',
      })),
    });
  }
  if (r.artifacts.length > 0) {
    const previewable = r.kind === 'batch_prediction' && r.status === 'DONE';
    rows.push({
      id: `${base}/outputs`,
      label: 'Outputs',
      description: String(r.artifacts.length),
      icon: { id: 'files' },
      contextValue: 'relgraph.jobSection.outputs',
      expanded: true,
      children: r.artifacts.map((a, i) => artifactRow(a, `${base}/outputs/${i}`, previewable)),
    });
  }
  const facts = resultEntries(job);
  if (facts.entries.length > 0) {
    rows.push({
      id: `${base}/result`,
      label: facts.title,
      icon: { id: facts.title === 'Metrics' ? 'graph' : 'info' },
      contextValue: `relgraph.jobSection.${facts.title.toLowerCase()}`,
      expanded: true,
      children: facts.entries.map((e, i) => ({
        id: `${base}/result/${i}`,
        label: e.name,
        description: e.value,
        tooltip: `${md(e.name)}: ${md(e.value)}`,
        icon: { id: e.name === 'warning' ? 'warning' : 'symbol-number' },
        contextValue: 'relgraph.jobValue',
      })),
    });
  }
  if (r.logPath) {
    rows.push({
      id: `${base}/log`,
      label: 'Log',
      description: path.basename(r.logPath),
      tooltip: code(r.logPath),
      icon: { id: 'output' },
      contextValue: 'relgraph.jobLog',
      opensLog: true,
    });
  }
  return rows;
}

function artifactRow(artifact: JobArtifact, id: string, previewable: boolean): TreeRow {
  const partitioned = artifact.files.length > 1 || artifact.files[0] !== artifact.path;
  const details = [
    artifact.format,
    partitioned ? `${artifact.files.length} files` : '',
    artifact.rows !== undefined ? `${artifact.rows} rows` : '',
    path.basename(artifact.path),
  ];
  const canPreview = previewable && (artifact.type === 'predictions' || artifact.type === 'embeddings');
  return {
    id,
    label: artifact.type,
    description: details.filter(Boolean).join(' · '),
    tooltip: [
      code(artifact.path),
      ...(partitioned ? artifact.files.map((f) => `- ${code(path.basename(f))}`) : []),
    ].join('\n'),
    icon: { id: partitioned ? 'file-directory' : 'file' },
    contextValue: canPreview ? 'relgraph.jobArtifact.previewable' : 'relgraph.jobArtifact',
    artifact,
  };
}

/**
 * Escapes what Markdown interprets inside a line of text (emphasis, code, links, HTML, table pipes);
 * the views never start a line with user text, so list and heading markers need no escaping.
 */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** A path or id as a code span (read as-is, no escaping needed), safe in a table cell. */
export function code(text: string): string {
  const escaped = text.replace(/\|/g, '\\|');
  // A backtick inside needs a longer fence, padded so one at either end is not read as part of it.
  return text.includes('`') ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}
