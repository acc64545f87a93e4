/** The execute-api method ARN API Gateway sends with each request, and IAM's matching of it. */

export interface MethodArn {
  /** `arn:aws:execute-api:region:account:apiId/stage/`: the prefix every route of this API shares. */
  readonly base: string;
  /** `GET/orders/42`: method and path of this request. */
  readonly resource: string;
}

const parsedArns = new Map<string, MethodArn | undefined>();
const PARSED_ARN_LIMIT = 1024;

/**
 * Splits `arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/orders/42`. API Gateway sends the
 * same few method ARNs over and over, so results are memoised (bounded).
 */
export function parseMethodArn(arn: string): MethodArn | undefined {
  if (parsedArns.has(arn)) return parsedArns.get(arn);
  const parsed = splitMethodArn(arn);
  if (parsedArns.size >= PARSED_ARN_LIMIT) parsedArns.clear();
  parsedArns.set(arn, parsed);
  return parsed;
}

function splitMethodArn(arn: string): MethodArn | undefined {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'execute-api') return undefined;
  const path = parts[5] as string;
  const apiEnd = path.indexOf('/');
  const stageEnd = apiEnd === -1 ? -1 : path.indexOf('/', apiEnd + 1);
  if (apiEnd <= 0 || stageEnd === -1) return undefined;
  const prefixLength = arn.length - path.length + stageEnd + 1;
  return { base: arn.slice(0, prefixLength), resource: arn.slice(prefixLength) };
}

/** IAM resource matching: `*` any run of characters (slashes included), `?` any one character. */
export function iamPattern(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}
