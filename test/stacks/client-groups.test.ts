/**
 * Client groups (issue 22): the files directly in a clients folder form the group `clients`, each team's
 * subfolder a group of its own, and every group is a stack per environment that reads the platform's
 * outputs (table name, usage plan ids) through the platform's remote state. A pull request touching one
 * team's file must change that team's stacks and no other: synthesized twice, every stack's cdk.tf.json
 * is compared. The clients folders are this test's own, written as a team writes them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App } from 'cdktf';
import { declaredKeyHash, keyHashFromDeclared, mintApiKeyToken } from '../../record/api-key-token';
import { decodeKeyRecord } from '../../record/key-record';
import { loadClientFiles } from '../../stacks/app/clients-folder';
import { buildGatehouseApp, groupStackName, LOCAL_STACK, platformStackName, type GatehouseApp } from '../../stacks/app/gatehouse-app';
import { rsaKeyPair } from '../support/keys';
import { TWO_ENVIRONMENTS } from '../support/stacks';
import { testTempDir } from '../support/temporary';

const STACKS_DIR = join(__dirname, '..', '..', 'stacks');
const PUBLIC_KEY = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;
const ENVIRONMENT_NAMES = TWO_ENVIRONMENTS.map((environment) => environment.name);
const STATE_BUCKET = 'acme-state';

interface ClientSpec {
  /** `name.ts` at the top, `team/name.ts` in a team's folder. */
  readonly file: string;
  readonly collection: 'orders' | 'invoices' | 'health';
  /** The key's declared hash per environment. */
  readonly hashes: Record<string, string>;
}

const hashesPerEnvironment = () => Object.fromEntries(ENVIRONMENT_NAMES.map((environment) => [environment, declaredKeyHash(mintApiKeyToken())]));

/** A client file as a team writes it: one client, one key per environment. */
function clientFileText(name: string, spec: ClientSpec): string {
  const from = (module: string) => JSON.stringify(join(STACKS_DIR, module));
  return `import type { ClientDeclaration } from ${from('api-catalog')};
import { ApiClient, ApiKey, ClientAuth } from ${from('gatehouse')};

const declare: ClientDeclaration = (scope, { policies, collections }) => {
  const client = new ApiClient(scope, '${name}', {
    description: 'A partner system of ${name}',
    owner: 'team-${name}',
    auth: ClientAuth.rsa({ publicKeys: [${JSON.stringify(PUBLIC_KEY)}] }),
    policy: policies.standard,
    collections: [collections.${spec.collection}],
  });
  for (const [environment, tokenHash] of Object.entries(${JSON.stringify(spec.hashes)})) new ApiKey(scope, \`${name}-\${environment}\`, { client, environment, tokenHash });
};
export default declare;
`;
}

/** A clients folder of these files, in a folder of its own (required modules are cached by path). */
function clientsFolder(specs: readonly ClientSpec[]): string {
  const dir = testTempDir('gatehouse-client-groups');
  for (const spec of specs) {
    const path = join(dir, spec.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, clientFileText(spec.file.replace(/^.*\//, '').replace(/\.ts$/, ''), spec));
  }
  return dir;
}

interface Synthesized {
  readonly built: GatehouseApp;
  /** Every stack's cdk.tf.json text, by stack name. */
  readonly stacks: Record<string, string>;
}

/** The app from a clients folder, synthesized as `cdktf synth` does, with state in S3. */
function synthesize(specs: readonly ClientSpec[]): Synthesized {
  const app = new App({ outdir: testTempDir('gatehouse-client-groups-synth') });
  const built = buildGatehouseApp(app, { clientFiles: loadClientFiles(clientsFolder(specs)), environments: TWO_ENVIRONMENTS, stateBucket: STATE_BUCKET });
  app.synth();
  const stacksDir = join(app.outdir, 'stacks');
  return { built, stacks: Object.fromEntries(readdirSync(stacksDir).map((name) => [name, readFileSync(join(stacksDir, name, 'cdk.tf.json'), 'utf8')])) };
}

type StackJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  locals?: Record<string, Record<string, unknown>>;
  output?: Record<string, unknown>;
  data?: { terraform_remote_state?: Record<string, { backend: string; config: Record<string, unknown> }> };
  terraform: { backend: { s3: { key: string } } };
};
const parsed = (synthesized: Synthesized, stack: string) => JSON.parse(synthesized.stacks[stack] as string) as StackJson;

/** The key records a stack's items write (its for_each map of records), by `<client>--<key>`. */
function recordsIn(stack: StackJson) {
  const [items] = Object.values(stack.resource?.aws_dynamodb_table_item ?? {});
  if (!items) return {};
  const local = /^\$\{local\.([\w-]+)\}$/.exec(items.for_each as string)?.[1] as string;
  return Object.fromEntries(Object.entries(stack.locals?.[local] ?? {}).map(([name, item]) => [name, decodeKeyRecord(JSON.parse(item as string))]));
}

const BASE: ClientSpec[] = [
  { file: 'alpha.ts', collection: 'orders', hashes: hashesPerEnvironment() },
  { file: 'payments/pay-one.ts', collection: 'invoices', hashes: hashesPerEnvironment() },
  { file: 'payments/pay-two.ts', collection: 'orders', hashes: hashesPerEnvironment() },
  { file: 'search/finder.ts', collection: 'health', hashes: hashesPerEnvironment() },
];
/** `with(file, change)`: BASE with one file changed. */
const changed = (file: string, change: Partial<ClientSpec>) => BASE.map((spec) => (spec.file === file ? { ...spec, ...change } : spec));

let base: Synthesized;
beforeAll(() => {
  base = synthesize(BASE);
});

describe('which stack a client lands in', () => {
  it('makes the top-level files the group `clients` and each team folder its own group, in every environment', () => {
    for (const environment of base.built.environments) {
      expect([...environment.groups.keys()]).toEqual(['clients', 'payments', 'search']);
      expect([...environment.groups.values()].map(({ stack }) => stack.node.id)).toEqual(['clients', 'payments', 'search'].map((group) => groupStackName(environment.settings.name, group)));
    }
    expect(Object.keys(base.stacks).sort()).toEqual([LOCAL_STACK, ...ENVIRONMENT_NAMES.flatMap((name) => [platformStackName(name), ...['clients', 'payments', 'search'].map((group) => groupStackName(name, group))])].sort());
  });

  it('refuses an environment whose name is another environment\'s name, a dash and one of its groups, naming both stacks\' owners', () => {
    const [staging] = TWO_ENVIRONMENTS;
    const clientFiles = [{ name: 'eu-clients', group: 'eu', declare: () => undefined }];
    const environments = [staging!, { ...staging!, name: `${staging!.name}-eu` }];
    const build = () => buildGatehouseApp(new App({ outdir: testTempDir('gatehouse-collision') }), { clientFiles, environments, stateBucket: STATE_BUCKET });
    expect(build).toThrow(`stack ${groupStackName(staging!.name, 'eu')} would be built twice: for client group "eu" of environment "${staging!.name}" and for the platform of environment "${staging!.name}-eu"`);
    expect(() => buildGatehouseApp(new App({ outdir: testTempDir('gatehouse-collision') }), { clientFiles, environments: [staging!, { ...staging!, name: `${staging!.name}-us` }], stateBucket: STATE_BUCKET })).not.toThrow();
  });

  it('writes each client\'s items and usage key into its group\'s stack only, and none into the platform stack', () => {
    const expected: Record<string, string[]> = { clients: ['alpha'], payments: ['pay-one', 'pay-two'], search: ['finder'] };
    for (const environment of ENVIRONMENT_NAMES) {
      for (const [group, clients] of Object.entries(expected)) {
        const stack = parsed(base, groupStackName(environment, group));
        const records = recordsIn(stack);
        expect(Object.keys(records).sort()).toEqual(clients.map((client) => `${client}--${client}-${environment}`));
        for (const client of clients) {
          const spec = BASE.find((candidate) => candidate.file.endsWith(`${client}.ts`)) as ClientSpec;
          expect(records[`${client}--${client}-${environment}`]?.keyHash).toBe(keyHashFromDeclared(spec.hashes[environment] as string));
        }
        const [usageKeys] = Object.values(stack.resource?.aws_api_gateway_api_key ?? {});
        expect(Object.keys(stack.locals?.[/^\$\{local\.([\w-]+)\}$/.exec(usageKeys?.for_each as string)?.[1] as string] ?? {}).sort()).toEqual(clients);
      }
      const platform = parsed(base, platformStackName(environment));
      expect(platform.resource?.aws_dynamodb_table_item).toBeUndefined();
      expect(platform.resource?.aws_api_gateway_api_key).toBeUndefined();
    }
  });
});

describe('cross-stack references', () => {
  it('has the platform output the table name and the usage plan ids', () => {
    for (const environment of ENVIRONMENT_NAMES) {
      const platform = parsed(base, platformStackName(environment));
      expect(Object.keys(platform.output ?? {})).toEqual(expect.arrayContaining(['key_table_name', 'usage_plan_ids']));
      const [table] = Object.values(platform.resource?.aws_dynamodb_table ?? {});
      expect(platform.output?.key_table_name).toMatchObject({ value: expect.stringContaining('aws_dynamodb_table.') });
      expect(table?.name).toBe(`gatehouse-${environment}-keys`);
    }
  });

  it('reads them in every group stack through the remote state of its own environment\'s platform', () => {
    for (const environment of ENVIRONMENT_NAMES) {
      const platformKey = parsed(base, platformStackName(environment)).terraform.backend.s3.key;
      for (const group of ['clients', 'payments', 'search']) {
        const stack = parsed(base, groupStackName(environment, group));
        const remote = Object.entries(stack.data?.terraform_remote_state ?? {});
        expect(remote).toEqual([[expect.any(String), expect.objectContaining({ backend: 's3', config: expect.objectContaining({ bucket: STATE_BUCKET, key: platformKey }) })]]);
        const [[remoteName]] = remote as [[string, unknown]];
        const outputs = `data.terraform_remote_state.${remoteName}.outputs`;
        const [items] = Object.values(stack.resource?.aws_dynamodb_table_item ?? {});
        expect(items?.table_name).toBe(`\${${outputs}.key_table_name}`);
        const [planKeys] = Object.values(stack.resource?.aws_api_gateway_usage_plan_key ?? {});
        const planOf = stack.locals?.[/^\$\{local\.([\w-]+)\}$/.exec(planKeys?.for_each as string)?.[1] as string] ?? {};
        expect(Object.values(planOf).length).toBeGreaterThan(0);
        for (const id of Object.values(planOf)) expect([`\${${outputs}.usage_plan_ids.standard}`, `\${lookup(${outputs}.usage_plan_ids, "standard")}`]).toContain(id);
        // Nothing else of the platform is referenced: no resource of it is declared here.
        expect(stack.resource?.aws_dynamodb_table).toBeUndefined();
        expect(stack.resource?.aws_api_gateway_usage_plan).toBeUndefined();
      }
    }
  });
});

describe('a change to one team\'s file', () => {
  /** The stacks whose cdk.tf.json differs between two synths. */
  const differing = (a: Synthesized, b: Synthesized) => Object.keys({ ...a.stacks, ...b.stacks }).filter((stack) => a.stacks[stack] !== b.stacks[stack]).sort();

  it('synthesizes identically when nothing changed', () => {
    expect(differing(base, synthesize(BASE))).toEqual([]);
  });

  it('changes only that team\'s stacks when a key is rotated (and the local stack, which holds every item)', () => {
    const rotated = synthesize(changed('payments/pay-two.ts', { hashes: hashesPerEnvironment() }));
    expect(differing(base, rotated)).toEqual([...ENVIRONMENT_NAMES.map((environment) => groupStackName(environment, 'payments')), LOCAL_STACK].sort());
  });

  it('changes only that team\'s stacks when a client\'s grants change', () => {
    const regranted = synthesize(changed('search/finder.ts', { collection: 'orders' }));
    expect(differing(base, regranted)).toEqual([...ENVIRONMENT_NAMES.map((environment) => groupStackName(environment, 'search')), LOCAL_STACK].sort());
  });

  it('changes one environment\'s group stack only when only that environment\'s key changes', () => {
    const spec = BASE.find((candidate) => candidate.file === 'alpha.ts') as ClientSpec;
    const [first] = ENVIRONMENT_NAMES as [string];
    const rotated = synthesize(changed('alpha.ts', { hashes: { ...spec.hashes, [first]: declaredKeyHash(mintApiKeyToken()) } }));
    // The local stack serves the first environment, so it changes with it.
    expect(differing(base, rotated)).toEqual([groupStackName(first, 'clients'), LOCAL_STACK].sort());
  });
});
