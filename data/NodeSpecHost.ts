import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecHost, TrainingSpecStatus } from '../core/host/SpecHost';
import type { TrainingGraphMetadata } from '../core/spec/TrainingGraphMetadata';
import { compareCodePoints, globFiles, isGlob } from './globFiles';
import { parseJobRef } from '../core/jobs/JobRef';
import { readTrainingJobMetadata } from './jobs/readTrainingJobMetadata';
import { trainingStatusOfSpec } from './jobs/trainingStatusOfSpec';
import { readKumoTrainingJobMetadata } from './kumo/kumoTrainingGraphCache';
import { sourceFormatOf } from './sourceScan';

export interface NodeSpecHostOptions {
  /** Looks up a local training job's metadata (the engine's job store provides it). */
  readTrainingJob?: (jobId: string, specPath: string) => TrainingGraphMetadata | undefined;
  /** Prediction specs that use a graph file as their inference graph (a SpecLinkIndex provides it). */
  findReferrers?: (graphPath: string) => string[];
  /** Whether a training spec has a model (default: the local job store of its workspace). */
  trainingStatusOf?: (trainingSpecPath: string) => TrainingSpecStatus | undefined;
}

/**
 * The SpecHost of the CLI and the language server: reads the real disk, except for paths that have an
 * overlay (the language server's unsaved editor buffers), which win over the file on disk.
 */
export class NodeSpecHost implements SpecHost {
  private readonly overlays = new Map<string, string>();
  readonly readTrainingJob: (jobId: string, specPath: string) => TrainingGraphMetadata | undefined;
  readonly findReferrers?: (graphPath: string) => string[];
  readonly trainingStatusOf: (trainingSpecPath: string) => TrainingSpecStatus | undefined;

  constructor(options: NodeSpecHostOptions = {}) {
    this.trainingStatusOf = options.trainingStatusOf ?? trainingStatusOfSpec;
    // Local job ids resolve through the workspace's job store, Kumo ones through its pulled-graph cache,
    // unless the caller knows better.
    this.readTrainingJob = options.readTrainingJob ?? readAnyTrainingJob;
    if (options.findReferrers) this.findReferrers = options.findReferrers;
  }

  /** Sets (text) or clears (undefined) the in-memory text that replaces a file's content. */
  setOverlay(absolutePath: string, text: string | undefined): void {
    const key = path.resolve(absolutePath);
    if (text === undefined) this.overlays.delete(key);
    else this.overlays.set(key, text);
  }

  /** Whether the file's text comes from an overlay (an open editor buffer) rather than the disk. */
  hasOverlay(absolutePath: string): boolean {
    return this.overlays.has(path.resolve(absolutePath));
  }

  readText(absolutePath: string): string | undefined {
    const key = path.resolve(absolutePath);
    const overlay = this.overlays.get(key);
    if (overlay !== undefined) return overlay;
    try {
      // Only regular files: a spec can name `/dev/zero` or a FIFO (`graph: /dev/zero`), which would never end.
      const stat = fs.statSync(key);
      if (!stat.isFile()) return undefined;
      if (stat.size <= MAX_READ_BYTES) return fs.readFileSync(key, 'utf8');
      return readPrefix(key, MAX_READ_BYTES);
    } catch {
      return undefined;
    }
  }

  exists(absolutePath: string): boolean {
    const key = path.resolve(absolutePath);
    return this.overlays.has(key) || fs.existsSync(key);
  }

  /**
   * A file -> itself; a directory -> its Parquet parts (CSV parts when it has no Parquet), recursively
   * (Hive-style `key=value/` folders) and sorted; a glob -> its sorted matches. At most `limit` entries:
   * callers pass `limit + 1` to learn that a source was capped. `limit` 1 asks only whether anything matches
   * (static validation, on every keystroke): the walk stops at the first data file, which need not be the first
   * in order, so that `source: /` costs a moment, not a walk of the whole disk.
   */
  resolveSource(absolutePathOrGlob: string, limit: number): string[] {
    const target = path.resolve(absolutePathOrGlob);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(target);
    } catch {
      stat = undefined;
    }
    if (stat?.isFile()) return limit > 0 ? [target] : [];
    const probe = limit <= 1 ? { stopAfter: 1 } : {};
    if (stat?.isDirectory()) return directoryParts(target, limit, probe);
    if (isGlob(absolutePathOrGlob)) return globFiles(target, limit, undefined, probe).files;
    return [];
  }
}

/** `kumo:<id>` -> the workspace's pulled copy of that Kumo job's graph; a bare id -> the local job store. */
export function readAnyTrainingJob(jobRef: string, specPath: string): TrainingGraphMetadata | undefined {
  const ref = parseJobRef(jobRef);
  if (!ref) return undefined;
  return ref.backend === 'kumo'
    ? readKumoTrainingJobMetadata(ref.id, specPath)
    : readTrainingJobMetadata(ref.id, specPath);
}

/**
 * Spec files are validated up to 2 MB (MAX_SPEC_BYTES); a larger one only needs to be read far enough to be
 * reported as too large, not loaded whole into memory.
 */
const MAX_READ_BYTES = 64 * 1024 * 1024;

function readPrefix(file: string, bytes: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = fs.readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Data files under a directory. Files and folders whose names start with `.` or `_` are skipped:
 * Spark and Hadoop write `_SUCCESS`, `_metadata` and `.crc` side files next to the parts.
 */
function directoryParts(dir: string, limit: number, probe: { stopAfter?: number }): string[] {
  const isPart = (file: string) => {
    const relative = path.relative(dir, file);
    return !relative.split(path.sep).some((part) => part.startsWith('_') || part.startsWith('.'));
  };
  if (probe.stopAfter !== undefined) {
    // Existence only: the first data file (Parquet or CSV, not a side file) will do.
    const any = globFiles(path.join(dir, '**', '*'), Number.MAX_SAFE_INTEGER, undefined, {
      ...probe,
      accept: (file) => isPart(file) && sourceFormatOf(file) !== undefined,
    });
    return any.files.slice(0, Math.max(0, limit));
  }
  const files = globFiles(path.join(dir, '**', '*'), Number.MAX_SAFE_INTEGER).files.filter(isPart);
  const byFormat = (format: 'parquet' | 'csv') => files.filter((f) => sourceFormatOf(f) === format);
  const parts = byFormat('parquet');
  const chosen = parts.length > 0 ? parts : byFormat('csv');
  return chosen.sort(compareCodePoints).slice(0, Math.max(0, limit));
}
