import type { Connection } from 'vscode-languageserver';
import {
  RELGRAPH_PROTOCOL_VERSION,
  SERVER_STATUS_METHOD,
  type DataCheckState,
  type ServerHealth,
  type ServerStatusParams,
} from './protocol/relgraphProtocol';

/**
 * Sends `relgraph/serverStatus` when something the user should know changes: a failed check turns the
 * status item yellow with the reason (instead of a silent log line), the data tier's activity shows as
 * busy. Only changes are sent, so a flood of edits does not flood the client.
 */
export class ServerStatusReporter {
  private problem?: { health: ServerHealth; message: string };
  private dataChecks: DataCheckState = 'idle';
  private lastSent?: string;

  constructor(private readonly connection: Connection) {}

  setDataChecks(state: DataCheckState): void {
    this.dataChecks = state;
    this.send();
  }

  /** A check failed; stays until `clearProblem` (a later successful run). */
  reportProblem(health: ServerHealth, message: string): void {
    this.problem = { health, message };
    this.send();
  }

  clearProblem(): void {
    if (!this.problem) return;
    this.problem = undefined;
    this.send();
  }

  current(): ServerStatusParams {
    return {
      v: RELGRAPH_PROTOCOL_VERSION,
      health: this.problem?.health ?? 'ok',
      message: this.problem?.message ?? (this.dataChecks === 'running' ? 'Running data checks' : 'Ready'),
      dataChecks: this.dataChecks,
    };
  }

  send(): void {
    const status = this.current();
    const key = JSON.stringify(status);
    if (key === this.lastSent) return;
    this.lastSent = key;
    void this.connection.sendNotification(SERVER_STATUS_METHOD, status);
  }
}
