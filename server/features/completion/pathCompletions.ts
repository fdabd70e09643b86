import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind, type Command, type CompletionItem, type Range } from 'vscode-languageserver';
import { specKindOfPath } from '../../../core/spec/specFileNames';

/** Which files a path-valued key may name. */
export type PathTarget = 'data' | 'graph-spec' | 'training-spec';

const ACCEPTS: Record<PathTarget, (name: string) => boolean> = {
  data: (name) => /\.(csv|parquet|tsv)(\.gz)?$/i.test(name),
  'graph-spec': (name) => specKindOfPath(name) === 'graph',
  'training-spec': (name) => specKindOfPath(name) === 'training',
};
const MAX_ENTRIES = 500;
const SKIPPED = new Set(['node_modules', '.git', '.relgraph']);

/**
 * Completes a path relative to the spec's folder one segment at a time, like a shell: folders (which
 * re-open the suggestions) and the files the key accepts. Only the last segment is replaced, so what
 * was typed before the last `/` stays.
 */
export function pathCompletions(
  specPath: string,
  typed: string,
  target: PathTarget,
  replace: Range,
  retrigger?: Command,
): CompletionItem[] {
  const slash = typed.lastIndexOf('/');
  const folderPart = slash >= 0 ? typed.slice(0, slash + 1) : '';
  const folder = path.resolve(path.dirname(specPath), folderPart || '.');
  const segmentRange: Range = {
    start: { line: replace.start.line, character: replace.start.character + folderPart.length },
    end: replace.end,
  };
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true }).slice(0, MAX_ENTRIES);
  } catch {
    return [];
  }
  const showHidden = typed.slice(slash + 1).startsWith('.');
  const items: CompletionItem[] = [];
  for (const entry of entries) {
    if ((entry.name.startsWith('.') && !showHidden) || SKIPPED.has(entry.name)) continue;
    const isFolder = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(path.join(folder, entry.name)));
    if (isFolder) {
      // A folder of Parquet parts is itself a valid table source.
      items.push({
        label: `${entry.name}/`,
        kind: CompletionItemKind.Folder,
        textEdit: { range: segmentRange, newText: `${entry.name}/` },
        sortText: `1${entry.name}`,
        command: retrigger,
      });
    } else if (ACCEPTS[target](entry.name)) {
      items.push({
        label: entry.name,
        kind: CompletionItemKind.File,
        textEdit: { range: segmentRange, newText: entry.name },
        sortText: `0${entry.name}`,
      });
    }
  }
  return items;
}

/** Local training job ids (`trainingjob-...`) from the nearest `.relgraph/jobs` folder above the spec. */
export function trainingJobCompletions(specPath: string, replace: Range): CompletionItem[] {
  for (let dir = path.dirname(specPath); ; dir = path.dirname(dir)) {
    const jobs = path.join(dir, '.relgraph', 'jobs');
    if (isDirectory(jobs)) {
      let names: string[];
      try {
        names = fs.readdirSync(jobs);
      } catch {
        return [];
      }
      return names
        .filter((name) => name.startsWith('trainingjob-') && name.endsWith('.json'))
        .sort()
        .reverse() // ids start with a time stamp: newest first
        .slice(0, MAX_ENTRIES)
        .map((name, i) => ({
          label: name.slice(0, -'.json'.length),
          kind: CompletionItemKind.Reference,
          detail: 'local training job',
          textEdit: { range: replace, newText: name.slice(0, -'.json'.length) },
          sortText: `2${String(i).padStart(4, '0')}`,
        }));
    }
    if (path.dirname(dir) === dir) return [];
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
