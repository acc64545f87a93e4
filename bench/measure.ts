/**
 * Timing for `npm run bench`. Rows are measured in interleaved rounds (a slice of every row, then the
 * next slice), so a noisy neighbour slows all rows alike and the ratios between them stay meaningful.
 * Every operation is timed on its own, for medians and 99th percentiles.
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
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] as number;
}

export async function measureInterleaved(rows: readonly Row[], options: { rounds: number; opsPerRound: number; warmupOps: number }): Promise<RowResult[]> {
  const samples = rows.map(() => [] as number[]);
  for (const row of rows) {
    for (let i = 0; i < options.warmupOps; i++) {
      const result = row.op();
      if (result instanceof Promise) await result;
    }
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, row] of rows.entries()) {
      const into = samples[index] as number[];
      for (let i = 0; i < options.opsPerRound; i++) {
        const started = performance.now();
        const result = row.op();
        if (result instanceof Promise) await result;
        into.push(performance.now() - started);
      }
    }
  }
  return rows.map((row, index) => {
    const sorted = (samples[index] as number[]).sort((a, b) => a - b);
    return { name: row.name, medianUs: percentile(sorted, 0.5) * 1000, p99Us: percentile(sorted, 0.99) * 1000, samples: sorted.length };
  });
}

export function formatRows(title: string, results: readonly RowResult[]): string {
  const width = Math.max(...results.map((result) => result.name.length));
  return [
    title,
    `  ${'operation'.padEnd(width)}  ${'median'.padStart(10)}  ${'p99'.padStart(10)}`,
    ...results.map((result) => `  ${result.name.padEnd(width)}  ${`${result.medianUs.toFixed(2)} µs`.padStart(10)}  ${`${result.p99Us.toFixed(2)} µs`.padStart(10)}`),
  ].join('\n');
}
