// Derives the example's training and inference tables from the full F1 data with DuckDB:
//   data/train/      every table cut at 2009-12-31 (the training graph must not see the 2010 test period)
//   data/inference/  drivers.csv with every tenth driver's nationality blanked (the rows the static task predicts)
// The outputs are committed; run this again only after changing data/full:
//   node examples/f1/scripts/makeSplits.mjs
import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const fullDir = join(dataDir, 'full');
const trainDir = join(dataDir, 'train');
const inferenceDir = join(dataDir, 'inference');

/** The last day the training graph may see: RelBench's rel-f1 test anchor is 2010-01-01. */
const TRAINING_CUTOFF = '2009-12-31';
const TABLES_WITH_DATE = [
  'races',
  'results',
  'standings',
  'constructor_results',
  'constructor_standings',
  'qualifying',
];
const STATIC_TABLES = ['circuits', 'drivers', 'constructors', 'status'];

function sqlString(value) {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Every column read as text, so the written values are byte-for-byte the ones in data/full. */
function scan(file) {
  return `read_csv(${sqlString(file)}, header = true, all_varchar = true)`;
}

async function main() {
  mkdirSync(trainDir, { recursive: true });
  mkdirSync(inferenceDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    for (const table of TABLES_WITH_DATE) {
      const source = join(fullDir, `${table}.csv`);
      const target = join(trainDir, `${table}.csv`);
      await connection.run(
        `COPY (SELECT * FROM ${scan(source)} WHERE CAST(date AS DATE) <= DATE '${TRAINING_CUTOFF}') ` +
          `TO ${sqlString(target)} (HEADER, DELIMITER ',')`,
      );
    }
    // Static tables have no time column, so every row is visible at any anchor time: copied unchanged.
    for (const table of STATIC_TABLES) copyFileSync(join(fullDir, `${table}.csv`), join(trainDir, `${table}.csv`));

    // A static target predicts exactly the entities whose value is missing; blanking by id keeps it reproducible.
    await connection.run(
      `COPY (SELECT * REPLACE (CASE WHEN CAST(driverId AS INTEGER) % 10 = 0 THEN NULL ELSE nationality END AS nationality) ` +
        `FROM ${scan(join(fullDir, 'drivers.csv'))}) TO ${sqlString(join(inferenceDir, 'drivers.csv'))} (HEADER, DELIMITER ',')`,
    );

    const counts = await connection.runAndReadAll(
      [...TABLES_WITH_DATE, ...STATIC_TABLES]
        .map((t) => `SELECT ${sqlString(t)} AS tbl, count(*) AS n FROM ${scan(join(trainDir, `${t}.csv`))}`)
        .join(' UNION ALL '),
    );
    for (const row of counts.getRowObjectsJS()) console.log(`train/${row.tbl}.csv: ${row.n} rows`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

main().catch((error) => {
  console.error(`makeSplits: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
