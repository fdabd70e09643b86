import * as fs from 'node:fs';
import * as path from 'node:path';
import { DestinationError, type OutputTarget } from '../../../core/destinations/OutputTarget';
import {
  fileMarkerPathOf,
  nodeOutputProbe,
  OUTPUT_MARKER_NAME,
  outputOwnership,
  outputMarkerText,
} from '../../../core/destinations/outputOwnership';
import type { LegacyOutput } from '../../../core/jobs/legacyOutputs';
import { temporarySibling } from '../../../backend/local/atomicFile';
import { acquireDestinationLocks } from '../../../backend/local/destinationLock';
import type { PlannedRename } from '../../../backend/local/outputCommit';
import type { DuckDbSession } from '../../../data/DuckDbSession';
import { stageOutput } from '../writeOutputAtomically';
import type { Destination, DestinationJob, OutputQuery, StagedDestinationOutput } from './Destination';
import { outsideWorkspaceRefusal, type DestinationWorkspace } from './destinationWorkspace';

/**
 * Files on this machine: CSV or Parquet, one file per output type or a folder of `{{PARTITION}}` parts
 * (naming in core/destinations/OutputTarget). Each output carries a marker naming the job that wrote it;
 * an existing output is replaced only when its marker proves Relgraph wrote it, or the spec says
 * `overwrite: true`; nothing is written outside the spec's workspace folder without `overwrite: true` either.
 * Two jobs never write the same output at once (backend/local/destinationLock).
 */
export class LocalFileDestination implements Destination {
  constructor(
    readonly targets: readonly OutputTarget[],
    private readonly options: {
      overwrite: boolean;
      /** Outputs written before markers existed, as their DONE jobs recorded them (core/jobs/legacyOutputs). */
      legacy?: ReadonlyMap<string, LegacyOutput>;
      /** The spec's workspace, when its `destination.path` must stay inside it (not for `relgraph export`). */
      workspace?: DestinationWorkspace;
    },
  ) {}

  get outputPaths(): string[] {
    return this.targets.map((t) => t.path);
  }

  reserve(job: DestinationJob): () => void {
    const locks = acquireDestinationLocks(this.outputPaths, {
      jobId: job.id,
      recordFile: job.recordFile,
      process: job.process,
    });
    try {
      this.preflight();
    } catch (error) {
      locks.release();
      throw error;
    }
    return () => locks.release();
  }

  /** Refuses to replace what Relgraph did not write, or to write outside the workspace, unless the spec allows it. */
  preflight(): void {
    if (this.options.overwrite) return;
    const probe = nodeOutputProbe(fs);
    for (const target of this.targets) {
      const owner = outputOwnership(target, probe, this.options.legacy);
      if (owner.state !== 'foreign') continue;
      throw new DestinationError(
        `the ${target.outputType} would replace ${target.path}, which Relgraph did not write (${owner.reason}): ` +
          "choose another destination, move those files away, or set 'overwrite: true' in the spec's destination",
      );
    }
    const { workspace } = this.options;
    if (!workspace) return;
    for (const target of this.targets) {
      const refusal = outsideWorkspaceRefusal(target, workspace);
      if (refusal) throw new DestinationError(refusal);
    }
  }

  async stage(session: DuckDbSession, output: OutputQuery, job: DestinationJob): Promise<StagedDestinationOutput> {
    const { target } = output;
    const staged = await stageOutput(session, output.sql, target, {
      partitions: job.partitions,
      partitionKey: output.partitionKey,
      orderBy: output.orderBy,
      scratch: job.scratch,
      signal: job.signal,
    });
    const files = staged.written.files.map((f) => path.basename(f));
    const markerText = outputMarkerText(job.id, target.outputType, files);
    const renames: PlannedRename[] = [];
    let markerTemp: string | undefined;
    try {
      if (target.partitioned) {
        // Inside the staged folder: the marker arrives with the parts in one rename.
        fs.writeFileSync(path.join(staged.temp, OUTPUT_MARKER_NAME), markerText, { flag: 'wx' });
      } else {
        const markerPath = fileMarkerPathOf(target.path);
        markerTemp = temporarySibling(markerPath);
        job.scratch.add(markerTemp);
        fs.writeFileSync(markerTemp, markerText, { flag: 'wx' });
        // The marker first: a file at the final name is then never taken for another job's.
        renames.push({ path: markerPath, staged: markerTemp });
      }
    } catch (error) {
      staged.discard();
      throw error;
    }
    renames.push({ path: target.path, staged: staged.temp });
    return {
      artifact: {
        type: target.outputType,
        path: target.path,
        format: target.format,
        files: staged.written.files,
        rows: staged.written.rows,
      },
      renames,
      discard() {
        staged.discard();
        if (markerTemp) {
          fs.rmSync(markerTemp, { force: true });
          job.scratch.remove(markerTemp);
        }
      },
    };
  }
}
