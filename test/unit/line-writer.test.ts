/**
 * The decision-line writer against a real pipe (a FIFO) whose reader is late, with the descriptor
 * non-blocking as Node leaves stdout once anything touches `process.stdout`: every line arrives, whole
 * and in order; a reader that never comes is an error, not a silently lost line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandler } from '../../lambda/handler';
import { fdLineWriter } from '../../lambda/line-writer';
import { MemoryRecordSource } from '../support/authorizer-harness';
import { authorizerEvent } from '../support/events';
import { rsaKeyPair, rsaKeyRecord } from '../support/keys';
import { testKey } from '../support/records';
import { bearer, freshClaims, signRs256 } from '../support/tokens';

let dir: string;
let fifo: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-line-writer-'));
  fifo = join(dir, 'lines');
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Write end of the FIFO, non-blocking; opened read-write so it needs no reader yet (Linux). */
const openNonBlocking = () => openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);

describe('fdLineWriter', () => {
  it('writes every line whole and in order while the pipe is full and its reader late', async () => {
    const fd = openNonBlocking();
    const out = join(dir, 'out');
    const reader = spawn('sh', ['-c', `sleep 0.3; cat "${fifo}" > "${out}"`]);
    const exited = new Promise((resolve) => reader.once('exit', resolve));
    // 1.2 MB, far beyond a pipe's 64 KiB: writes meet EAGAIN and partial writes, some mid-character.
    const lines = Array.from({ length: 600 }, (_, i) => `${JSON.stringify({ n: i, pad: (i % 3 === 0 ? '€' : 'x').repeat(i % 7 === 0 ? 1500 : 700) })}\n`);
    const write = fdLineWriter(fd, 10_000);
    for (const line of lines) write(line);
    closeSync(fd);
    await exited;
    expect(readFileSync(out, 'utf8')).toBe(lines.join(''));
  });

  it('throws rather than lose a line when nothing reads for longer than its limit', () => {
    const fd = openNonBlocking();
    try {
      const filler = Buffer.alloc(4096, 0x78);
      for (;;) {
        try {
          writeSync(fd, filler);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break; // the pipe is full
          throw error;
        }
      }
      expect(() => fdLineWriter(fd, 20)('{"level":"info"}\n')).toThrow(/accepted no data for 20 ms/);
    } finally {
      closeSync(fd);
    }
  });
});

describe('the handler', () => {
  it('writes one decision line per request to the descriptor it is given', async () => {
    const pair = rsaKeyPair();
    const key = testKey({ auth: { method: 'rsa', publicKeys: [await rsaKeyRecord(pair.publicKey)] } });
    const file = join(dir, 'log');
    const fd = openSync(file, 'w');
    try {
      const handler = createHandler({ env: { GATEHOUSE_TABLE_NAME: 'keys' }, logFd: fd, overrides: { recordSource: new MemoryRecordSource([key.record]) } });
      await handler(authorizerEvent({ authorization: bearer(signRs256(pair.privateKey, freshClaims({ gatehouse_sub: key.token }))) }));
      await expect(handler(authorizerEvent({ authorization: 'Bearer x.y.z' }))).rejects.toThrow('Unauthorized');
    } finally {
      closeSync(fd);
    }
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line).reason)).toEqual(['ok', 'token_malformed']);
    expect(lines.join('\n')).not.toContain(key.token);
  });
});
