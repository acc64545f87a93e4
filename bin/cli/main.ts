/**
 * gatehouse — the operator's command line.
 *
 *   gatehouse keys new        mint an API key: the token (shown once) and the hash to commit
 *   gatehouse keys hash       the hash of an existing token (e.g. one imported from another platform)
 *   gatehouse keys rsa        an RSA key pair for a client developer
 *   gatehouse token <client>  sign a JWT as a client would (demo clients need only their name)
 *   gatehouse explain <jwt>   run the decision step by step against the local run or the AWS table
 *   gatehouse validate        run every synth-time check and list every problem
 *   gatehouse access          the effective access of every client, from the client files
 *   gatehouse access diff     what changed in effective access since a git ref
 *   gatehouse revoke <key>    break glass: disable a key in an environment's table, flush the cache
 *   gatehouse flush           flush the stage's authorizer cache (after a deploy changed a status)
 *
 * It ships as one bundle (scripts/build-cli.ts), which bin/gatehouse.js runs. This module holds only the
 * command line; each command's module is imported when that command runs, so `--help`, `keys` and
 * `token` start without what `explain` (the authorizer, the AWS SDK), `validate` and `access` (cdktf) load.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { KEY_CLAIM_PRESETS } from '../../record/key-claims';
import { type Format, FORMATS } from '../../stacks/model/access/render-format';
import { DEMO_CLIENTS } from '../../stacks/app/demo-material';
import { CliError } from './cli-error';
import { requestTarget } from './request-target';
import { KEY_PLACEMENTS } from './sign-token';
import type { TokenOptions } from './token';

Object.assign(process.env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });

const positiveInteger = (value: string) => {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a positive whole number');
  return Number(value);
};

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /**
   * Loads a TypeScript module of this repository by path. The bundle registers tsx first (both its
   * require and its import hook: every command that loads sources goes through here); under tsx or jest
   * a plain require does.
   */
  readonly loadSource: (path: string) => Promise<unknown>;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  loadSource: async (path) => require(path),
};

export function buildProgram(io: Partial<CliIo> = {}): Command {
  const { out, err, loadSource } = { ...defaultIo, ...io };
  const program = new Command('gatehouse')
    .description('Gatehouse operator commands: keys, tokens, decisions, validation. Run them from the checkout.')
    .showHelpAfterError('(run with --help for usage)')
    // Each command's options belong to it (`access --format` and `access diff --format` are two options).
    .enablePositionalOptions()
    .configureOutput({ writeOut: (text) => out(text.trimEnd()), writeErr: (text) => err(text.trimEnd()) });

  const keys = program.command('keys').description('mint and hash API keys, generate RSA key pairs');

  keys
    .command('new')
    .description('mint an API key: prints the token once (give it to the client) and its hash (commit it)')
    .option('--name <key>', 'the key\'s name (lowercase letters, digits and dashes), for the snippet to paste', 'new-key')
    .option('--json', 'print {"token", "tokenHash"} as JSON')
    .action(async (options: { name: string; json?: boolean }) => (await import('./keys')).newKey(options, out));

  keys
    .command('hash')
    .description('print the sha256: hash of a token read from stdin (keeps it out of shell history), or given as an argument')
    .argument('[token]', 'the token; omit to read it from stdin')
    .action(async (token: string | undefined) => (await import('./keys')).hashKey(token, out, err));

  keys
    .command('rsa')
    .description('generate an RSA key pair for a client developer: the private key stays with the client, the public key goes in the client\'s file')
    .option('--out <dir>', 'where to write the two PEM files', '.')
    .option('--name <prefix>', 'file name prefix', 'client')
    .option('--bits <n>', 'modulus length (2048 or more)', positiveInteger, 3072)
    .action(async (options: { out: string; name: string; bits: number }) => (await import('./keys')).newRsaKeyPair(options, out));

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
    .addOption(new Option('--private-key <file>', 'RS256: the client\'s private key (PEM, or ssh-keygen\'s OpenSSH file)').conflicts('secretFile'))
    .option('--secret-file <file>', 'HS256: a file holding exactly the shared secret, used as its UTF-8 text (or set GATEHOUSE_HMAC_SECRET)')
    .option('--bind-cert <file>', 'bind the token to this client certificate (cnf x5t#S256, RFC 8705)')
    .action(async (client: string, options: TokenOptions) => out(await (await import('./token')).signToken(client, options)));

  program
    .command('explain')
    .description('run the authorizer\'s decision for a token, step by step, against the running local run (npm start) or, with --table, the key table on AWS')
    .argument('<jwt>', 'the token (without "Bearer ")')
    .option('--ip <address>', 'the caller\'s source address', '127.0.0.1')
    .option('--method <method>', 'the request\'s HTTP method', 'GET')
    .option('--path <path>', 'the request\'s resource path', '/orders')
    .option('--cert <file>', 'the client certificate PEM the caller presents (mutual TLS)')
    .option('--table <name>', 'explain against this DynamoDB table on AWS (credentials and region from the AWS SDK defaults; other settings from GATEHOUSE_* variables)')
    .addHelpText('after', '\nExit status: 0 when the request would be allowed, 2 when it would be refused (401, 403 or 500; the outcome line says which), 1 when the command itself failed (bad arguments, no local run).')
    .action(async (token: string, options: { ip: string; method: string; path: string; cert?: string; table?: string }) => {
      const target = requestTarget(options.method, options.path);
      let environment: Record<string, string | undefined>;
      if (options.table) {
        environment = { ...process.env, GATEHOUSE_TABLE_NAME: options.table };
      } else {
        const { readRunState } = await import('../../local/run-state');
        const run = readRunState();
        if (!run) throw new CliError('no local run is up (start one with npm start), and no --table was given for AWS');
        const { LOCAL_AWS_ENV } = await import('../../local/local-dynamodb');
        Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: run.dynamodbEndpoint });
        environment = run.authorizerEnvironment;
      }
      const { explain } = await import('./explain');
      const explanation = await explain(
        { token: token.replace(/^bearer\s+/i, ''), sourceIp: options.ip, ...target, clientCertPem: options.cert ? readFileSync(options.cert, 'utf8') : undefined },
        environment,
      );
      out(explanation.text);
      if (!explanation.allowed) process.exitCode = 2;
    });

  program
    .command('validate')
    .description('run every synth-time check on the clients folder, for the AWS and the local stack, and list every problem; exits 1 on errors')
    .option('--clients-dir <dir>', 'the clients folder (default: stacks/clients)')
    .option('--suppressed', 'also list the warnings suppressions accepted, with their reasons')
    .action(async (options: { clientsDir?: string; suppressed?: boolean }) => {
      const { validateClients } = (await loadSource(join(__dirname, 'validate.ts'))) as typeof import('./validate');
      if ((await validateClients(options.clientsDir, out, { suppressed: options.suppressed })) > 0) process.exitCode = 1;
    });

  const formatOption = () => new Option('--format <format>', 'text for terminals, markdown or json for tools').choices([...FORMATS]).default('text');
  const nowOption = () => new Option('--now <instant>', 'judge dates (expired keys, certificates) at this ISO 8601 instant instead of now');
  const access = program
    .command('access')
    .description('the effective access of every client, from the client files alone (no AWS): auth and key material, IP rules, routes, limits')
    .enablePositionalOptions()
    .addOption(formatOption())
    .option('--clients-dir <dir>', 'the clients folder (default: stacks/clients)')
    .addOption(nowOption())
    .action(async (options: { format: Format; clientsDir?: string; now?: string }) => {
      const { showAccess } = (await loadSource(join(__dirname, 'access.ts'))) as typeof import('./access');
      await showAccess(options, out, err);
    });

  access
    .command('diff')
    .description('what the working tree changes in effective access compared with a git ref: routes, IP space, keys, auth, limits, by client, riskiest first')
    .argument('<git-ref>', 'the commit to compare with, e.g. origin/main or HEAD^1')
    .addOption(formatOption())
    .addOption(nowOption())
    .addHelpText('after', '\nExit status: 0 when effective access is unchanged, 3 when it changed, 1 when the command failed (bad arguments, an unknown ref, definitions that do not load).')
    .action(async (ref: string, options: { format: Format; now?: string }) => {
      const { showAccessDiff } = (await loadSource(join(__dirname, 'access.ts'))) as typeof import('./access');
      process.exitCode = await showAccessDiff(ref, options, out, err);
    });

  const targetOptions = (command: Command) =>
    command
      .option('--environment <name>', 'the environment (stacks/environments.ts) whose table and stage to act on')
      .option('--local', 'act on the running local run (npm start) instead of AWS')
      .option('--rest-api-id <id>', 'the REST API whose stage cache to flush (default: the environment\'s existing API; for an API Gatehouse creates, the platform stack\'s rest_api_id output)')
      .option('--stage <name>', 'its stage (default: the environment\'s; else the stage_name output)')
      .option('--http-api-id <id>', 'an HTTP API the authorizer protects, whose stage cache to reset too (alone, no REST stage is flushed unless --rest-api-id is given)')
      .option('--http-api-stage <name>', 'its stage (default: $default)')
      .option('--region <region>', 'default: the environment\'s')
      .option('--table <name>', 'the key table (default: <namePrefix>-keys of the environment)')
      .option('--clients-dir <dir>', 'the clients folder <client>/<key> is looked up in (default: stacks/clients)');
  type TargetOptions = { environment?: string; local?: boolean; restApiId?: string; stage?: string; httpApiId?: string; httpApiStage?: string; region?: string; table?: string; clientsDir?: string };
  const targetOf = async (options: TargetOptions) => {
    const targets = (await loadSource(join(__dirname, 'revoke-targets.ts'))) as typeof import('./revoke-targets');
    if (options.local) {
      const { readRunState } = await import('../../local/run-state');
      const run = readRunState();
      if (!run) throw new CliError('no local run is up (start one with npm start)');
      return targets.localTarget(run, options);
    }
    if (!options.environment) throw new CliError('name the environment with --environment <name> (or --local for the local run)');
    return targets.awsTarget({ ...options, environment: options.environment });
  };

  targetOptions(
    program
      .command('revoke')
      .description('break glass: disable a key in an environment\'s table now, flush the stage\'s authorizer cache and print an audit line; then change the client file to match (docs/operations.md)')
      .argument('<key>', '<client>/<key>, or the sha256:<hash> from its client file')
      .requiredOption('--reason <text>', 'why, for the audit line'),
  ).action(async (key: string, options: TargetOptions & { reason: string }) => {
    const { parseKeyReference, revokeKey } = await import('./revoke');
    const reference = parseKeyReference(key);
    out(JSON.stringify(await revokeKey(reference, options.reason, await targetOf(options))));
  });

  targetOptions(
    program
      .command('flush')
      .description('flush the stage\'s authorizer cache, so changed keys and clients take effect within the record cache TTL; prints an audit line'),
  ).action(async (options: TargetOptions) => {
    const { flushOnly } = await import('./revoke');
    out(JSON.stringify(await flushOnly(await targetOf(options))));
  });

  return program;
}

/** Runs the CLI; mistakes print as one line and exit 1, without a stack trace. */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<void> {
  try {
    await buildProgram(io).parseAsync([...argv]);
  } catch (error) {
    process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
