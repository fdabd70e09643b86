import * as fs from 'node:fs';
import { csvDelimiterOf } from './sourceScan';

/** How much of a file the shape check reads: enough for the usual "row 3 is short" mistakes, bounded. */
const MAX_BYTES = 8 * 1024 * 1024;

/**
 * Finds the first record whose field count differs from the header's, quote-aware, in the first
 * MAX_BYTES of a CSV. DuckDB's own error for a ragged file ("not possible to automatically detect the
 * CSV parsing dialect") does not say where the problem is; this does.
 */
export function findRaggedRow(file: string): string | undefined {
  let buffer: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      buffer = Buffer.alloc(Math.min(MAX_BYTES, fs.fstatSync(fd).size));
      fs.readSync(fd, buffer, 0, buffer.length, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const text = buffer.toString('utf8');
  const delimiter = csvDelimiterOf(file);
  let headerFields = -1;
  let fields = 1;
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let recordHasContent = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      } else if (ch === '\n') line++;
      continue;
    }
    if (ch === '"') {
      inQuotes = true;
      recordHasContent = true;
    } else if (ch === delimiter) {
      fields++;
      recordHasContent = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (recordHasContent) {
        if (headerFields < 0) headerFields = fields;
        else if (fields !== headerFields) return describe(recordLine, fields, headerFields);
      }
      fields = 1;
      recordHasContent = false;
      line++;
      recordLine = line;
    } else recordHasContent = true;
  }
  // The last record, unless the read stopped mid-file (it may be cut short).
  if (recordHasContent && headerFields >= 0 && fields !== headerFields && buffer.length < MAX_BYTES) {
    return describe(recordLine, fields, headerFields);
  }
  return undefined;
}

function describe(line: number, fields: number, expected: number): string {
  return `line ${line} has ${fields} field${fields === 1 ? '' : 's'} but the header has ${expected}`;
}
