import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnchorTime } from '../../../data/anchorTime';

describe('parseAnchorTime', () => {
  it('reads dates and date-times as UTC', () => {
    assert.deepEqual(parseAnchorTime('2024-01-15'), { sql: '2024-01-15 00:00:00', ms: Date.UTC(2024, 0, 15) });
    assert.equal(parseAnchorTime('2024-01-15 10:30')?.sql, '2024-01-15 10:30:00');
    assert.equal(parseAnchorTime('2024-01-15T10:30:05Z')?.sql, '2024-01-15 10:30:05');
  });

  it('applies an explicit offset', () => {
    assert.equal(parseAnchorTime('2024-01-15T10:00:00+02:00')?.sql, '2024-01-15 08:00:00');
    assert.equal(parseAnchorTime('2024-01-15 10:00:00-0130')?.sql, '2024-01-15 11:30:00');
  });

  it('reads an integer as nanoseconds since the epoch, as Kumo does', () => {
    assert.equal(parseAnchorTime('1700000000000000000')?.sql, '2023-11-14 22:13:20');
  });

  it('rejects text that is not a time, and dates that do not exist', () => {
    assert.equal(parseAnchorTime('yesterday'), undefined);
    assert.equal(parseAnchorTime('2024-02-30'), undefined);
    assert.equal(parseAnchorTime(''), undefined);
  });
});
