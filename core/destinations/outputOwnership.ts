import * as path from 'node:path';
import { isValidJobId } from '../jobs/jobIds';
import type { LegacyOutput } from '../jobs/legacyOutputs';
import type { OutputTarget } from './OutputTarget';

/**
 * Which job wrote an output. Every output the local engine writes gets a marker: inside a partitioned
 * output's folder (`<folder>/.relgraph-output.json`, renamed into place with the folder), and beside a
 * single-file output (`.<file name>.relgraph-output.json`). A path that exists without a marker naming
 * exactly what is there holds files Relgraph did not write: the engine refuses to replace it unless the
 * spec says `overwrite: true` (docs/engine.md "Output markers").
 */
export const OUTPUT_MARKER_NAME = '.relgraph-output.json';
export const OUTPUT_MARKER_FORMAT_VERSION = 1;
/** Markers are a few hundred bytes; anything bigger is not one of ours. */
const MAX_MARKER_BYTES = 256 * 1024;

export interface OutputMarker {
  formatVersion: 1;
  /** The job that wrote the output. */
  jobId: string;
  /** `predictions` / `embeddings`. */
  outputType: string;
  /** The files the job wrote, by name (a partitioned folder's parts; the file itself otherwise). */
  files: string[];
  /** When the output was written (ISO-8601 UTC). */
  writtenAt: string;
}

/** The text of the marker of `files` (names, not paths), written now by job `jobId`. */
export function outputMarkerText(jobId: string, outputType: string, files: readonly string[]): string {
  const marker: OutputMarker = {
    formatVersion: 1,
    jobId,
    outputType,
    files: [...files],
    writtenAt: new Date().toISOString(),
  };
  return JSON.stringify(marker, null, 2) + '\n';
}

/** The marker of an output: inside the folder of a partitioned output, beside a single file. */
export function markerPathOf(target: Pick<OutputTarget, 'path' | 'partitioned'>): string {
  return target.partitioned ? path.join(target.path, OUTPUT_MARKER_NAME) : fileMarkerPathOf(target.path);
}

/** `out/a.csv` -> `out/.a.csv.relgraph-output.json`. */
export function fileMarkerPathOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}${OUTPUT_MARKER_NAME}`);
}

/** The lock a running job holds on one output path: `out/.a.csv.relgraph-lock` (beside it, never inside). */
export function lockPathOf(finalPath: string): string {
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.relgraph-lock`);
}

export function parseOutputMarker(text: string): OutputMarker | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (v.formatVersion !== OUTPUT_MARKER_FORMAT_VERSION || !isValidJobId(v.jobId)) return undefined;
  if (typeof v.outputType !== 'string' || typeof v.writtenAt !== 'string') return undefined;
  if (!Array.isArray(v.files) || !v.files.every((f) => typeof f === 'string' && f === path.basename(f) && f !== ''))
    return undefined;
  return {
    formatVersion: 1,
    jobId: v.jobId,
    outputType: v.outputType,
    files: v.files as string[],
    writtenAt: v.writtenAt,
  };
}

/** What an output path holds now, as far as ownership goes. */
export type OutputOwnership =
  | { state: 'absent' }
  | { state: 'relgraph'; jobId: string; marker: OutputMarker }
  | { state: 'foreign'; reason: string };

/** The file-system reads ownership needs; `nodeOutputProbe(fs)` gives the real one. */
export interface OutputProbe {
  kind(p: string): 'file' | 'directory' | 'missing' | 'other';
  /** Names in a folder ([] when unreadable). */
  list(dir: string): string[];
  /** A small file's text; undefined when missing, unreadable or over `maxBytes`. */
  read(file: string, maxBytes: number): string | undefined;
}

/**
 * Whether writing `target` would replace something Relgraph did not write: a file without its marker, a
 * folder without one or with files its marker does not list, a folder where a file goes (or the reverse).
 */
export function outputOwnership(
  target: Pick<OutputTarget, 'path' | 'partitioned'>,
  probe: OutputProbe,
  legacy?: ReadonlyMap<string, LegacyOutput>,
): OutputOwnership {
  const kind = probe.kind(target.path);
  if (kind === 'missing') return { state: 'absent' };
  const expected = target.partitioned ? 'directory' : 'file';
  if (kind !== expected) {
    return {
      state: 'foreign',
      reason: `a ${kind === 'directory' ? 'folder' : 'file'} is there, not an output's ${expected}`,
    };
  }
  const text = probe.read(markerPathOf(target), MAX_MARKER_BYTES);
  const adopted = text === undefined ? legacyMarker(target, probe, legacy?.get(target.path)) : undefined;
  const marker = adopted ?? (text === undefined ? undefined : parseOutputMarker(text));
  if (!marker) {
    return {
      state: 'foreign',
      reason: text === undefined ? 'it has no Relgraph output marker' : 'its Relgraph output marker is unreadable',
    };
  }
  if (target.partitioned) {
    const listed = new Set([...marker.files, OUTPUT_MARKER_NAME]);
    const extra = probe.list(target.path).filter((name) => !listed.has(name));
    if (extra.length > 0) {
      return {
        state: 'foreign',
        reason: `it holds ${extra.length} file${extra.length === 1 ? '' : 's'} Relgraph did not write (${extra.slice(0, 3).join(', ')})`,
      };
    }
  } else if (marker.files.length !== 1 || marker.files[0] !== path.basename(target.path)) {
    return { state: 'foreign', reason: 'its Relgraph output marker names other files' };
  }
  return { state: 'relgraph', jobId: marker.jobId, marker };
}

/** A marker-less output its DONE job recorded (core/jobs/legacyOutputs), when exactly its files are there. */
function legacyMarker(
  target: Pick<OutputTarget, 'path' | 'partitioned'>,
  probe: OutputProbe,
  legacy: LegacyOutput | undefined,
): OutputMarker | undefined {
  if (!legacy) return undefined;
  const present = target.partitioned ? probe.list(target.path).sort() : [path.basename(target.path)];
  const recorded = [...legacy.files].sort();
  if (present.length !== recorded.length || present.some((name, i) => name !== recorded[i])) return undefined;
  return { formatVersion: 1, jobId: legacy.jobId, outputType: '', files: recorded, writtenAt: '' };
}

type NodeFs = Pick<
  typeof import('node:fs'),
  'lstatSync' | 'readdirSync' | 'openSync' | 'readSync' | 'closeSync' | 'fstatSync'
>;

/** The probe over Node's `fs` (passed in: core does no I/O of its own). Symlinks count as `other`. */
export function nodeOutputProbe(fs: NodeFs): OutputProbe {
  return {
    kind(p) {
      try {
        const stat = fs.lstatSync(p);
        return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
      } catch {
        return 'missing';
      }
    },
    list(dir) {
      try {
        return fs.readdirSync(dir);
      } catch {
        return [];
      }
    },
    read(file, maxBytes) {
      let fd: number | undefined;
      try {
        fd = fs.openSync(file, 'r');
        const stat = fs.fstatSync(fd);
        if (!stat.isFile() || stat.size > maxBytes) return undefined;
        const buffer = Buffer.alloc(stat.size);
        fs.readSync(fd, buffer, 0, stat.size, 0);
        return buffer.toString('utf8');
      } catch {
        return undefined;
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
    },
  };
}
