import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent } from '../../data/sourceScan';
import { samplingHashSql } from './trainingRows';

/**
 * Labels only a sample of the (entity, anchor) pairs, chosen so the training rows come out exactly as
 * if every pair had been labelled and then cut by capTrainingRows.
 *
 * The cut keeps the `maxRows` labelled rows with the smallest sampling hash. So labelling only the
 * pairs whose hash lies below a threshold gives the same cut whenever at least `maxRows` of them get a
 * label: every row the cut keeps is below the threshold. The threshold starts at the hash fraction
 * 1.5 x maxRows / candidates (pairs lose rows to the entity filter, ASSUMING and undefined labels) and
 * doubles until enough rows are labelled; at fraction 1 sampling is pointless and the caller labels all.
 * At 1M entities x 24 anchors that is ~0.45M pairs labelled instead of 24M: memory and time follow
 * `maxRows`, not the data.
 */
export interface PairSamplingRequest {
  /** The entity key expression in `candidates` (e.g. `e."customer_id"`); `a.anchor` is the anchor. */
  entityKey: string;
  /** `FROM ... WHERE ...` of the candidate pairs, before any aggregation. */
  candidates: string;
  /** Table to create: (ENTITY, anchor). */
  pairsTable: string;
  maxRows: number;
  seed: number;
  /** Builds the training table from the pairs table; resolves with its labelled row count. */
  label: (pairsTable: string) => Promise<number>;
  signal?: AbortSignal;
}

export interface PairSampling {
  rows: number;
  sampling: { candidatePairs: number; sampledPairs: number };
}

const OVERSAMPLE = 1.5;

/** Undefined when sampling would not save anything (the caller then labels every pair). */
export async function sampleTrainingPairs(
  session: DuckDbSession,
  request: PairSamplingRequest,
): Promise<PairSampling | undefined> {
  const { signal } = request;
  const [{ n }] = await session.rows(`SELECT count(*) AS n ${request.candidates}`, signal);
  const candidatePairs = Number(n);
  const hash = samplingHashSql(request.entityKey, 'a.anchor', request.seed);
  for (let fraction = (OVERSAMPLE * request.maxRows) / candidatePairs; fraction < 1; fraction *= 2) {
    await session.run(
      `CREATE OR REPLACE TEMP TABLE ${sqlIdent(request.pairsTable)} AS ` +
        `SELECT ${request.entityKey} AS ENTITY, a.anchor ${request.candidates} AND ${hash} <= ${hashThreshold(fraction)}`,
      signal,
    );
    const [{ sampled }] = await session.rows(`SELECT count(*) AS sampled FROM ${sqlIdent(request.pairsTable)}`, signal);
    const rows = await request.label(request.pairsTable);
    if (rows >= request.maxRows) {
      await session.run(`DROP TABLE ${sqlIdent(request.pairsTable)}`, signal);
      return { rows, sampling: { candidatePairs, sampledPairs: Number(sampled) } };
    }
  }
  await session.run(`DROP TABLE IF EXISTS ${sqlIdent(request.pairsTable)}`, signal);
  return undefined;
}

/** The largest hash kept at this fraction of the UBIGINT range, as an exact integer literal. */
export function hashThreshold(fraction: number): string {
  const scaled = BigInt(Math.floor(fraction * 2 ** 53)) << 11n;
  return `${scaled}::UBIGINT`;
}
