import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/** docs/diagnostics.md, where every diagnostic links to. */
export const DIAGNOSTICS_DOC = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'diagnostics.md'), 'utf8');

/** The sections of a markdown page by `## ` heading (text up to the next such heading). */
export function sections(markdown: string): Map<string, string> {
  const result = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    result.set(part.slice(0, newline).trim(), part.slice(newline + 1).trimStart());
  }
  return result;
}

export function yamlBlocks(section: string): string[] {
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** The `query:` of a snippet that is a YAML mapping with one; undefined for graph fragments and comments. */
export function queryOf(snippet: string): string | undefined {
  try {
    const value = parse(snippet) as unknown;
    if (value && typeof value === 'object' && typeof (value as { query?: unknown }).query === 'string') {
      return (value as { query: string }).query;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The failing and fixed queries of a code's section, when both of its first two YAML examples are queries. */
export function queryExamples(section: string): { failing: string; fixed: string } | undefined {
  const [failing, fixed] = yamlBlocks(section).map(queryOf);
  return failing !== undefined && fixed !== undefined ? { failing, fixed } : undefined;
}
