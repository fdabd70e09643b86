import type { Range } from '../../../core/diagnostics/SpecDiagnostic';
import type { Located, TableSpec } from '../../../core/spec/SpecModel';

/** CSV rows whose values a typed read and a cast of the same text could disagree on, for the data tier's CSV tests. */
export const AWKWARD_HEADER = 'id,n,x,flag,day,ts,word';

const AT: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const located = <T>(value: T): Located<T> => ({ value, range: AT, keyRange: AT });

/** The graph entry of a CSV with key `id` and time column `ts`. */
export function tableOf(file: string): TableSpec {
  return {
    name: 't',
    nameRange: AT,
    range: AT,
    source: located(file),
    sourcePath: file,
    primaryKey: located('id'),
    timeColumn: located('ts'),
    columns: [],
  };
}

/** Row i of an AWKWARD_HEADER file: 64-bit extremes, `-0.0`, `5e-324`, mixed-case booleans, empty fields. */
export function awkward(i: number): string {
  const doubles = ['0.1', '1e-7', '-0.0', '1.7976931348623157e308', '5e-324', '123456789.123456789', '2.5E+3', ''];
  const ints = ['9223372036854775807', '-9223372036854775808', '0', '-17', ''];
  const day = String(1 + (i % 28)).padStart(2, '0');
  return [
    i,
    ints[i % ints.length],
    doubles[i % doubles.length],
    ['true', 'FALSE', 'True', ''][i % 4],
    `2024-02-${day}`,
    `2024-02-${day} 12:0${i % 10}:00`,
    i % 13 === 0 ? '' : `w${i % 17}`,
  ].join(',');
}
