import type { Connection } from 'vscode-languageserver';
import {
  RELGRAPH_PROTOCOL_VERSION,
  ServerStatusNotification,
  type DataCheckState,
  type ServerHealth,
  type ServerStatusParams,
} from '../protocol/lspExtensions';
import { notificationType } from './protocolTypes';

const serverStatusNotification = notificationType(ServerStatusNotification);

const READY_MESSAGE: Record<DataCheckState, string> = {
  idle: 'Ready',
  running: 'Running data checks',
  off: 'Ready',
  restricted: 'Restricted Mode: static checks only (data checks need a trusted workspace)',
};

/**
 * Sends `relgraph/serverStatus` when something the user should know changes: a failed check turns the
 * status item yellow with the reason (instead of a silent log line), the data tier's activity shows as
 * busy. Only changes are sent, so a flood of edits does not flood the client.
 */
export class ServerStatusReporter {
  /** Open problems by what they are about (a file's validation, its data checks), newest last. */
  private readonly problems = new Map<string, { health: ServerHealth; message: string }>();
  private dataChecks: DataCheckState = 'idle';
  private lastSent?: string;

  constructor(private readonly connection: Connection) {}

  setDataChecks(state: DataCheckState): void {
    this.dataChecks = state;
    this.send();
  }

  /** Something about `subject` failed; shown until `clearProblem(subject)` (its next successful run). */
  reportProblem(subject: string, health: ServerHealth, message: string): void {
    this.problems.delete(subject);
    this.problems.set(subject, { health, message });
    this.send();
  }

  clearProblem(subject: string): void {
    if (this.problems.delete(subject)) this.send();
  }

  current(): ServerStatusParams {
    const latest = [...this.problems.values()].pop();
    const health: ServerHealth = [...this.problems.values()].some((p) => p.health === 'error')
      ? 'error'
      : latest
        ? 'warning'
        : 'ok';
    return {
      v: RELGRAPH_PROTOCOL_VERSION,
      health,
      message: latest?.message ?? READY_MESSAGE[this.dataChecks],
      dataChecks: this.dataChecks,
    };
  }

  private send(): void {
    const status = this.current();
    const key = JSON.stringify(status);
    if (key === this.lastSent) return;
    this.lastSent = key;
    void this.connection.sendNotification(serverStatusNotification, status);
  }
}
