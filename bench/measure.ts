/**
 * Timing for `npm run bench`. Rows are measured in interleaved rounds (a slice of every row, then the
 * next slice), so a noisy neighbour slows all rows alike and the ratios between them stay meaningful.
 * Every operation is timed on its own, for medians and 99th percentiles; each round's median is kept
 * too, so a ratio between two rows can be given with its spread over the rounds.
 */
import { performance } from 'node:perf_hooks';

export interface Row {
  readonly name: string;
  readonly op: () => unknown;
}

export interface RowResult {
  readonly name: string;
  readonly medianUs: number;
  readonly p99Us: number;
  readonly samples: number;
  /** The median of each round, in round order. */
  readonly roundMediansUs: readonly number[];
}

export interface Scale {
  readonly rounds: number;
  readonly opsPerRound: number;
  readonly warmupOps: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] as number;
}

export async function measureInterleaved(rows: readonly Row[], options: Scale): Promise<RowResult[]> {
  const samples = rows.map(() => [] as number[]);
  const roundMedians = rows.map(() => [] as number[]);
  for (const row of rows) {
    for (let i = 0; i < options.warmupOps; i++) {
      const result = row.op();
      if (result instanceof Promise) await result;
    }
  }
  const round = new Array<number>(options.opsPerRound);
  for (let r = 0; r < options.rounds; r++) {
    for (const [index, row] of rows.entries()) {
      for (let i = 0; i < options.opsPerRound; i++) {
        const started = performance.now();
        const result = row.op();
        if (result instanceof Promise) await result;
        round[i] = performance.now() - started;
      }
      (samples[index] as number[]).push(...round);
      (roundMedians[index] as number[]).push(percentile([...round].sort((a, b) => a - b), 0.5) * 1000);
    }
  }
  return rows.map((row, index) => {
    const sorted = (samples[index] as number[]).sort((a, b) => a - b);
    return {
      name: row.name,
      medianUs: percentile(sorted, 0.5) * 1000,
      p99Us: percentile(sorted, 0.99) * 1000,
      samples: sorted.length,
      roundMediansUs: roundMedians[index] as number[],
    };
  });
}

/** `a / b` on the medians of all samples, with the spread of the same ratio taken round by round. */
export interface Ratio {
  readonly value: number;
  readonly p10: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
  readonly rounds: number;
}

export function ratioOf(a: RowResult, b: RowResult): Ratio {
  const perRound = a.roundMediansUs.map((value, round) => value / (b.roundMediansUs[round] as number)).sort((x, y) => x - y);
  return {
    value: a.medianUs / b.medianUs,
    p10: percentile(perRound, 0.1),
    p90: percentile(perRound, 0.9),
    min: perRound[0] as number,
    max: perRound[perRound.length - 1] as number,
    rounds: perRound.length,
  };
}

export function formatRatio(ratio: Ratio): string {
  return `${ratio.value.toFixed(2)} (rounds: p10 ${ratio.p10.toFixed(2)}, p90 ${ratio.p90.toFixed(2)}, min ${ratio.min.toFixed(2)}, max ${ratio.max.toFixed(2)}; ${ratio.rounds} rounds)`;
}

export function formatRows(title: string, results: readonly RowResult[]): string {
  const width = Math.max(...results.map((result) => result.name.length));
  return [
    title,
    `  ${'operation'.padEnd(width)}  ${'median'.padStart(10)}  ${'p99'.padStart(10)}`,
    ...results.map((result) => `  ${result.name.padEnd(width)}  ${`${result.medianUs.toFixed(2)} µs`.padStart(10)}  ${`${result.p99Us.toFixed(2)} µs`.padStart(10)}`),
  ].join('\n');
}
