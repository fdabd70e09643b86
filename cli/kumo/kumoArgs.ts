import { parseJobRef } from '../../core/jobs/JobRef';
import { JOB_STATUSES, type JobStatus } from '../../core/jobs/JobStatus';
import { UsageError } from '../CliCommand';

/** Options of a `relgraph kumo ...` command line: `--flag`, `--name value` (repeatable), and positionals. */
export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string[]>;
}

export function parseArgs(args: readonly string[], spec: { flags?: string[]; values?: string[] }): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], flags: new Set(), values: new Map() };
  const aliases: Record<string, string> = { '-o': '--output' };
  for (let i = 0; i < args.length; i++) {
    const arg = aliases[args[i]] ?? args[i];
    if (spec.flags?.includes(arg)) parsed.flags.add(arg);
    else if (spec.values?.includes(arg)) {
      const value = args[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      parsed.values.set(arg, [...(parsed.values.get(arg) ?? []), value]);
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${args[i]}'`);
    else parsed.positionals.push(arg);
  }
  return parsed;
}

export function single(parsed: ParsedArgs, name: string): string | undefined {
  const values = parsed.values.get(name);
  if (values && values.length > 1) throw new UsageError(`${name} is given twice`);
  return values?.[0];
}

/** `kumo:bp-job-1` or `bp-job-1`: a Kumo job id (these commands only speak to Kumo). */
export function kumoJobId(text: string | undefined, what = 'a Kumo job id (kumo:<id>)'): string {
  if (!text) throw new UsageError(`which job? give ${what}`);
  const ref = parseJobRef(text.startsWith('kumo:') ? text : `kumo:${text}`);
  if (!ref) throw new UsageError(`'${text}' is not a Kumo job id`);
  return ref.id;
}

export function tagsOf(parsed: ParsedArgs): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of parsed.values.get('--tag') ?? []) {
    const eq = tag.indexOf('=');
    if (eq <= 0) throw new UsageError(`--tag takes key=value (got '${tag}')`);
    tags[tag.slice(0, eq)] = tag.slice(eq + 1);
  }
  return tags;
}

export function wholeNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} needs a whole number (got '${text}')`);
  return Number(text);
}

/** `--interval <seconds>` as milliseconds; Kumo's SDK polls every 10 s. */
export function intervalMs(parsed: ParsedArgs): number {
  const text = single(parsed, '--interval');
  if (text === undefined) return 10_000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--interval needs a number of seconds (got '${text}')`);
  return Math.round(seconds * 1000);
}

export function statusesOf(parsed: ParsedArgs): JobStatus[] {
  return (parsed.values.get('--status') ?? []).flatMap((v) =>
    v.split(',').map((s) => {
      const status = s.trim().toUpperCase();
      if (!(JOB_STATUSES as readonly string[]).includes(status))
        throw new UsageError(`--status must be one of ${JOB_STATUSES.join(', ')} (got '${s}')`);
      return status as JobStatus;
    }),
  );
}
