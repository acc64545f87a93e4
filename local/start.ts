/**
 * `npm start`: Gatehouse on this machine, with nothing but Node and Terraform.
 *
 * 1. a local DynamoDB (dynalite) on loopback;
 * 2. a real OpenID Connect provider (oidc-provider) on loopback, for the OIDC example client;
 * 3. the local stack of the example clients, deployed with real Terraform to that DynamoDB;
 * 4. the local gateway on http://127.0.0.1:${PORT:-3000}, running the built authorizer bundle, and the
 *    same API over HTTPS with client certificates (mutual TLS) on port PORT + 443 (3443).
 * Ctrl-C stops everything.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTHORIZER_BUNDLE, buildAuthorizer } from '../scripts/build-authorizer';
import { DEMO_HMAC_SECRET_ARN, prepareDemoMaterial } from '../stacks/app/demo-material';
import { DEMO_ROUTES } from '../stacks/app/demo-rest-api';
import { NORTHWIND_AUDIENCE } from '../stacks/clients/northwind-idp';
import type { AccessPolicySettings } from '../stacks/model/access-policy';
import type * as AuthorizerModule from '../lambda/handler';
import { type LocalGateway, startLocalGateway } from './gateway/local-gateway';
import { UsagePlans } from './gateway/usage-plans';
import { type IdentityProvider, startIdentityProvider } from './identity-provider/identity-provider';
import { LOCAL_AWS_ENV, type LocalDynamo, startLocalDynamo } from './local-dynamodb';
import { applyLocalStack, synthesizeLocalStack } from './local-stack';
import { LOCAL_DIR, removeRunState, type RunState, writeRunState } from './run-state';
import { terraformVersion } from './terraform';

export interface LocalRunOptions {
  readonly port: number;
  /** The mutual-TLS listener's port; 0 for any. */
  readonly mutualTlsPort: number;
  /** Progress lines while starting. */
  readonly progress?: (line: string) => void;
  /** The gateway's access log and the authorizer's decision log. */
  readonly log?: (line: string) => void;
  /** API Gateway's result cache TTL; default 300 s as on AWS. */
  readonly resultTtlSeconds?: number;
}

export interface LocalRun {
  readonly state: RunState;
  readonly gateway: LocalGateway;
  readonly mutualTlsGateway: LocalGateway;
  close(): Promise<void>;
}

/** The demo OIDC client of the identity provider, acting for the northwind-idp example client. */
const NORTHWIND_ROBOT = 'northwind-robot';

async function step<T>(progress: (line: string) => void, what: string, work: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  progress(`  … ${what}`);
  const result = await work();
  progress(`  ✓ ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

/** A compact decision line for the terminal, from the authorizer's JSON log line. */
function decisionLine(json: string): string {
  const line = JSON.parse(json) as Record<string, unknown>;
  const who = line.client ? ` client=${line.client} key=${line.key}` : '';
  return `  authorizer: ${line.status} ${line.reason}${who} — ${line.detail}`;
}

export async function startLocalRun(options: LocalRunOptions): Promise<LocalRun> {
  const progress = options.progress ?? (() => undefined);
  const log = options.log ?? (() => undefined);
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    removeRunState();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const terraform = await step(progress, 'checking Terraform', terraformVersion);
    if (!terraform) throw new Error('Terraform is not installed or not on PATH. Install Terraform 1.5 or later (https://developer.hashicorp.com/terraform/install) and run npm start again.');
    const material = await step(progress, 'preparing demo keys and certificates in .gatehouse/demo (first run only)', prepareDemoMaterial);
    await step(progress, 'building the authorizer bundle', buildAuthorizer);

    const dynamo: LocalDynamo = await step(progress, 'starting a local DynamoDB (dynalite)', () => startLocalDynamo());
    cleanups.push(() => dynamo.close());

    const robotSecret = randomBytes(24).toString('base64url');
    const idp: IdentityProvider = await step(progress, 'starting a local OpenID Connect provider (oidc-provider)', () =>
      startIdentityProvider({
        audience: NORTHWIND_AUDIENCE,
        clients: [{ clientId: NORTHWIND_ROBOT, clientSecret: robotSecret, claims: { 'https://gatehouse.dev/sub': material.tokens['northwind-idp-main'] } }],
      }),
    );
    cleanups.push(() => idp.stop());

    process.env.GATEHOUSE_DEMO_OIDC_DISCOVERY_URL = idp.discoveryUrl;
    const synthesized = await step(progress, 'synthesizing the example clients', () => synthesizeLocalStack(join(LOCAL_DIR, 'cdktf.out')));
    for (const warning of synthesized.warnings) progress(`    warning [${warning.path}] ${warning.message.split('. Fix:')[0]}`);
    await step(progress, `deploying the local stack with Terraform ${terraform}`, () => applyLocalStack(synthesized, dynamo.endpoint));

    const secretsFile = join(LOCAL_DIR, 'secrets.json');
    writeFileSync(secretsFile, JSON.stringify({ [DEMO_HMAC_SECRET_ARN]: material.hmacSecret }), { mode: 0o600 });
    const authorizerEnvironment = { ...synthesized.app.localData.authorizerEnvironment, GATEHOUSE_SECRETS_SOURCE: `file:${secretsFile}` };
    Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
    // The same bundle the Lambda runs, loaded in this process.
    const bundle = require(AUTHORIZER_BUNDLE) as typeof AuthorizerModule;
    const authorizer = bundle.createHandler({ env: authorizerEnvironment, writeLog: (line) => log(decisionLine(line)) });

    const catalog = synthesized.app.localData.catalog;
    const plans = new Map<string, AccessPolicySettings>();
    for (const client of catalog.clients) {
      const usageKey = catalog.usageIdentifierKey(client);
      if (usageKey && client.policy) plans.set(usageKey, client.policy.settings);
    }
    const usagePlans = new UsagePlans(plans);
    const gatewayOptions = { authorizer, routes: DEMO_ROUTES, usagePlans, accessLog: (line: string) => log(`  ${line}`) };
    const gateway = await step(progress, `starting the local gateway on http://127.0.0.1:${options.port}`, () =>
      startLocalGateway({ ...gatewayOptions, port: options.port, resultTtlSeconds: options.resultTtlSeconds ?? 300 }),
    );
    cleanups.push(() => gateway.close());
    // As on AWS with a mutual-TLS domain: the truststore is the demo CA, and results are not cached.
    const tls = { key: material.pki.server.privateKeyPem, cert: material.pki.server.pem, truststore: material.pki.caPem };
    const mutualTlsGateway = await step(progress, `starting its mutual-TLS listener on https://127.0.0.1:${options.mutualTlsPort}`, () =>
      startLocalGateway({ ...gatewayOptions, port: options.mutualTlsPort, resultTtlSeconds: 0, tls }),
    );
    cleanups.push(() => mutualTlsGateway.close());

    const state: RunState = {
      pid: process.pid,
      gatewayUrl: gateway.url,
      mutualTlsUrl: mutualTlsGateway.url,
      dynamodbEndpoint: dynamo.endpoint,
      authorizerEnvironment,
      identityProvider: { issuer: idp.issuer, discoveryUrl: idp.discoveryUrl, clients: { 'northwind-idp': { clientId: NORTHWIND_ROBOT, clientSecret: robotSecret } } },
    };
    writeRunState(state);
    return { state, gateway, mutualTlsGateway, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  Object.assign(process.env, LOCAL_AWS_ENV);
  const port = Number(process.env.PORT ?? 3000);
  console.log('Starting Gatehouse locally');
  let run: LocalRun;
  try {
    run = await startLocalRun({ port, mutualTlsPort: port + 443, progress: (line) => console.log(line), log: (line) => console.log(line) });
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${port} is in use; try PORT=3001 npm start` : (error as Error).message;
    console.error(`\nGatehouse could not start: ${message}`);
    process.exit(1);
  }
  const url = run.state.gatewayUrl;
  console.log(
    `\n✔ Gatehouse is ready at ${url} (mutual TLS: ${run.state.mutualTlsUrl}) in ${((Date.now() - started) / 1000).toFixed(1)} s — try: curl -i ${url}/orders -H "Authorization: Bearer $(npx gatehouse token acme-logistics)"   (more in README.md, Quickstart; Ctrl-C to stop)\n`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Gatehouse…');
    run.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void main();
