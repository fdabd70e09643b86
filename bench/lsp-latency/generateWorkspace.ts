import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const TABLES = 200;
export const EDGES = 400;

export interface BenchWorkspace {
  root: string;
  predictionPath: string;
  predictionText: string;
  /** The schemas with file `$id`s, so yaml-language-server resolves their cross-file `$ref`s offline. */
  schemaDir: string;
  predictionSchemaUri: string;
}

/**
 * A training graph and a prediction spec whose inline inference graph has 200 tables and 400 edges
 * (each table references the previous one and the one 7 further on), with a tiny CSV per table so that
 * the static checks find every source.
 */
export function generateWorkspace(root: string, repo: string): BenchWorkspace {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  const tables: string[] = [];
  const edges: string[] = [];
  for (let i = 0; i < TABLES; i++) {
    fs.writeFileSync(path.join(root, 'data', `t${i}.csv`), 'id,ts,prev_id,skip_id\n1,2024-01-01,1,1\n');
    tables.push(`  t${i}:\n    source: data/t${i}.csv\n    primary_key: id\n    time_column: ts`);
    edges.push(`  - { src_table: t${i}, fkey: prev_id, dst_table: t${(i + TABLES - 1) % TABLES} }`);
    edges.push(`  - { src_table: t${i}, fkey: skip_id, dst_table: t${(i + 7) % TABLES} }`);
  }
  const graphBody = `tables:\n${tables.join('\n')}\nedges:\n${edges.join('\n')}\n`;
  fs.writeFileSync(path.join(root, 'big.graph.yaml'), `kind: graph\n${graphBody}`);
  fs.writeFileSync(
    path.join(root, 'big.training.yaml'),
    'kind: training\ngraph: big.graph.yaml\nquery: PREDICT COUNT(t1.*, 0, 30, days) > 0 FOR EACH t0.id\n',
  );
  const indented = graphBody
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
  const predictionText = `kind: prediction\ntraining_job: big.training.yaml\nanchor_time: 2024-01-01\nbinary_classification_threshold: 0.5\ngraph:\n${indented}`;
  const predictionPath = path.join(root, 'big.prediction.yaml');
  fs.writeFileSync(predictionPath, predictionText);

  const schemaDir = path.join(root, 'schemas');
  fs.mkdirSync(schemaDir);
  for (const kind of ['graph', 'training', 'prediction']) {
    const schema = JSON.parse(fs.readFileSync(path.join(repo, 'schemas', `${kind}.schema.json`), 'utf8'));
    schema.$id = pathToFileURL(path.join(schemaDir, `${kind}.schema.json`)).href;
    fs.writeFileSync(path.join(schemaDir, `${kind}.schema.json`), JSON.stringify(schema, null, 2));
  }
  return {
    root,
    predictionPath,
    predictionText,
    schemaDir,
    predictionSchemaUri: pathToFileURL(path.join(schemaDir, 'prediction.schema.json')).href,
  };
}

/** Edit i of the run: rename table t57 (and back), so every other version has contract errors. */
export function editedText(text: string, i: number): string {
  return i % 2 === 0 ? text.replace('\n    t57:\n', '\n    t57x:\n') : text;
}
