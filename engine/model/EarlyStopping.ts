/**
 * Tracks the validation metric over rounds: the best round so far and whether `patience` rounds have passed
 * without a strict improvement. NaN scores (e.g. AUC of a one-class validation set) never count as improvements;
 * if no round ever scores, nothing is truncated.
 */
export class EarlyStopping {
  readonly history: number[] = [];
  /** 0-based best round, -1 before any finite score. */
  bestRound = -1;
  bestScore = NaN;

  constructor(
    private readonly higherIsBetter: boolean,
    /** Rounds without improvement before stopping; 0 never stops. */
    private readonly patience: number,
  ) {}

  record(round: number, score: number): void {
    this.history.push(score);
    if (Number.isNaN(score)) return;
    const improved = this.bestRound < 0 || (this.higherIsBetter ? score > this.bestScore : score < this.bestScore);
    if (improved) {
      this.bestRound = round;
      this.bestScore = score;
    }
  }

  shouldStop(round: number): boolean {
    return this.patience > 0 && this.bestRound >= 0 && round - this.bestRound >= this.patience;
  }

  /** Rounds the final model keeps: up to the best round when stopping is on, else every trained round. */
  roundsToKeep(roundsTrained: number): number {
    return this.patience > 0 && this.bestRound >= 0 ? this.bestRound + 1 : roundsTrained;
  }
}
