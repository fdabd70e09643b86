import type { PredictiveQuery, Span } from '../../../core/pql/ast';
import { parsePql } from '../../../core/pql/parsePql';
import type { PqlGraphView, PqlTableView } from '../../../core/pql/PqlGraphView';
import type { Dtype, Stype } from '../../../core/spec/SpecModel';

type ColumnSpec = [name: string, dtype: Dtype, stype?: Stype];

function table(
  primaryKey: string | undefined,
  timeColumn: string | undefined,
  foreignKeys: Record<string, string>,
  columns: ColumnSpec[],
): PqlTableView {
  return {
    primaryKey,
    timeColumn,
    foreignKeys: new Map(Object.entries(foreignKeys)),
    columns: new Map(columns.map(([name, dtype, stype]) => [name, { dtype, stype }])),
  };
}

/**
 * The rel-f1 graph as RelBench lays it out (shared/data/f1/README.md), with the columns of the real CSV
 * headers and the dtypes DuckDB infers for them.
 */
export function f1Graph(): PqlGraphView {
  return {
    tables: new Map([
      [
        'races',
        table('raceId', 'date', { circuitId: 'circuits' }, [
          ['raceId', 'int64'],
          ['year', 'int64'],
          ['round', 'int64'],
          ['circuitId', 'int64'],
          ['name', 'string'],
          ['date', 'date'],
        ]),
      ],
      [
        'circuits',
        table('circuitId', undefined, {}, [
          ['circuitId', 'int64'],
          ['circuitRef', 'string'],
          ['name', 'string'],
          ['location', 'string'],
          ['country', 'string', 'categorical'],
          ['lat', 'float64'],
          ['lng', 'float64'],
          ['alt', 'float64'],
        ]),
      ],
      [
        'drivers',
        table('driverId', undefined, {}, [
          ['driverId', 'int64'],
          ['driverRef', 'string'],
          ['code', 'string'],
          ['forename', 'string'],
          ['surname', 'string'],
          ['dob', 'date'],
          ['nationality', 'string', 'categorical'],
        ]),
      ],
      [
        'results',
        table('resultId', 'date', { raceId: 'races', driverId: 'drivers', constructorId: 'constructors' }, [
          ['resultId', 'int64'],
          ['raceId', 'int64'],
          ['driverId', 'int64'],
          ['constructorId', 'int64'],
          ['number', 'float64'],
          ['grid', 'int64'],
          ['position', 'float64'],
          ['positionOrder', 'int64'],
          ['points', 'float64'],
          ['laps', 'int64'],
          ['milliseconds', 'float64'],
          ['fastestLap', 'float64'],
          ['rank', 'float64'],
          ['statusId', 'int64', 'categorical'],
          ['date', 'date'],
        ]),
      ],
      [
        'standings',
        table('driverStandingsId', 'date', { raceId: 'races', driverId: 'drivers' }, [
          ['driverStandingsId', 'int64'],
          ['raceId', 'int64'],
          ['driverId', 'int64'],
          ['points', 'float64'],
          ['position', 'int64'],
          ['wins', 'int64'],
          ['date', 'date'],
        ]),
      ],
      [
        'constructors',
        table('constructorId', undefined, {}, [
          ['constructorId', 'int64'],
          ['constructorRef', 'string'],
          ['name', 'string'],
          ['nationality', 'string', 'categorical'],
        ]),
      ],
      [
        'constructor_results',
        table('constructorResultsId', 'date', { raceId: 'races', constructorId: 'constructors' }, [
          ['constructorResultsId', 'int64'],
          ['raceId', 'int64'],
          ['constructorId', 'int64'],
          ['points', 'float64'],
          ['date', 'date'],
        ]),
      ],
      [
        'constructor_standings',
        table('constructorStandingsId', 'date', { raceId: 'races', constructorId: 'constructors' }, [
          ['constructorStandingsId', 'int64'],
          ['raceId', 'int64'],
          ['constructorId', 'int64'],
          ['points', 'float64'],
          ['position', 'int64'],
          ['wins', 'int64'],
          ['date', 'date'],
        ]),
      ],
      [
        'qualifying',
        table('qualifyId', 'date', { raceId: 'races', driverId: 'drivers', constructorId: 'constructors' }, [
          ['qualifyId', 'int64'],
          ['raceId', 'int64'],
          ['driverId', 'int64'],
          ['constructorId', 'int64'],
          ['number', 'int64'],
          ['position', 'int64'],
          ['date', 'date'],
        ]),
      ],
    ]),
  };
}

/** A small e-commerce graph with the shapes F1 lacks: items to recommend, a multicategorical column, notifications. */
export function shopGraph(): PqlGraphView {
  return {
    tables: new Map([
      [
        'users',
        table('user_id', 'signup_at', {}, [
          ['user_id', 'int64'],
          ['age', 'int64'],
          ['country', 'string', 'categorical'],
          ['tags', 'stringlist'],
          ['signup_at', 'date'],
        ]),
      ],
      [
        'orders',
        table('order_id', 'created_at', { user_id: 'users', item_id: 'items' }, [
          ['order_id', 'int64'],
          ['user_id', 'int64'],
          ['item_id', 'int64'],
          ['amount', 'float64'],
          ['status', 'string', 'categorical'],
          ['created_at', 'date'],
        ]),
      ],
      [
        'items',
        table('item_id', undefined, {}, [
          ['item_id', 'int64'],
          ['category', 'string', 'categorical'],
          ['price', 'float64'],
        ]),
      ],
      [
        'notifications',
        table('notification_id', 'sent_at', { user_id: 'users' }, [
          ['notification_id', 'int64'],
          ['user_id', 'int64'],
          ['sent_at', 'date'],
        ]),
      ],
      [
        // Two foreign keys from users: rows of returns belong to a user through their order.
        'returns',
        table('return_id', 'returned_at', { order_id: 'orders' }, [
          ['return_id', 'int64'],
          ['order_id', 'int64'],
          ['reason', 'string', 'categorical'],
          ['returned_at', 'date'],
        ]),
      ],
    ]),
  };
}

/** A graph with no time columns at all: the only setting where static link prediction is allowed. */
export function staticShopGraph(): PqlGraphView {
  return {
    tables: new Map([
      [
        'users',
        table('user_id', undefined, {}, [
          ['user_id', 'int64'],
          ['age', 'int64'],
        ]),
      ],
      [
        'purchases',
        table('purchase_id', undefined, { user_id: 'users', item_id: 'items' }, [
          ['purchase_id', 'int64'],
          ['user_id', 'int64'],
          ['item_id', 'int64'],
          ['note', 'string'],
        ]),
      ],
      [
        'items',
        table('item_id', undefined, {}, [
          ['item_id', 'int64'],
          ['category', 'string', 'categorical'],
        ]),
      ],
    ]),
  };
}

/** Parses a query the test expects to be valid, failing loudly with the parser's message otherwise. */
export function parseOk(text: string): PredictiveQuery {
  const result = parsePql(text);
  if (!result.query) throw new Error(`expected '${text}' to parse, got: ${result.errors[0]?.message}`);
  return result.query;
}

/** The span of the `occurrence`-th (0-based) appearance of `part` in `text`. */
export function spanIn(text: string, part: string, occurrence = 0): Span {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) {
    start = text.indexOf(part, start + 1);
    if (start < 0) throw new Error(`'${part}' occurs fewer than ${occurrence + 1} times in '${text}'`);
  }
  return { start, end: start + part.length };
}
