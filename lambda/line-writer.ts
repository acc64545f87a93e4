/**
 * Writes decision lines to a file descriptor (stdout on Lambda) with one write system call each: no
 * console formatting, no stream machinery, and the line is out before the handler returns, so a frozen
 * or recycled execution environment cannot lose it. On Lambda, everything written to stdout reaches
 * CloudWatch Logs as it is, where Embedded Metric Format lines become metrics
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Lambda.html);
 * console.log would add the runtime's own prefix and formatting on the way.
 *
 * A pipe can be full, and its descriptor non-blocking (Node makes stdout non-blocking as soon as
 * anything touches `process.stdout`): then the rest is written after short waits, in order, rather than
 * dropped; a reader gone for longer than `maxWaitMs` is an error, so the decision fails closed rather
 * than going unlogged.
 */
import { writeSync } from 'node:fs';

const WAIT_MS = 1;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function isTryAgain(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EAGAIN';
}

export function fdLineWriter(fd: number, maxWaitMs = 2_000): (line: string) => void {
  return (line) => {
    let written = 0;
    try {
      written = writeSync(fd, line);
    } catch (error) {
      if (!isTryAgain(error)) throw error;
    }
    if (written === Buffer.byteLength(line)) return;
    const bytes = Buffer.from(line, 'utf8');
    let waited = 0;
    while (written < bytes.length) {
      try {
        written += writeSync(fd, bytes, written);
        continue;
      } catch (error) {
        if (!isTryAgain(error)) throw error;
      }
      if (waited >= maxWaitMs) throw new Error(`decision log: descriptor ${fd} accepted no data for ${maxWaitMs} ms`);
      Atomics.wait(sleeper, 0, 0, WAIT_MS);
      waited += WAIT_MS;
    }
  };
}
