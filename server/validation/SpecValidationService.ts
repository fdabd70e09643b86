import { Emitter, type Event, type RemoteConsole } from 'vscode-languageserver';
import type { SpecHost } from '../../core/host/SpecHost';
import type { SpecValidation } from '../../core/validation/SpecValidation';
import type { SpecLinkIndex } from '../../core/workspace/SpecLinkIndex';
import type { SpecDocumentStore } from '../documents/SpecDocumentStore';
import type { ServerSettings } from '../ServerSettings';
import type { DiagnosticPublisher } from './DiagnosticPublisher';
import { KeyedThrottle } from './KeyedThrottle';
import type { SpecState } from './SpecState';

/** The static validator: `validateSpecFile` from core, the same function `relgraph validate` calls. */
export type StaticValidator = (absolutePath: string, host: SpecHost) => SpecValidation;

/**
 * Static validation of the open specs. Edits are throttled per document; after each run the diagnostics
 * are published at once and the specs that read this one (a prediction spec reading an edited training
 * spec) are re-validated too. Features call `fresh()` so they never answer from a stale parse.
 */
export class SpecValidationService {
  private readonly states = new Map<string, SpecState>();
  /** Specs whose own text changed since their last run: their dependents are re-validated after it. */
  private readonly textChanged = new Set<string>();
  private readonly throttle: KeyedThrottle<string>;
  private readonly _onDidSpecValidate = new Emitter<SpecState>();
  private readonly _onDidValidationFail = new Emitter<{ path: string; error: unknown }>();
  /** Fires after every static validation (the data tier schedules its run from here). */
  readonly onDidSpecValidate: Event<SpecState> = this._onDidSpecValidate.event;
  readonly onDidValidationFail: Event<{ path: string; error: unknown }> = this._onDidValidationFail.event;

  private lastValidationMs = 0;

  constructor(
    private readonly documents: SpecDocumentStore,
    private readonly host: SpecHost,
    private readonly validate: StaticValidator,
    private readonly publisher: DiagnosticPublisher,
    private readonly links: SpecLinkIndex,
    settings: () => ServerSettings,
    private readonly console: RemoteConsole,
  ) {
    // Edits that arrive while a validation runs are coalesced into one run right after it (the interval is at
    // least the last run's cost, measured from its start); a cheap file is validated on every keystroke.
    this.throttle = new KeyedThrottle(() => Math.max(settings().validation.throttleMs, this.lastValidationMs));
  }

  /** An open spec's text changed: validate it soon, then the specs that depend on it. */
  requestValidation(path: string): void {
    // Remembered apart from the timer: a run already scheduled for another reason must cascade too.
    this.textChanged.add(path);
    this.throttle.schedule(path, () => this.validateNow(path));
  }

  /** A spec that is not open (or not a spec at all) changed on disk: re-validate the open specs reading it. */
  revalidateDependentsOf(path: string): void {
    for (const dependent of this.links.dependentsOf(path)) {
      if (this.documents.getByPath(dependent)) this.throttle.schedule(dependent, () => this.validateNow(dependent));
    }
  }

  /** The open specs whose last state matches (e.g. prediction specs naming a local training job). */
  revalidateWhere(accept: (state: SpecState) => boolean): void {
    for (const state of this.states.values()) {
      if (accept(state)) this.throttle.schedule(state.path, () => this.validateNow(state.path));
    }
  }

  /** The state of an open spec, validated first if its text changed since the last run. */
  fresh(path: string): SpecState | undefined {
    const doc = this.documents.getByPath(path);
    if (!doc) return undefined;
    const state = this.states.get(path);
    if (state && state.version === doc.document.version) return state;
    this.throttle.cancel(path);
    this.throttle.markRun(path);
    return this.validateNow(path);
  }

  /** The last state without re-validating (for the status of the data tier). */
  current(path: string): SpecState | undefined {
    return this.states.get(path);
  }

  /** Publishes every open spec again (severity overrides changed). */
  republishAll(): void {
    for (const state of this.states.values()) this.publisher.publish(state);
  }

  close(path: string, uri: string): void {
    this.throttle.forget(path);
    this.textChanged.delete(path);
    this.states.delete(path);
    this.links.forgetValidation(path);
    this.publisher.clear(uri);
  }

  private validateNow(path: string): SpecState | undefined {
    const doc = this.documents.getByPath(path);
    if (!doc) return undefined;
    const cascade = this.textChanged.delete(path);
    let validation: SpecValidation;
    try {
      const started = performance.now();
      validation = this.validate(path, this.host);
      this.lastValidationMs = performance.now() - started;
    } catch (error) {
      // A bug in a rule must not take the server down, nor wipe the last good diagnostics.
      this.console.error(
        `Validation of ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`,
      );
      this._onDidValidationFail.fire({ path, error });
      return this.states.get(path);
    }
    const previous = this.states.get(path);
    const state: SpecState = {
      path,
      uri: doc.uri,
      version: doc.document.version,
      validation,
      lastParsed: validation.spec ? validation : previous?.lastParsed,
      data: previous?.data ?? { state: 'not-run', diagnostics: [] },
    };
    this.states.set(path, state);
    this.links.recordValidation(validation);
    this.publisher.publish(state);
    this._onDidSpecValidate.fire(state);
    if (cascade) this.revalidateDependentsOf(path);
    return state;
  }
}
