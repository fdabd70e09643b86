import { createHash } from 'node:crypto';
import { Emitter, type Event, type RemoteConsole } from 'vscode-languageserver';
import type { SpecDiagnostic } from '../../core/diagnostics/SpecDiagnostic';
import type { SpecHost } from '../../core/host/SpecHost';
import type { SpecValidation } from '../../core/validation/SpecValidation';
import type { DataCheckState } from '../../protocol/lspExtensions';
import type { ServerSettings } from '../ServerSettings';
import type { DiagnosticPublisher } from './DiagnosticPublisher';
import type { SpecState } from './SpecState';

/** The data tier (data/DataValidator): reads the sources behind a validated spec. */
export interface DataChecker {
  validate(validation: SpecValidation, signal: AbortSignal): Promise<SpecDiagnostic[]>;
}
/** The checker for a time limit per query (loaded on first use, so DuckDB loads only when a check runs). */
export type DataCheckerFactory = (timeoutMs: number) => Promise<DataChecker>;

interface PendingRun {
  resolve: (count: number | undefined) => void;
}

/**
 * Runs data checks in the background, one at a time (they scan files; the editor needs the CPU for
 * typing). A run starts after a quiet period, is aborted as soon as its document changes again, and is
 * skipped when neither the specs it reads nor their data changed since the last run.
 */
export class DataCheckRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly queue = new Set<string>();
  private readonly running = new Map<string, AbortController>();
  private readonly fingerprints = new Map<string, string>();
  private readonly waiters = new Map<string, PendingRun[]>();
  private pumping = false;
  private lastDataSettings?: string;
  private readonly _onDidDataCheckStateChange = new Emitter<DataCheckState>();
  private readonly _onDidDataCheckFail = new Emitter<{ path: string; error: unknown }>();
  private readonly _onDidDataCheckComplete = new Emitter<string>();
  readonly onDidDataCheckComplete: Event<string> = this._onDidDataCheckComplete.event;
  readonly onDidDataCheckStateChange: Event<DataCheckState> = this._onDidDataCheckStateChange.event;
  readonly onDidDataCheckFail: Event<{ path: string; error: unknown }> = this._onDidDataCheckFail.event;

  constructor(
    private readonly host: SpecHost,
    private readonly createChecker: DataCheckerFactory,
    private readonly currentState: (path: string) => SpecState | undefined,
    private readonly publisher: DiagnosticPublisher,
    private readonly settings: () => ServerSettings,
    private readonly console: RemoteConsole,
  ) {}

  get state(): DataCheckState {
    if (!this.settings().trusted) return 'restricted';
    if (!this.settings().dataChecks.enabled) return 'off';
    return this.running.size > 0 || this.queue.size > 0 ? 'running' : 'idle';
  }

  /** The spec was re-validated: whatever data run it had is stale. */
  schedule(path: string): void {
    this.abort(path);
    if (!this.enabled()) return;
    this.timers.set(
      path,
      setTimeout(() => {
        this.timers.delete(path);
        this.enqueue(path);
      }, this.settings().dataChecks.delayMs),
    );
  }

  /** A data file changed: the specs reading it must run again even though their text did not change. */
  invalidate(paths: string[]): void {
    for (const path of paths) {
      this.fingerprints.delete(path);
      this.schedule(path);
    }
  }

  /** Runs now (the "Validate data" command); resolves with the number of data diagnostics, or undefined. */
  runNow(path: string): Promise<number | undefined> {
    this.abort(path);
    this.fingerprints.delete(path);
    return new Promise((resolve) => {
      this.waiters.set(path, [...(this.waiters.get(path) ?? []), { resolve }]);
      this.enqueue(path);
    });
  }

  /** The document closed or data checks were switched off. */
  forget(path: string): void {
    this.abort(path);
    this.fingerprints.delete(path);
    this.settle(path, undefined);
  }

  /** Settings changed: turning checks off clears their diagnostics, turning them on (or a new limit) re-runs them. */
  onSettingsChanged(openPaths: string[]): void {
    const { dataChecks, data, trusted } = this.settings();
    const dataSettings = JSON.stringify({ dataChecks, data, trusted });
    if (dataSettings === this.lastDataSettings) return; // e.g. only a severity override changed
    this.lastDataSettings = dataSettings;
    for (const path of openPaths) {
      if (this.enabled()) {
        this.fingerprints.delete(path);
        this.schedule(path);
        continue;
      }
      this.forget(path);
      const state = this.currentState(path);
      if (state && state.data.diagnostics.length > 0) {
        state.data = { state: 'not-run', diagnostics: [] };
        this.publisher.publish(state);
      }
    }
    this.fireState();
  }

  /** Data checks run when switched on and the workspace is trusted (Restricted Mode reads no data). */
  private enabled(): boolean {
    return this.settings().trusted && this.settings().dataChecks.enabled;
  }

  private abort(path: string): void {
    const timer = this.timers.get(path);
    if (timer) clearTimeout(timer);
    this.timers.delete(path);
    this.queue.delete(path);
    this.running.get(path)?.abort(new Error('the document changed'));
  }

  private enqueue(path: string): void {
    this.queue.add(path);
    this.fireState();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let next = this.take(); next !== undefined; next = this.take()) await this.run(next);
    } finally {
      this.pumping = false;
      this.fireState();
    }
  }

  private take(): string | undefined {
    const next = this.queue.values().next();
    if (next.done) return undefined;
    this.queue.delete(next.value);
    return next.value;
  }

  private async run(path: string): Promise<void> {
    const state = this.currentState(path);
    if (!state || !this.enabled()) return this.settle(path, undefined);
    const fingerprint = this.fingerprintOf(state.validation);
    if (this.fingerprints.get(path) === fingerprint && state.data.state === 'done') {
      return this.settle(path, state.data.diagnostics.length);
    }
    const controller = new AbortController();
    this.running.set(path, controller);
    state.data.state = 'running';
    this.fireState();
    try {
      const checker = await this.createChecker(this.settings().dataChecks.timeoutMs);
      const diagnostics = await checker.validate(state.validation, controller.signal);
      if (controller.signal.aborted) return;
      const latest = this.currentState(path);
      if (!latest) return;
      latest.data = { state: 'done', diagnostics, finishedAt: new Date() };
      this.fingerprints.set(path, fingerprint);
      this.publisher.publish(latest);
      this._onDidDataCheckComplete.fire(path);
      this.settle(path, diagnostics.length);
    } catch (error) {
      if (controller.signal.aborted) return;
      // An unreadable file or a crashing check is reported, never allowed to stop the server.
      this.console.error(
        `Data checks of ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`,
      );
      state.data.state = 'not-run';
      this._onDidDataCheckFail.fire({ path, error });
      this.settle(path, undefined);
    } finally {
      if (this.running.get(path) === controller) this.running.delete(path);
    }
  }

  /** The specs a run reads, by content: unchanged text means unchanged data checks. */
  private fingerprintOf(validation: SpecValidation): string {
    const hash = createHash('sha1');
    for (const file of [validation.path, ...validation.dependencies]) {
      hash
        .update(file)
        .update('\0')
        .update(this.host.readText(file) ?? '')
        .update('\0');
    }
    return hash.digest('hex');
  }

  private settle(path: string, count: number | undefined): void {
    const waiters = this.waiters.get(path);
    this.waiters.delete(path);
    for (const waiter of waiters ?? []) waiter.resolve(count);
  }

  private fireState(): void {
    this._onDidDataCheckStateChange.fire(this.state);
  }
}
