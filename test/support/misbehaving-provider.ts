/**
 * An HTTP server on 127.0.0.1 posing as an identity provider that misbehaves: slow, junk, huge bodies,
 * a wrong issuer. The test supplies the answer for each path; every request is recorded.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Answer = (response: ServerResponse, issuer: string) => void;

export interface MisbehavingProvider {
  readonly issuer: string;
  readonly discoveryUrl: string;
  readonly hits: string[];
  close(): Promise<void>;
}

export async function startMisbehavingProvider(answers: Record<string, Answer>): Promise<MisbehavingProvider> {
  const hits: string[] = [];
  const sockets = new Set<Socket>();
  let issuer = '';
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const answer = answers[request.url ?? ''];
    if (answer) answer(response, issuer);
    else response.writeHead(404).end();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    hits,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A well-formed discovery document pointing at this server's /jwks. */
export const discoveryDocument: Answer = (response, issuer) => {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
};
