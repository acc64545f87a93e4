/**
 * DynamoDB unreachable: the decision fails closed (500, never an allow) within a bounded time, both when
 * the connection is refused and when the server accepts connections but never answers.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createHandler } from '../../lambda/handler';
import { invokeAuthorizer } from '../../local/gateway/invoke-authorizer';
import { LOCAL_AWS_ENV } from '../support/dynalite';
import { authorizerEvent } from '../support/events';
import { rsaKeyPair } from '../support/keys';
import { bearer, freshClaims, signRs256 } from '../support/tokens';
import { mintApiKeyToken } from '../../record/api-key-token';

const STORE_TIMEOUT_MS = 300;
const pair = rsaKeyPair();

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function decideAgainst(endpoint: string) {
  Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: endpoint });
  const logs: string[] = [];
  const handler = createHandler({
    env: { GATEHOUSE_TABLE_NAME: 'gatehouse-keys', GATEHOUSE_STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS) },
    writeLog: (line) => logs.push(line),
  });
  const token = signRs256(pair.privateKey, freshClaims({ gatehouse_sub: mintApiKeyToken() }));
  const started = Date.now();
  const answer = await invokeAuthorizer(handler, authorizerEvent({ authorization: bearer(token) }));
  return { answer, elapsedMs: Date.now() - started, log: JSON.parse(logs[0] as string) as Record<string, unknown> };
}

describe('key table unreachable', () => {
  it('fails closed when the connection is refused', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve)); // nothing listens on the port any more
    const { answer, log, elapsedMs } = await decideAgainst(`http://127.0.0.1:${port}`);
    expect(answer.status).toBe(500);
    expect(answer.result).toBeUndefined();
    expect(log).toMatchObject({ outcome: 'error', reason: 'store_unavailable', status: 500 });
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('fails closed within its timeouts when the server never answers', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => void sockets.push(socket)); // accepts, reads, never answers
    const port = await listen(server);
    try {
      const { answer, log, elapsedMs } = await decideAgainst(`http://127.0.0.1:${port}`);
      expect(answer.status).toBe(500);
      expect(log).toMatchObject({ outcome: 'error', reason: 'store_unavailable' });
      // Two attempts of one request timeout each, plus SDK backoff: far below Lambda's and API Gateway's limits.
      expect(elapsedMs).toBeLessThan(2 * STORE_TIMEOUT_MS + 3_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
