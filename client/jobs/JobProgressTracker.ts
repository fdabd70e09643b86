import { isTerminalStatus, type JobRecord } from '../../backend/jobModel';
import { currentStage, progressPercent } from './jobText';

export interface ProgressStep {
  /** The notification's text: stage and completed/total, e.g. `Predicting 3/8`. */
  message: string;
  /** Percentage points to add to the bar (VS Code's progress only moves forward); absent: unchanged. */
  increment?: number;
}

/**
 * Turns successive records of one job into `window.withProgress` reports. The record's progress is
 * that of the latest stage that reports any (prediction slices, training rounds), so it can restart at
 * 0 in a later stage while VS Code's bar can only grow: the bar shows the furthest point reached, the
 * message always shows the current stage and its own completed/total.
 */
export class JobProgressTracker {
  private reportedPercent = 0;
  private lastMessage = '';

  update(record: JobRecord): ProgressStep | undefined {
    const stage = currentStage(record) ?? (record.status === 'QUEUED' ? 'Queued' : 'Starting');
    const p = record.progress;
    const message = isTerminalStatus(record.status)
      ? record.status
      : `${stage}${p && p.total > 0 ? ` ${p.completed}/${p.total}` : ''}`;
    const percent = record.status === 'DONE' ? 100 : (progressPercent(record) ?? 0);
    const increment = percent > this.reportedPercent ? percent - this.reportedPercent : undefined;
    if (increment === undefined && message === this.lastMessage) return undefined;
    if (increment !== undefined) this.reportedPercent = percent;
    this.lastMessage = message;
    return increment === undefined ? { message } : { message, increment };
  }
}
