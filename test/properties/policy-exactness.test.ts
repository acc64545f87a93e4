/**
 * The policy the authorizer returns is exact: for random APIs with nested resources, random clients and
 * every method on many concrete paths, the policy, evaluated with IAM's rules (local/gateway/iam-policy.ts,
 * not the compiler's automata), allows exactly the routed requests the client's collections grant.
 *
 * The test's own oracle decides which requests API Gateway routes (a trie walk with backtracking, written
 * from AWS's documented preference for literal over {param} over {greedy+}; unlike the product's sorted
 * router) and which a grant admits (a regular expression per grant, unlike the product's segment matcher).
 */
import fc from 'fast-check';
import type { FullDecision } from '../../lambda/authorizer';
import { parseMethodArn } from '../../lambda/method-arn';
import { prepareRecord } from '../../lambda/prepared-record';
import { authorizerResult } from '../../lambda/policy';
import { evaluatePolicy } from '../../local/gateway/iam-policy';
import { HTTP_METHODS } from '../../record/routes';
import { testKey } from '../support/records';
import { compilePolicy } from '../../stacks/model/policy-compiler';
import { apiRoutes, grantedRoutes } from '../support/api';

const BASE = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/';
const LITERALS = ['orders', 'search', 'items', 'a:b', 'v1.2', 'health'];
const VALUES = [...LITERALS, '42', 'a%2Fb', '2025-01-01T10:00:00Z'];

interface Template {
  readonly method: string;
  readonly segments: readonly string[];
}

// ---- the oracle: which routes API Gateway reaches, which requests a grant admits ----

interface TrieNode {
  literal: Map<string, TrieNode>;
  param?: TrieNode;
  greedy?: TrieNode;
  methods: Map<string, Template>;
}

const node = (): TrieNode => ({ literal: new Map(), methods: new Map() });

function buildTrie(templates: readonly Template[]): TrieNode {
  const root = node();
  for (const template of templates) {
    let at = root;
    for (const segment of template.segments) {
      if (segment.endsWith('+}')) at = at.greedy ??= node();
      else if (segment.startsWith('{')) at = at.param ??= node();
      else {
        const next = at.literal.get(segment) ?? node();
        at.literal.set(segment, next);
        at = next;
      }
    }
    at.methods.set(template.method, template);
  }
  return root;
}

/** The resource a path reaches: literal first, then parameter, then greedy, backtracking on failure. */
function walk(at: TrieNode, path: readonly string[]): TrieNode | undefined {
  if (path.length === 0) return at.methods.size > 0 ? at : undefined;
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '') return undefined;
  const literal = at.literal.get(head);
  const viaLiteral = literal && walk(literal, rest);
  if (viaLiteral) return viaLiteral;
  const viaParam = at.param && walk(at.param, rest);
  if (viaParam) return viaParam;
  if (at.greedy && at.greedy.methods.size > 0 && path.every((part) => part !== '')) return at.greedy;
  return undefined;
}

function oracleRoutes(trie: TrieNode, method: string, path: string): boolean {
  const resource = walk(trie, path === '/' ? [] : path.slice(1).split('/'));
  return resource !== undefined && (resource.methods.has(method) || resource.methods.has('ANY'));
}

function grantRegex(grant: string): RegExp {
  const [method, path] = grant.split(' ') as [string, string];
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const segments = path === '/' ? [] : path.slice(1).split('/');
  const body = segments
    .map((segment) => (segment.endsWith('+}') ? '/[^/]+(?:/[^/]+)*' : segment === '*' || segment.startsWith('{') ? '/[^/]+' : `/${escape(segment)}`))
    .join('');
  return new RegExp(`^${method === '*' ? '[A-Z]+' : escape(method)} ${body || '/'}$`);
}

// ---- random APIs, clients and requests ----

const segmentArb = (last: boolean, depth: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...LITERALS) },
    { weight: 2, arbitrary: fc.constant(`{p${depth}}`) },
    ...(last ? [{ weight: 1, arbitrary: fc.constant('{rest+}') }] : []),
  );

const templateArb: fc.Arbitrary<Template> = fc.integer({ min: 0, max: 3 }).chain((length) =>
  fc.record({
    method: fc.constantFrom('GET', 'POST', 'DELETE', 'ANY'),
    segments: fc.tuple(...Array.from({ length }, (_, depth) => segmentArb(depth === length - 1, depth))),
  }),
);

const apiArb = fc.uniqueArray(templateArb, { minLength: 2, maxLength: 9, selector: (template) => `${template.method} /${template.segments.join('/')}` });

/** Grants derived from the API's routes, the way teams write them: as is, any method, narrowed or widened. */
function grantArb(api: readonly Template[]): fc.Arbitrary<string> {
  return fc.record({ template: fc.constantFrom(...api), anyMethod: fc.boolean(), change: fc.constantFrom('none', 'literal', 'star', 'greedy'), value: fc.constantFrom(...VALUES) }).map(({ template, anyMethod, change, value }) => {
    const segments = [...template.segments];
    const params = segments.map((segment, index) => (segment.startsWith('{') ? index : -1)).filter((index) => index >= 0);
    if (change === 'literal' && params.length > 0 && !segments[params[0]!]!.endsWith('+}')) segments[params[0]!] = value;
    if (change === 'star' && params.length > 0 && !segments[params[0]!]!.endsWith('+}')) segments[params[0]!] = '*';
    if (change === 'greedy' && segments.length > 0) segments.splice(segments.length - 1, 1, '{tail+}');
    const method = anyMethod || template.method === 'ANY' ? '*' : template.method;
    return `${method} /${segments.join('/')}`;
  });
}

function concretePaths(api: readonly Template[]): string[] {
  const paths = new Set<string>(['/']);
  for (const template of api) {
    for (const value of VALUES) {
      const filled = template.segments.map((segment, index) => (segment.endsWith('+}') ? `${value}/${VALUES[index % VALUES.length]}` : segment.startsWith('{') ? value : segment));
      paths.add(`/${filled.join('/')}`);
      paths.add(`/${[...filled, 'extra'].join('/')}`);
      paths.add(`/${filled.slice(0, -1).join('/')}`.replace(/^\/$/, '/'));
    }
  }
  return [...paths];
}

describe('the policy the authorizer returns, under IAM\'s rules', () => {
  it('allows exactly the routed requests the collections grant, for every method and path', async () => {
    let compiled = 0;
    let refused = 0;
    let requestsJudged = 0;
    await fc.assert(
      fc.asyncProperty(
        apiArb.chain((api) => fc.tuple(fc.constant(api), fc.uniqueArray(grantArb(api), { minLength: 1, maxLength: 4 }))),
        async ([api, grants]) => {
          const routeTexts = api.map((template) => `${template.method} /${template.segments.join('/')}`);
          const result = compilePolicy(apiRoutes(routeTexts), grantedRoutes(grants));
          if (!result.ok) {
            refused++;
            return;
          }
          compiled++;
          const trie = buildTrie(api);
          const grantRegexes = grants.map(grantRegex);
          const requests = concretePaths(api).flatMap((path) => HTTP_METHODS.map((method) => ({ method, path })));
          const routed = requests.filter(({ method, path }) => oracleRoutes(trie, method, path));
          const granted = (request: { method: string; path: string }) => grantRegexes.some((regex) => regex.test(`${request.method} ${request.path}`));
          const first = routed.find(granted);
          if (!first) return;
          // The result of an allowed request, which API Gateway caches and applies to every route.
          const { record } = testKey({ auth: { method: 'hmac', secretRefs: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf'] }, routes: grants, apiRoutes: routeTexts });
          expect(record.client.policy).toEqual(result.policy);
          const prepared = await prepareRecord(record);
          const methodArn = `${BASE}${first.method}${first.path}`;
          const decision = { outcome: 'allow', reason: 'ok', detail: '', prepared, record: prepared.record, arn: parseMethodArn(methodArn) } as FullDecision;
          const { policyDocument } = authorizerResult(decision, decision.arn, methodArn);
          for (const request of routed) {
            requestsJudged++;
            const verdict = evaluatePolicy(policyDocument, `${BASE}${request.method}${request.path}`);
            expect({ request, grants, verdict }).toEqual({ request, grants, verdict: granted(request) ? 'allow' : 'deny' });
          }
        },
      ),
      // fast-check prints the seed and path of a failure; FC_SEED replays it, FC_RUNS searches longer.
      { numRuns: Number(process.env.FC_RUNS ?? 60), seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
    // The property is only worth something if most clients compile and many requests are judged.
    expect(compiled).toBeGreaterThan(refused * 3);
    expect(requestsJudged).toBeGreaterThan(1000);
  }, 120_000);
});
