// `npm run generate`: rewrites the derived parts of package.json and docs/diagnostics.md (see
// derivedFiles.ts). `--check` writes nothing and exits 1 when a file is stale (`npm test` runs it first).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { derivedDiagnosticsDoc, derivedPackageJson } from './derivedFiles';

const root = path.resolve(__dirname, '..');
const check = process.argv.includes('--check');
const targets: { file: string; derive: (text: string) => string }[] = [
  {
    file: 'package.json',
    derive: (text) => `${JSON.stringify(derivedPackageJson(JSON.parse(text)), null, 2)}\n`,
  },
  { file: 'docs/diagnostics.md', derive: derivedDiagnosticsDoc },
];

let stale = 0;
for (const { file, derive } of targets) {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, 'utf8');
  const derived = derive(text);
  if (derived === text) continue;
  if (check) {
    console.error(`${file} is out of date with the code it is derived from: run npm run generate`);
    stale++;
  } else {
    fs.writeFileSync(full, derived);
    console.log(`wrote ${file}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
