/**
 * HMAC secrets through the real handler over dynalite: a Secrets Manager endpoint that accepts
 * connections and never answers must cost a bounded wait, one shared load and a 500 (never an allow);
 * a secret stored with a trailing newline is used as its exact text, and a refusal says why.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { mintApiKeyToken } from '../../record/api-key-token';
import { authorizerEvent } from '../support/events';
import { hmacSecret } from '../support/keys';
import { type HandlerOverDynalite, startHandlerOverDynalite } from '../support/handler-over-dynalite';
import { testKey } from '../support/records';
import { bearer, freshClaims, signHs256 } from '../support/tokens';

const SECRET_TIMEOUT_MS = 200;
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hmac-client-AbCdEf';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('Secrets Manager accepting connections and never answering', () => {
  const sockets: Socket[] = [];
  let requests = 0;
  let server: Server;
  let env: HandlerOverDynalite;
  const key = testKey({ client: 'hmac-client', token: mintApiKeyToken(), auth: { method: 'hmac', secretRefs: [SECRET_ARN] } });
  const token = bearer(signHs256(hmacSecret(), freshClaims({ gatehouse_sub: key.token })));

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (chunk) => (requests += (chunk.toString('latin1').match(/^POST /gm) ?? []).length)); // reads, never answers
    });
    const port = await listen(server);
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = `http://127.0.0.1:${port}`;
    env = await startHandlerOverDynalite([key.record], {
      env: { GATEHOUSE_SECRETS_SOURCE: 'aws-secretsmanager', GATEHOUSE_SECRET_TIMEOUT_MS: String(SECRET_TIMEOUT_MS) },
    });
  });

  afterAll(async () => {
    delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await env?.close();
  });

  it('fails closed with secret_unavailable within its deadline, all concurrent decisions sharing one load', async () => {
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 5 }, () => env.invoke(authorizerEvent({ authorization: token }))));
    const elapsedMs = Date.now() - started;
    // Two attempts and the overall deadline (3 × timeout + 500 ms): far below Lambda's and API Gateway's limits.
    expect(elapsedMs).toBeLessThan(3 * SECRET_TIMEOUT_MS + 500 + 3_000);
    for (const answer of answers) {
      expect(answer.status).toBe(500);
      expect(answer.result).toBeUndefined();
    }
    expect(env.logs.map((line) => JSON.parse(line).reason)).toEqual(Array(5).fill('secret_unavailable'));
    // One load for all five: its two attempts at most, each given up and its connection closed.
    expect(requests).toBeGreaterThanOrEqual(1);
    expect(requests).toBeLessThanOrEqual(2);
    const closedByClient = () => sockets.every((socket) => socket.readableEnded || socket.destroyed);
    for (let wait = 0; !closedByClient() && wait < 100; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closedByClient()).toBe(true);
  });

  it('fails fast right after, without asking the hung endpoint again', async () => {
    const before = requests;
    const answer = await env.invoke(authorizerEvent({ authorization: token }));
    expect(answer.status).toBe(500);
    expect(answer.log).toMatchObject({ reason: 'secret_unavailable' });
    expect(requests).toBe(before);
  });
});

describe('a secret stored with a trailing newline', () => {
  const key = testKey({ client: 'hmac-client', auth: { method: 'hmac', secretRefs: [SECRET_ARN] } });
  const base = hmacSecret();
  const stored = `${base}\n`; // what `openssl rand -base64 32 > file` leaves, stored as the secret
  let env: HandlerOverDynalite;

  beforeAll(async () => {
    env = await startHandlerOverDynalite([key.record], { secrets: { [SECRET_ARN]: stored } });
  });
  afterAll(async () => env?.close());

  it('is the exact text: a client signing with it, newline included, is allowed', async () => {
    const answer = await env.invoke(authorizerEvent({ authorization: bearer(signHs256(stored, freshClaims({ gatehouse_sub: key.token }))) }));
    expect(answer.status).toBe(200);
  });

  it('refuses a client signing without the newline, and the refusal names the cause, never the secret', async () => {
    const answer = await env.invoke(authorizerEvent({ authorization: bearer(signHs256(base, freshClaims({ gatehouse_sub: key.token }))) }));
    expect(answer.status).toBe(401);
    expect(answer.log).toMatchObject({ reason: 'signature_invalid' });
    expect(answer.log.detail).toContain(`secret ${SECRET_ARN} ends with a line break, which is part of the key`);
    expect(env.logs.join('')).not.toContain(base);
  });
});
