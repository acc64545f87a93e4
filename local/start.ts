/**
 * `npm start`: Gatehouse on this machine, with nothing but Node and Terraform.
 *
 * 1. a local DynamoDB (dynalite) on loopback, its data kept in .gatehouse/local/dynamodb;
 * 2. a real OpenID Connect provider (oidc-provider) on loopback, for the OIDC example client;
 * 3. the local stack of the example clients deployed to that DynamoDB: its key table with real Terraform,
 *    its key items loaded in bulk (BatchWriteItem; Terraform, slowing with every resource in its state,
 *    would take hours over 10,000 items). A restart whose clients are unchanged runs neither; a changed
 *    client runs Terraform only if the table changed, writes new and changed items, deletes undeclared ones;
 * 4. the local gateway on http://127.0.0.1:${PORT:-3000}, running the built authorizer bundle, the
 *    same API over HTTPS with client certificates (mutual TLS) on port PORT + 443 (3443), and the same
 *    API as an HTTP API (payload 2.0, simple responses) on port PORT + 80 (3080).
 * Ctrl-C stops everything.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { AUTHORIZER_BUNDLE, buildAuthorizer } from '../scripts/build-authorizer';
import { loadClientFiles } from '../stacks/app/clients-folder';
import { DEMO_HMAC_SECRET_ARN, prepareDemoMaterial } from '../stacks/app/demo-material';
import { DEMO_ROUTES } from '../stacks/app/demo-rest-api';
import { NORTHWIND_AUDIENCE } from '../stacks/clients/northwind-idp';
import type { AccessPolicySettings } from '../stacks/model/access-policy';
import { HmacClientAuth } from '../stacks/model/client-auth';
import type * as AuthorizerModule from '../lambda/handler';
import { startAdminServer } from './admin-server';
import { type LocalGateway, startLocalGateway } from './gateway/local-gateway';
import { startLocalHttpApiGateway } from './gateway/local-http-api-gateway';
import { httpApiEnvironment } from '../record/authorizer-settings';
import { UsagePlans } from './gateway/usage-plans';
import { type IdentityProvider, startIdentityProvider } from './identity-provider/identity-provider';
import { LOCAL_AWS_ENV, type LocalDynamo, startLocalDynamo } from './local-dynamodb';
import { prepareLocalSecrets } from './local-secrets';
import { deployToKeptTable, synthesizeLocalStack } from './local-stack';
import { claimStateDir, LOCAL_DIR, removeRunState, type RunState, writeRunState } from './run-state';
import { terraformVersion } from './terraform';

export interface LocalRunOptions {
  readonly port: number;
  /** The mutual-TLS listener's port; 0 for any. */
  readonly mutualTlsPort: number;
  /** The HTTP API listener's port; 0 for any. */
  readonly httpApiPort: number;
  /** Progress lines while starting. */
  readonly progress?: (line: string) => void;
  /** The gateway's access log and the authorizer's decision log. */
  readonly log?: (line: string) => void;
  /** API Gateway's result cache TTL; default 300 s as on AWS. */
  readonly resultTtlSeconds?: number;
  /**
   * What a restart finds again: the table's data, Terraform's state and working folder, the secrets
   * file, the identity provider's port. Default .gatehouse/local. One run at a time may use it.
   */
  readonly stateDir?: string;
  /** The clients folder to deploy; default stacks/clients. */
  readonly clientsDir?: string;
  /** Write .gatehouse/local/run.json, where the CLI finds the run (default true). */
  readonly announce?: boolean;
}

export interface LocalRun {
  readonly state: RunState;
  readonly gateway: LocalGateway;
  readonly mutualTlsGateway: LocalGateway;
  readonly httpApiGateway: LocalGateway;
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
  const stateDir = options.stateDir ?? LOCAL_DIR;
  const announce = options.announce ?? true;
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    if (announce) removeRunState();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const release = claimStateDir(stateDir);
    cleanups.push(async () => release());
    const terraform = await step(progress, 'checking Terraform', terraformVersion);
    if (!terraform) throw new Error('Terraform is not installed or not on PATH. Install Terraform 1.5 or later (https://developer.hashicorp.com/terraform/install) and run npm start again.');
    const material = await step(progress, 'preparing demo keys and certificates in .gatehouse/demo (first run only)', prepareDemoMaterial);
    const dataDir = join(stateDir, 'dynamodb');
    const dataIsNew = !existsSync(dataDir);
    const robotSecret = randomBytes(24).toString('base64url');
    let dynamo = undefined as LocalDynamo | undefined;
    cleanups.push(async () => dynamo?.close());
    // The identity provider, a process of its own, takes longest to start: the rest starts meanwhile.
    const started = await Promise.allSettled([
      step(progress, 'starting a local OpenID Connect provider (oidc-provider)', () =>
        startIdentityProviderKeepingPort(join(stateDir, 'identity-provider-port'), {
          audience: NORTHWIND_AUDIENCE,
          clients: [{ clientId: NORTHWIND_ROBOT, clientSecret: robotSecret, claims: { 'https://gatehouse.dev/sub': material.tokens['northwind-idp-main'] } }],
        }),
      ).then((idp) => {
        cleanups.push(() => idp.stop());
        return idp;
      }),
      step(progress, `starting a local DynamoDB (dynalite, data in ${dataDir})`, () => startLocalDynamo({ path: dataDir })).then((server) => void (dynamo = server)),
      step(progress, 'building the authorizer bundle', buildAuthorizer),
    ]);
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const idp = (started[0] as PromiseFulfilledResult<IdentityProvider>).value;
    if (!dynamo) throw new Error('the local DynamoDB did not start');

    process.env.GATEHOUSE_DEMO_OIDC_DISCOVERY_URL = idp.discoveryUrl;
    const clientFiles = options.clientsDir ? loadClientFiles(options.clientsDir) : undefined;
    const synthesized = await step(progress, 'synthesizing the example clients', () => synthesizeLocalStack(join(stateDir, 'cdktf.out'), { clientFiles }));
    for (const warning of synthesized.warnings) progress(`    warning ${warning.file ?? warning.where}: ${warning.code} ${warning.field}: ${warning.message}`);

    const kept = { dataDir, dataIsNew, receiptFile: join(stateDir, 'deployed.json') };
    dynamo = await deployToKeptTable(synthesized, dynamo, kept, { terraform, step: (what, work) => step(progress, what, work), note: progress });
    const endpoint = dynamo.endpoint;

    const catalog = synthesized.app.localData.catalog;
    const secretsFile = join(stateDir, 'secrets.json');
    const hmacClients = catalog.clients.flatMap((client) => (client.settings.auth instanceof HmacClientAuth ? [{ client: client.name, refs: client.settings.auth.props.secrets.map((secret) => secret.ref) }] : []));
    for (const warning of prepareLocalSecrets(secretsFile, { arn: DEMO_HMAC_SECRET_ARN, secret: material.hmacSecret }, hmacClients)) progress(`    warning ${warning}`);
    // One authorizer for both APIs, as one Lambda serves both on AWS; the HTTP API has simple responses on.
    const authorizerEnvironment = { ...synthesized.app.localData.authorizerEnvironment, ...httpApiEnvironment({ simpleResponses: true }), GATEHOUSE_SECRETS_SOURCE: `file:${secretsFile}` };
    Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: endpoint });
    // The same bundle the Lambda runs, loaded in this process.
    const bundle = require(AUTHORIZER_BUNDLE) as typeof AuthorizerModule;
    const authorizer = bundle.createHandler({ env: authorizerEnvironment, writeLog: (line) => log(decisionLine(line)) });

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
    const httpApiGateway = await step(progress, `starting the same API as an HTTP API on http://127.0.0.1:${options.httpApiPort} (no usage plans there: no per-client rate limits or quotas)`, () =>
      startLocalHttpApiGateway({
        authorizer,
        routes: DEMO_ROUTES.map(([method, path]) => `${method} ${path}`),
        port: options.httpApiPort,
        resultTtlSeconds: options.resultTtlSeconds ?? 300,
        simpleResponses: true,
        accessLog: gatewayOptions.accessLog,
      }),
    );
    cleanups.push(() => httpApiGateway.close());
    // The mutual-TLS listener caches nothing (TTL 0), as on AWS; it is flushed all the same.
    const admin = await startAdminServer([gateway, mutualTlsGateway, httpApiGateway], log);
    cleanups.push(() => admin.close());

    const state: RunState = {
      pid: process.pid,
      gatewayUrl: gateway.url,
      mutualTlsUrl: mutualTlsGateway.url,
      httpApiUrl: httpApiGateway.url,
      dynamodbEndpoint: endpoint,
      admin: { url: admin.url, token: admin.token },
      authorizerEnvironment,
      identityProvider: { issuer: idp.issuer, discoveryUrl: idp.discoveryUrl, clients: { 'northwind-idp': { clientId: NORTHWIND_ROBOT, clientSecret: robotSecret } } },
    };
    if (announce) writeRunState(state);
    return { state, gateway, mutualTlsGateway, httpApiGateway, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The identity provider on the port it had last time, when that port is free: its URL is part of the
 * OIDC example client's record, so a new port would be a changed stack and a Terraform run.
 */
async function startIdentityProviderKeepingPort(portFile: string, config: Parameters<typeof startIdentityProvider>[0]): Promise<IdentityProvider> {
  const previous = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : 0;
  let idp: IdentityProvider | undefined;
  if (Number.isInteger(previous) && previous > 0 && (await portIsFree(previous))) {
    idp = await startIdentityProvider({ ...config, port: previous }).catch(() => undefined);
  }
  idp ??= await startIdentityProvider({ ...config, port: 0 });
  writeFileSync(portFile, new URL(idp.issuer).port);
  return idp;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  Object.assign(process.env, LOCAL_AWS_ENV);
  const port = Number(process.env.PORT ?? 3000);
  console.log('Starting Gatehouse locally');
  let run: LocalRun;
  try {
    run = await startLocalRun({ port, mutualTlsPort: port + 443, httpApiPort: port + 80, progress: (line) => console.log(line), log: (line) => console.log(line) });
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${port} is in use; try PORT=3001 npm start` : (error as Error).message;
    console.error(`\nGatehouse could not start: ${message}`);
    process.exit(1);
  }
  const url = run.state.gatewayUrl;
  console.log(
    `\n✔ Gatehouse is ready at ${url} (mutual TLS: ${run.state.mutualTlsUrl}, HTTP API: ${run.state.httpApiUrl}) in ${((Date.now() - started) / 1000).toFixed(1)} s — try: curl -i ${url}/orders -H "Authorization: Bearer $(node bin/gatehouse.js token acme-logistics)"   (more in README.md, Quickstart; Ctrl-C to stop)\n`,
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
