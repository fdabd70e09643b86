/** Levenshtein distance, with an adjacent transposition ("drvier") counted as one edit. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previousPrevious[j - 2] + 1);
      }
      current.push(value);
    }
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate a misspelt name most likely means, for "did you mean" hints and quick fixes. A
 * case-only difference wins outright (names are case-sensitive, so it is the commonest slip), then a
 * singular/plural slip (`driver` for `drivers`), then the nearest candidate by edit distance if it is
 * close enough to be a plausible typo: one edit per three characters keeps "custmer" -> "customer"
 * but not "age" -> "id".
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates].filter((c) => c !== name);
  const lower = name.toLowerCase();
  const sameLetters = list.find((c) => c.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  const singular = (s: string) => s.toLowerCase().replace(/s$/, '');
  const plural = list.find((c) => singular(c) === singular(name));
  if (plural) return plural;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of list) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/** ` Did you mean 'x'?` when a close candidate exists, else empty: ready to append to a message. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = closestMatch(name, candidates);
  return match ? ` Did you mean '${match}'?` : '';
}
