/**
 * Compiles a client's granted routes into the IAM statements the authorizer returns, and proves them.
 *
 * API Gateway caches one authorizer result per identity and applies its policy to every route of the
 * API, matching Resource patterns with IAM's wildcards: `*` is any run of characters, `/` included, `?`
 * any one character. A grant `GET /orders/{id}` written as `GET/orders/*` would therefore also allow
 * `GET /orders/42/invoices/7`. The compiler works on exact languages (regular languages, with refa's
 * finite automata) over the strings IAM matches, `METHOD/path`:
 *
 *   routed  every request API Gateway routes to one of the API's routes (resource chosen as
 *           record/routes.ts's ApiRouter does, then method)
 *   good    the routed requests the client's granted routes admit
 *   bad     routed − good
 *
 * and picks Allow patterns A and Deny patterns D such that, over routed requests, A − D is exactly good.
 * Every candidate is checked with set operations, not by sampling, so a policy that is not exact is never
 * emitted: the client gets a synth problem instead. Results are memoised per API and grant set, since
 * clients share collections.
 */
import { DFA, isDisjointWith, JS, NFA, type TransitionIterable } from 'refa';
import { type ApiRoute, compareSpecificity, type GrantedRoute, HTTP_METHODS, type HttpMethod, type Segment } from '../../record/routes';

/** IAM's per-Resource limit for a Lambda authorizer's policy is 512 characters, ARN prefix included. */
export const MAX_RESOURCE_CHARACTERS = 512;
/**
 * Room left for `arn:<partition>:execute-api:<region>:<account>:<api>/<stage>/` in front of each pattern
 * (a 128-character stage name, the longest region and partition names, and some to spare).
 */
export const ARN_PREFIX_ALLOWANCE = 200;
/**
 * Gatehouse's budget for one policy document. AWS documents no total size for a REST authorizer's
 * result, so this is our own bound, well clear of where caching and Lambda responses get costly.
 */
export const MAX_POLICY_BYTES = 8192;

export interface CompiledPolicy {
  /** IAM Resource patterns after `<api>/<stage>/`, e.g. `GET/orders/*`. */
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

export type CompileResult =
  | { readonly ok: true; readonly policy: CompiledPolicy; readonly grantedApiRoutes: readonly string[]; readonly unusedGrants: readonly string[] }
  | { readonly ok: false; readonly problem: string; readonly fix: string };

const MAX_CHAR = 0xffff;

function regexNfa(source: string): NFA {
  const { expression } = JS.Parser.fromLiteral({ source, flags: '' }).parse();
  return NFA.fromRegex(expression, { maxCharacter: MAX_CHAR });
}

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

function segmentRegex(segment: Segment): string {
  if (segment.kind === 'literal') return escapeRegex(segment.text);
  return segment.kind === 'param' ? '[^/]+' : '[^/]+(?:\\/[^/]+)*';
}

function pathRegex(segments: readonly Segment[]): string {
  return segments.length === 0 ? '\\/' : segments.map((segment) => `\\/${segmentRegex(segment)}`).join('');
}

/** The IAM pattern for a method and path: each wildcard segment becomes `*`. */
export function iamPatternFor(method: string, segments: readonly Segment[]): string {
  return `${method}/${segments.map((segment) => (segment.kind === 'literal' ? segment.text : '*')).join('/')}`;
}

/** The strings an IAM Resource pattern matches: `*` any run, `?` any one character. */
function iamLanguage(pattern: string): NFA {
  return regexNfa(pattern.split('').map((char) => (char === '*' ? '[^]*' : char === '?' ? '[^]' : escapeRegex(char))).join(''));
}

function union(parts: readonly NFA[]): NFA {
  const all = regexNfa('[]'); // the empty language
  for (const part of parts) all.union(part);
  return all;
}

function toDfa(nfa: NFA): DFA {
  const dfa = DFA.fromFA(nfa);
  dfa.minimize();
  return dfa;
}

function complement(nfa: NFA): DFA {
  const dfa = toDfa(nfa);
  dfa.complement();
  return dfa;
}

function intersect<L, R>(left: TransitionIterable<L>, right: TransitionIterable<R>): NFA {
  return NFA.fromIntersection(left, right);
}

/** One readable word of a language, for a problem message: letters and digits where the language allows. */
function example(language: NFA): string | undefined {
  const preferred = [...'x0-'].map((char) => char.charCodeAt(0));
  for (const wordSet of language.wordSets()) {
    return String.fromCharCode(...wordSet.map((set) => preferred.find((char) => set.has(char)) ?? (set.ranges[0]?.min ?? 0x3f)));
  }
  return undefined;
}

/** A method on a resource, as a request-level language: `GET` followed by the resource's routed paths. */
interface Slot {
  readonly method: HttpMethod;
  readonly route: ApiRoute;
  readonly segments: readonly Segment[];
  readonly language: NFA;
}

/** What the compiler knows about one API: every routed request, split by the route it reaches. */
class ApiLanguage {
  readonly slots: Slot[] = [];
  readonly routed: NFA;
  private readonly memo = new Map<string, CompileResult>();

  constructor(routes: readonly ApiRoute[]) {
    const resources = new Map<string, { segments: readonly Segment[]; methods: Map<string, ApiRoute> }>();
    for (const route of routes) {
      const key = pathRegex(route.segments);
      let resource = resources.get(key);
      if (!resource) resources.set(key, (resource = { segments: route.segments, methods: new Map() }));
      resource.methods.set(route.method, route);
    }
    // A path belongs to the most specific resource matching it: its own paths less those of every more
    // specific resource.
    const ordered = [...resources.values()].sort((a, b) => compareSpecificity(a.segments, b.segments));
    const earlier: NFA[] = [];
    for (const resource of ordered) {
      const own = regexNfa(pathRegex(resource.segments));
      const overlapping = earlier.filter((other) => !isDisjointWith(own, other));
      const region = overlapping.length === 0 ? own : intersect(own, complement(union(overlapping.map((other) => other.copy()))));
      earlier.push(own);
      if (region.isEmpty) continue;
      for (const method of HTTP_METHODS) {
        const route = resource.methods.get(method) ?? resource.methods.get('ANY');
        if (!route) continue;
        const language = regexNfa(escapeRegex(method));
        language.append(region);
        this.slots.push({ method, route, segments: resource.segments, language });
      }
    }
    this.routed = union(this.slots.map((slot) => slot.language.copy()));
  }

  compile(grants: readonly GrantedRoute[]): CompileResult {
    const key = grants.map((grant) => grant.text).sort().join('\n');
    let result = this.memo.get(key);
    if (!result) this.memo.set(key, (result = this.compileFresh(grants)));
    return result;
  }

  private compileFresh(grants: readonly GrantedRoute[]): CompileResult {
    const grantLanguage = (grant: GrantedRoute) => regexNfa(`${grant.method === '*' ? `(?:${HTTP_METHODS.join('|')})` : grant.method}${pathRegex(grant.segments)}`);
    const granted = union(grants.map(grantLanguage));
    const good = intersect(this.routed, granted);
    const bad = intersect(this.routed, complement(granted));
    const unusedGrants = grants.filter((grant) => isDisjointWith(this.routed, grantLanguage(grant))).map((grant) => grant.text);
    const touched = this.slots.filter((slot) => !isDisjointWith(slot.language, good));
    const grantedApiRoutes = [...new Set(touched.map((slot) => `${slot.method} ${slot.route.text.slice(slot.route.text.indexOf(' ') + 1)}`))];
    if (good.isEmpty) return { ok: true, policy: { allow: [], deny: [] }, grantedApiRoutes: [], unusedGrants };
    if (bad.isEmpty) return { ok: true, policy: { allow: ['*'], deny: [] }, grantedApiRoutes, unusedGrants };

    // Two ways to write the Allows: the grants as written, or the API routes they reach. Each is made
    // exact with Denies where it can be, and the smaller exact policy wins.
    const fromGrants = grants.filter((grant) => !isDisjointWith(good, grantLanguage(grant))).map((grant) => iamPatternFor(grant.method, grant.segments));
    const fromRoutes = touched.flatMap((slot) =>
      isDisjointWith(slot.language, bad)
        ? [iamPatternFor(slot.method, slot.segments)]
        : grants.filter((grant) => !isDisjointWith(intersect(slot.language, good), grantLanguage(grant))).map((grant) => iamPatternFor(grant.method, grant.segments)),
    );
    // `*` as the method spans into the path (`*/health` matches `GET/orders/1/health`), so each is also
    // tried with the method written out for every method the client is granted.
    const methods = HTTP_METHODS.filter((method) => !isDisjointWith(good, regexNfa(`${method}\\/[^]*`)));
    const spelled = (patterns: readonly string[]) => patterns.flatMap((pattern) => (pattern.startsWith('*/') ? methods.map((method) => method + pattern.slice(1)) : [pattern]));
    const allows = [fromGrants, fromRoutes, spelled(fromGrants), spelled(fromRoutes)];
    const candidates = allows.map((allow) => this.withDenies([...new Set(allow)], good, bad));
    const exact = candidates.filter((candidate): candidate is { allow: string[]; deny: string[] } => 'allow' in candidate);
    if (exact.length === 0) return candidates[0] as CompileResult & { ok: false };
    const best = exact.sort((a, b) => size(a) - size(b))[0] as CompiledPolicy;
    const tooLong = [...best.allow, ...best.deny].find((pattern) => pattern.length > MAX_RESOURCE_CHARACTERS - ARN_PREFIX_ALLOWANCE);
    if (tooLong) {
      return { ok: false, problem: `needs the IAM resource "${tooLong}", longer than API Gateway's ${MAX_RESOURCE_CHARACTERS}-character limit allows with its ARN prefix`, fix: 'shorten the route, or grant it through a shorter {proxy+} route' };
    }
    if (size(best) > MAX_POLICY_BYTES) {
      return {
        ok: false,
        problem: `compiles to a policy of about ${size(best)} bytes (${best.allow.length} Allow and ${best.deny.length} Deny resources), over Gatehouse's ${MAX_POLICY_BYTES}-byte budget`,
        fix: 'grant fewer, broader routes (e.g. one {proxy+} route for a whole subtree) or split the client\'s collections across clients',
      };
    }
    return { ok: true, policy: best, grantedApiRoutes, unusedGrants };
  }

  /** Denies that take exactly the over-granted requests back out of `allow`, or why there are none. */
  private withDenies(allow: readonly string[], good: NFA, bad: NFA): CompiledPolicy | (CompileResult & { ok: false }) {
    const allowed = union(allow.map(iamLanguage));
    const leak = intersect(allowed, bad);
    const deny: string[] = [];
    if (!leak.isEmpty) {
      for (const slot of this.slots) {
        if (isDisjointWith(slot.language, leak)) continue;
        const pattern = iamPatternFor(slot.method, slot.segments);
        if (!isDisjointWith(iamLanguage(pattern), good)) {
          const request = example(intersect(slot.language, leak)) ?? pattern;
          return {
            ok: false,
            problem: `cannot be written as an exact IAM policy: the Allow ${allow.join(', ')} would also admit ${request.replace('/', ' /')} (API route ${slot.route.text}), and a Deny for that route would also refuse requests the client is granted`,
            fix: `grant or leave out the whole API route ${slot.route.text}, rather than part of it`,
          };
        }
        deny.push(pattern);
      }
    }
    // The proof: over routed requests, what Allow admits and Deny does not is exactly `good`.
    const admitted = intersect(intersect(this.routed, allowed), complement(union(deny.map(iamLanguage))));
    if (!isDisjointWith(admitted, bad) || !isDisjointWith(good, complement(admitted))) {
      return { ok: false, problem: 'could not be compiled into an exact IAM policy', fix: 'report this client definition to the Gatehouse maintainers' };
    }
    return { allow: [...allow], deny: [...new Set(deny)] };
  }
}

function size(policy: CompiledPolicy): number {
  return [...policy.allow, ...policy.deny].reduce((total, pattern) => total + pattern.length + ARN_PREFIX_ALLOWANCE / 2 + 3, 64);
}

const apis = new Map<string, ApiLanguage>();

/** The exact policy for a grant set against an API's routes (memoised per API and grant set). */
export function compilePolicy(apiRoutes: readonly ApiRoute[], grants: readonly GrantedRoute[]): CompileResult {
  const key = apiRoutes.map((route) => route.text).sort().join('\n');
  let api = apis.get(key);
  if (!api) {
    if (apis.size > 16) apis.clear();
    apis.set(key, (api = new ApiLanguage(apiRoutes)));
  }
  return api.compile(grants);
}
