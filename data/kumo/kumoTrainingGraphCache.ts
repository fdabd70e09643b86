import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  isKumoJobId,
  parseKumoTrainingGraph,
  toTrainingGraphMetadata,
  type KumoTrainingGraph,
} from '../../core/kumo/KumoTrainingGraph';
import type { TrainingGraphMetadata } from '../../core/spec/TrainingGraphMetadata';
import { findWorkspace, RELGRAPH_DIR } from '../jobs/jobWorkspace';

/** The folder of pulled Kumo training graphs: `<workspace>/.relgraph/kumo/`. */
export const KUMO_CACHE_DIR = 'kumo';
/** A cache file is a few kB per table; anything far larger is not ours. */
const MAX_CACHE_BYTES = 32 * 1024 * 1024;

export function kumoCacheDir(workspace: string): string {
  return path.join(workspace, RELGRAPH_DIR, KUMO_CACHE_DIR);
}

/** `<workspace>/.relgraph/kumo/<id>.json`; the id is checked, so it can never name another file. */
export function kumoCachePath(workspace: string, jobId: string): string {
  if (!isKumoJobId(jobId)) throw new Error(`'${jobId}' is not a Kumo job id`);
  return path.join(kumoCacheDir(workspace), `${jobId}.json`);
}

export type CacheRead =
  | { state: 'missing'; path: string }
  | { state: 'unreadable'; path: string; problem: string }
  | { state: 'ok'; path: string; graph: KumoTrainingGraph };

/** Reads and checks one cached training graph of a workspace. Never throws. */
export function readKumoTrainingGraph(workspace: string, jobId: string): CacheRead {
  if (!isKumoJobId(jobId)) return { state: 'missing', path: kumoCacheDir(workspace) };
  const file = kumoCachePath(workspace, jobId);
  let text: string;
  try {
    const stat = fs.lstatSync(file);
    // A link could point anywhere on the machine: the cache holds only files Relgraph wrote itself.
    if (!stat.isFile()) return { state: 'unreadable', path: file, problem: 'not a regular file' };
    if (stat.size > MAX_CACHE_BYTES) return { state: 'unreadable', path: file, problem: 'file too large' };
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { state: 'missing', path: file };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { state: 'unreadable', path: file, problem: `not JSON (${(error as Error).message})` };
  }
  const parsed = parseKumoTrainingGraph(json);
  if ('problem' in parsed) return { state: 'unreadable', path: file, problem: parsed.problem };
  if (parsed.graph.jobId !== jobId)
    return { state: 'unreadable', path: file, problem: `it describes ${parsed.graph.jobId}` };
  return { state: 'ok', path: file, graph: parsed.graph };
}

/**
 * The training graph of `training_job: kumo:<id>` for validation: the cache of the spec's workspace
 * (the nearest folder above it with `.relgraph/`), as TrainingGraphMetadata. Undefined when not pulled.
 */
export function readKumoTrainingJobMetadata(jobId: string, specPath: string): TrainingGraphMetadata | undefined {
  const read = readKumoTrainingGraph(findWorkspace(specPath), jobId);
  return read.state === 'ok' ? toTrainingGraphMetadata(read.graph) : undefined;
}

/** Every cached graph of a workspace, with unreadable files reported, for `relgraph kumo status`. */
export function listKumoTrainingGraphs(workspace: string): CacheRead[] {
  let names: string[];
  try {
    names = fs.readdirSync(kumoCacheDir(workspace));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json') && isKumoJobId(n.slice(0, -'.json'.length)))
    .sort()
    .map((n) => readKumoTrainingGraph(workspace, n.slice(0, -'.json'.length)));
}

/** Writes the cache atomically (temporary name, then rename): a reader never sees half a file. */
export function writeKumoTrainingGraph(workspace: string, graph: KumoTrainingGraph): string {
  const file = kumoCachePath(workspace, graph.jobId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(temporary, JSON.stringify(graph, null, 2) + '\n', { flag: 'wx' });
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return file;
}
