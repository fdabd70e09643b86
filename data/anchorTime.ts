/** An anchor time as the data checks use it: DuckDB timestamp text and epoch milliseconds, both UTC. */
export interface AnchorTime {
  /** `YYYY-MM-DD HH:MM:SS` */
  sql: string;
  ms: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses `anchor_time`: an ISO date or date-time (UTC unless it carries an offset), or an integer,
 * which Kumo reads as nanoseconds since the Unix epoch. Anything else is left to static validation.
 */
export function parseAnchorTime(text: string): AnchorTime | undefined {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) return fromMs(Number(BigInt(trimmed) / 1_000_000n));
  const match = ISO.exec(trimmed);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = match;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const date = new Date(ms);
  // Date.UTC rolls 2024-02-30 over into March; a date that does not exist is not an anchor.
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return fromMs(ms);
}

export function fromMs(ms: number): AnchorTime {
  return { sql: formatUtc(ms), ms };
}

/** `2024-01-31 12:00:00` */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
