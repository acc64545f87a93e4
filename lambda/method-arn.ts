/**
 * The execute-api method ARN API Gateway sends with each request, read by its grammar:
 *
 *   arn:<partition>:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path>
 *
 * The first five `:` separate the ARN's fields; the path is everything after the method and may hold
 * `:` itself (`/orders/2025-01-01T10:00:00Z`), so it is never split on them. API, stage and method must
 * be concrete: a policy is built on `<…>/<api-id>/<stage>/`, and a wildcard there would let it reach
 * other APIs or stages. A path holding IAM's wildcard characters (`*`, `?`) cannot be named exactly in
 * a policy, so such requests are refused rather than echoed into one.
 */
import { HTTP_METHODS, pathSegments } from '../record/routes';

export interface MethodArn {
  /** `arn:aws:execute-api:region:account:apiId/stage/`: the prefix every route of this API shares. */
  readonly base: string;
  readonly method: string;
  /** The request path, `/` for the root. */
  readonly path: string;
  readonly segments: readonly string[];
  /** `GET/orders/42`: method and path as IAM matches them after the base. */
  readonly resource: string;
  /** Whether the path holds `*` or `?`, which a policy would read as wildcards. */
  readonly pathHasWildcards: boolean;
}

const FIELD = { partition: /^aws[a-z-]*$/, region: /^[a-z]{2}(?:-[a-z]+)+-\d+$/, account: /^\d{12}$/ } as const;
const API_ID = /^[a-z0-9]{1,32}$/;
const STAGE = /^[A-Za-z0-9_$-]{1,128}$/;
const METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

const parsedArns = new Map<string, MethodArn | undefined>();
const PARSED_ARN_LIMIT = 1024;

/** Parses a method ARN; undefined when it is not one API Gateway could have sent. Memoised (bounded). */
export function parseMethodArn(arn: string): MethodArn | undefined {
  let parsed = parsedArns.get(arn);
  if (parsed === undefined && !parsedArns.has(arn)) {
    parsed = readMethodArn(arn);
    if (parsedArns.size >= PARSED_ARN_LIMIT) parsedArns.clear();
    parsedArns.set(arn, parsed);
  }
  return parsed;
}

function readMethodArn(arn: string): MethodArn | undefined {
  if (typeof arn !== 'string' || arn.length > 1600) return undefined; // API Gateway's documented maximum
  const fields: string[] = [];
  let start = 0;
  for (let field = 0; field < 5; field++) {
    const colon = arn.indexOf(':', start);
    if (colon === -1) return undefined;
    fields.push(arn.slice(start, colon));
    start = colon + 1;
  }
  const [prefix, partition, service, region, account] = fields as [string, string, string, string, string];
  if (prefix !== 'arn' || service !== 'execute-api' || !FIELD.partition.test(partition) || !FIELD.region.test(region) || !FIELD.account.test(account)) {
    return undefined;
  }
  const rest = arn.slice(start);
  const apiEnd = rest.indexOf('/');
  const stageEnd = apiEnd === -1 ? -1 : rest.indexOf('/', apiEnd + 1);
  const methodEnd = stageEnd === -1 ? -1 : rest.indexOf('/', stageEnd + 1);
  if (methodEnd === -1) return undefined;
  const apiId = rest.slice(0, apiEnd);
  const stage = rest.slice(apiEnd + 1, stageEnd);
  const method = rest.slice(stageEnd + 1, methodEnd);
  if (!API_ID.test(apiId) || !STAGE.test(stage) || !METHODS.has(method)) return undefined;
  const path = rest.slice(methodEnd);
  return {
    base: arn.slice(0, start + stageEnd + 1),
    method,
    path,
    segments: pathSegments(path),
    resource: `${method}${path}`,
    pathHasWildcards: path.includes('*') || path.includes('?'),
  };
}
