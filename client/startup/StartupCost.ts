// What Relgraph costs the extension host at start-up, part by part, and the three lines the Relgraph log gets (the
// e2e run prints them from every extension host). Counted: the entry module's evaluation, loading the extension's
// bundle (reading, compiling, running its top level), activate(), and, on a later turn of the event loop, loading the
// language client's library and creating and starting the client. Not counted, and reported apart: VS Code's own work
// between the entry's evaluation and its activate() call, and the other work the event loop does before the
// deferred load. Not measured: VS Code reading and compiling the entry module itself (dist/client/extensionEntry.js,
// under 10 KB), before its first line runs.
import type { CodeCachedBundle } from './codeCachedBundle';
import { minus, ms, since, total, type Cost, type Instant } from './startupClock';

/** What the entry module hands the extension's activate(). */
export interface ExtensionStartup {
  cost: StartupCost;
  /**
   * loadCodeCachedBundle with the extension's cache folder: the entry module's copy, so that the extension's bundle
   * does not carry a second one.
   */
  loadBundle<T>(file: string): CodeCachedBundle<T>;
  /** The entry module's clock (startupClock.now): one clock, and one schedstat file open, for the whole start-up. */
  clock(): Instant;
}

/** One counted part: how the line describes it, and its cost. */
interface Part {
  label: string;
  cost: Cost;
}

function part(name: string, cost: Cost): Part {
  return { label: `${name} ${ms(cost.wall)}`, cost };
}

export class StartupCost {
  private readonly activation: Part[] = [];
  private readonly client: Part[] = [];
  private readonly bundles: { name: string; bundle: CodeCachedBundle<unknown> }[] = [];
  private readonly vscodeBetween: number;
  private readonly activateCalled: Instant;
  private activationCost?: Cost;
  private pendingProblems: string[] = [];

  /**
   * @param entryStart the entry module's first line
   * @param entryEvaluated the end of its evaluation
   * @param activateCalled the start of its activate(): what VS Code did since `entryEvaluated` is not counted
   */
  constructor(entryStart: Instant, entryEvaluated: Instant, activateCalled: Instant) {
    this.activation.push(part('the entry module', since(entryStart, entryEvaluated)));
    this.vscodeBetween = activateCalled.wall - entryEvaluated.wall;
    this.activateCalled = activateCalled;
  }

  /** The extension's bundle is loaded (in activate(), before the bundle's own activate() runs). */
  extensionBundleLoaded(bundle: CodeCachedBundle<unknown>): void {
    this.addBundle(this.activation, 'loading the extension bundle', 'extension bundle', bundle);
  }

  /** The end of activate(): the `Relgraph activated in …` line. activate() counts from the entry's, bundle load aside. */
  activated(end: Instant): string {
    const loads = total(this.bundles.map(({ bundle }) => bundle.cost.total));
    this.activation.push(part('activate()', minus(since(this.activateCalled, end), loads)));
    const cost = (this.activationCost = total(this.activation.map((p) => p.cost)));
    return (
      `Relgraph activated in ${ms(cost.wall)} (CPU ${ms(cost.cpu)}): ${this.describe(this.activation)}; ` +
      `VS Code's own work between the entry module and activate() ${ms(this.vscodeBetween)}, not counted; ` +
      'the language client is loaded after activation'
    );
  }

  /**
   * The language client is loaded and started (its synchronous part: the rest waits on the server's process): the
   * `Relgraph language client loaded after activation in …` line and the `Relgraph start-up cost: …` line.
   * @param begun the start of the deferred work, which loaded `library`, then created and started the client
   * @param waited how long after activate() asked for it the work began (the event loop's other work: not counted)
   */
  clientStarted(library: CodeCachedBundle<unknown>, begun: Instant, started: Instant, waited: number): string[] {
    this.addBundle(this.client, 'its library', 'language client library', library);
    this.client.push(part('creating and starting the client', minus(since(begun, started), library.cost.total)));
    const client = total(this.client.map((p) => p.cost));
    const activation = this.activationCost ?? { wall: 0, cpu: 0 };
    const all = total([activation, client]);
    const caches = this.bundles.map(({ name, bundle }) => `${name} ${bundle.cache}`).join(', ');
    const thread = all.thread
      ? `the extension host's thread ${ms(all.thread.run)} on a core, ${ms(all.thread.wait)} waiting for one; `
      : '';
    return [
      `Relgraph language client loaded after activation in ${ms(client.wall)} (CPU ${ms(client.cpu)}): ` +
        `${this.describe(this.client)}; it began ${ms(waited)} after activate() asked for it (other work, not counted)`,
      `Relgraph start-up cost: ${ms(all.wall)} wall, ${ms(all.cpu)} CPU (activation ${ms(activation.wall)} wall, ` +
        `${ms(activation.cpu)} CPU; then the language client ${ms(client.wall)} wall, ${ms(client.cpu)} CPU; ` +
        `${thread}code caches: ${caches})`,
    ];
  }

  /** Problems met loading the bundles since the last call (a damaged, unreadable or refused cache), to log. */
  problems(): string[] {
    const problems = this.pendingProblems;
    this.pendingProblems = [];
    return problems;
  }

  /** Writes the code caches the loads could not use, for the next start; a log line for each written or failed. */
  async saveCodeCaches(): Promise<string[]> {
    const lines = await Promise.all(this.bundles.map(({ bundle }) => bundle.saveCodeCache()));
    return lines.filter((line): line is string => line !== undefined);
  }

  /** `label`: the bundle's part in the line; `name`: the bundle in the list of code caches. */
  private addBundle(parts: Part[], label: string, name: string, bundle: CodeCachedBundle<unknown>): void {
    this.bundles.push({ name, bundle });
    if (bundle.problem) this.pendingProblems.push(`${bundle.file}: ${bundle.problem}`);
    const { read, compile, run, total: cost } = bundle.cost;
    parts.push({
      label:
        `${label} ${ms(cost.wall)} (reading ${ms(read.wall)}, compiling ${ms(compile.wall)}, ` +
        `running ${ms(run.wall)}; code cache ${bundle.cache})`,
      cost,
    });
  }

  private describe(parts: Part[]): string {
    return parts.map((p) => p.label).join(', ');
  }
}
