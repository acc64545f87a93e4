/**
 * gatehouse — the operator's command line.
 *
 *   gatehouse keys new        mint an API key: the token (shown once) and the hash to commit
 *   gatehouse keys hash       the hash of an existing token (e.g. one imported from another platform)
 *   gatehouse keys rsa        an RSA key pair for a client developer
 *   gatehouse token <client>  sign a JWT as a client would (demo clients need only their name)
 *   gatehouse explain <jwt>   run the decision step by step against the local run or the AWS table
 *   gatehouse validate        run every synth-time check and list every problem
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'cdktf';
import { Command, InvalidArgumentError, Option } from 'commander';
import { KEY_CLAIM_PRESETS, type KeyClaimPreset } from '../../record/key-claims';
import { LOCAL_AWS_ENV } from '../../local/local-dynamodb';
import { readRunState } from '../../local/run-state';
import { declaredKeyHash, importedFormatOf, isGatehouseKeyToken, mintApiKeyToken } from '../../record/api-key-token';
import { collectProblems, formatReportedProblem } from '../../stacks/app/annotations';
import { CLIENTS_DIR, loadClientFiles } from '../../stacks/app/clients-folder';
import { DEMO_CLIENTS, demoMaterial, prepareDemoMaterial } from '../../stacks/app/demo-material';
import { buildGatehouseApp } from '../../stacks/app/gatehouse-app';
import { explain } from './explain';
import { KEY_PLACEMENTS, type KeyPlacement, signClientToken } from './sign-token';

Object.assign(process.env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });

class CliError extends Error {}

const positiveInteger = (value: string) => {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a positive whole number');
  return Number(value);
};

function readSecretInput(value: string | undefined, file: string | undefined, variable: string): string | undefined {
  if (file) return readFileSync(file, 'utf8').trim();
  return value ?? process.env[variable];
}

export function buildProgram(out: (text: string) => void = (text) => process.stdout.write(`${text}\n`), err: (text: string) => void = (text) => process.stderr.write(`${text}\n`)): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse operator commands: keys, tokens, decisions, validation')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => out(text.trimEnd()), writeErr: (text) => err(text.trimEnd()) });

  const keys = program.command('keys').description('mint and hash API keys, generate RSA key pairs');

  keys
    .command('new')
    .description('mint an API key: prints the token once (give it to the client) and its hash (commit it)')
    .option('--name <key>', 'the key\'s name, for the snippet to paste', 'new-key')
    .option('--json', 'print {"token", "tokenHash"} as JSON')
    .action((options: { name: string; json?: boolean }) => {
      const token = mintApiKeyToken();
      const tokenHash = declaredKeyHash(token);
      if (options.json) return out(JSON.stringify({ token, tokenHash }));
      out(
        [
          'Token — give it to the client once, over a secure channel. It is not stored anywhere and cannot be shown again:',
          `  ${token}`,
          '',
          'Hash — commit this in the client\'s file:',
          `  ${tokenHash}`,
          '',
          `  new ApiKey(scope, '${options.name}', { client, tokenHash: '${tokenHash}' });`,
        ].join('\n'),
      );
    });

  keys
    .command('hash')
    .description('print the sha256: hash of a token read from stdin (keeps it out of shell history), or given as an argument')
    .argument('[token]', 'the token; omit to read it from stdin')
    .action((token: string | undefined) => {
      const value = (token ?? readFileSync(0, 'utf8')).trim();
      if (!value) throw new CliError('no token given');
      if (!isGatehouseKeyToken(value) && !importedFormatOf(value)) {
        err('note: this is neither a Gatehouse token nor a known imported format (hex64); the authorizer will not recognise it as a key');
      }
      out(declaredKeyHash(value));
    });

  keys
    .command('rsa')
    .description('generate an RSA key pair for a client developer: the private key stays with the client, the public key goes in the client\'s file')
    .option('--out <dir>', 'where to write the two PEM files', '.')
    .option('--name <prefix>', 'file name prefix', 'client')
    .option('--bits <n>', 'modulus length (2048 or more)', positiveInteger, 3072)
    .action((options: { out: string; name: string; bits: number }) => {
      if (options.bits < 2048) throw new CliError('--bits must be at least 2048');
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: options.bits });
      mkdirSync(options.out, { recursive: true });
      const privatePath = resolve(options.out, `${options.name}.private.pem`);
      const publicPath = resolve(options.out, `${options.name}.public.pem`);
      if (existsSync(privatePath)) throw new CliError(`${privatePath} exists; not overwriting a private key`);
      writeFileSync(privatePath, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
      const publicPem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
      writeFileSync(publicPath, publicPem);
      out([`Private key (keep it with the client, never commit it): ${privatePath}`, `Public key (register it with ClientAuth.rsa): ${publicPath}`, '', publicPem.trimEnd()].join('\n'));
    });

  program
    .command('token')
    .description('sign a JWT for a client, as the client would. Demo clients need only their name; others need --private-key or --secret-file, and the API key')
    .argument('<client>', `the client; demo clients: ${Object.keys(DEMO_CLIENTS).join(', ')}`)
    .addOption(new Option('--placement <where>', 'where the API key goes').choices([...KEY_PLACEMENTS]).default('namespaced'))
    .addOption(new Option('--preset <names>', 'claim names').choices(Object.keys(KEY_CLAIM_PRESETS)).default('gatehouse'))
    .option('--lifetime <seconds>', 'seconds until exp', positiveInteger, 300)
    .option('--subject <sub>', 'the sub claim (unless the key goes in sub)')
    .option('--api-key <token>', 'the API key token (prefer GATEHOUSE_API_KEY or --api-key-file: arguments land in shell history)')
    .option('--api-key-file <file>', 'a file holding the API key token')
    .option('--private-key <file>', 'RS256: the client\'s private key PEM')
    .option('--secret-file <file>', 'HS256: a file holding the shared secret (or set GATEHOUSE_HMAC_SECRET)')
    .option('--bind-cert <file>', 'bind the token to this client certificate (cnf x5t#S256, RFC 8705)')
    .action(async (client: string, options: { placement: KeyPlacement; preset: KeyClaimPreset; lifetime: number; subject?: string; apiKey?: string; apiKeyFile?: string; privateKey?: string; secretFile?: string; bindCert?: string }) => {
      const demo = DEMO_CLIENTS[client as keyof typeof DEMO_CLIENTS];
      if (demo?.method === 'oidc' && !options.privateKey && !options.secretFile) {
        const run = readRunState();
        if (!run) throw new CliError(`${client} gets its tokens from the local identity provider, which runs with npm start; start it first`);
        const credentials = run.identityProvider.clients[client];
        if (!credentials) throw new CliError(`the local identity provider has no client acting for ${client}`);
        const response = await fetch(`${run.identityProvider.issuer}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as { access_token?: string; error?: string };
        if (!body.access_token) throw new CliError(`the identity provider refused: ${body.error}`);
        return out(body.access_token);
      }
      const material = demo ? demoMaterial() : undefined;
      const apiKey = readSecretInput(options.apiKey, options.apiKeyFile, 'GATEHOUSE_API_KEY') ?? (demo && material ? material.tokens[demo.key] : undefined);
      if (!apiKey) throw new CliError(`no API key for ${client}: pass --api-key-file or set GATEHOUSE_API_KEY`);
      const secret = readSecretInput(undefined, options.secretFile, 'GATEHOUSE_HMAC_SECRET');
      let signer: { rsaPrivateKeyPem: string } | { hmacSecret: string };
      if (options.privateKey) signer = { rsaPrivateKeyPem: readFileSync(options.privateKey, 'utf8') };
      else if (secret) signer = { hmacSecret: secret };
      else if (demo?.method === 'rsa' && material) signer = { rsaPrivateKeyPem: material.rsa[demo.rsaKeyPair].privateKeyPem };
      else if (demo?.method === 'hmac' && material) signer = { hmacSecret: material.hmacSecret };
      else throw new CliError(`no signing key for ${client}: pass --private-key (RS256) or --secret-file (HS256)`);
      out(
        await signClientToken({
          apiKey,
          placement: options.placement,
          preset: options.preset,
          lifetimeSeconds: options.lifetime,
          subject: options.subject ?? `${client}-cli`,
          signer,
          boundCertificatePem: options.bindCert ? readFileSync(options.bindCert, 'utf8') : undefined,
        }),
      );
    });

  program
    .command('explain')
    .description('run the authorizer\'s decision for a token, step by step, against the running local run (npm start) or, with --table, the key table on AWS')
    .argument('<jwt>', 'the token (without "Bearer ")')
    .option('--ip <address>', 'the caller\'s source address', '127.0.0.1')
    .option('--method <method>', 'the request\'s HTTP method', 'GET')
    .option('--path <path>', 'the request\'s path', '/orders')
    .option('--cert <file>', 'the client certificate PEM the caller presents (mutual TLS)')
    .option('--table <name>', 'explain against this DynamoDB table on AWS (credentials and region from the AWS SDK defaults; other settings from GATEHOUSE_* variables)')
    .action(async (token: string, options: { ip: string; method: string; path: string; cert?: string; table?: string }) => {
      let environment: Record<string, string | undefined>;
      if (options.table) {
        environment = { ...process.env, GATEHOUSE_TABLE_NAME: options.table };
      } else {
        const run = readRunState();
        if (!run) throw new CliError('no local run is up (start one with npm start), and no --table was given for AWS');
        Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: run.dynamodbEndpoint });
        environment = run.authorizerEnvironment;
      }
      const explanation = await explain(
        { token: token.replace(/^bearer\s+/i, ''), sourceIp: options.ip, method: options.method, path: options.path, clientCertPem: options.cert ? readFileSync(options.cert, 'utf8') : undefined },
        environment,
      );
      out(explanation.text);
      if (!explanation.allowed) process.exitCode = 2;
    });

  program
    .command('validate')
    .description('run every synth-time check on the clients folder, for the AWS and the local stack, and list every problem')
    .option('--clients-dir <dir>', 'the clients folder', CLIENTS_DIR)
    .action((options: { clientsDir: string }) => {
      const app = new App({ outdir: join(tmpdir(), 'gatehouse-validate') });
      buildGatehouseApp(app, { clientFiles: loadClientFiles(resolve(options.clientsDir)) });
      const problems = collectProblems(app);
      for (const problem of problems) out(formatReportedProblem(problem));
      const errors = problems.filter((problem) => problem.level === 'error').length;
      out(`${errors} error(s), ${problems.length - errors} warning(s)`);
      if (errors > 0) process.exitCode = 1;
    });

  return program;
}

/** Runs the CLI; errors print as one line and exit 1. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await prepareDemoMaterial(); // the example clients' keys, which `token` and `validate` read
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
