/**
 * The redeployment trigger of a REST API stage: one hash of the configuration of everything API Gateway
 * snapshots into a deployment. Same configuration, same hash, whatever order resources were declared in
 * and whatever order their keys were written in; any change to any of them, another hash.
 */
import { createHash } from 'node:crypto';

export interface SnapshotPart {
  /** The resource's Terraform address, e.g. `aws_api_gateway_method.get_orders`. */
  readonly address: string;
  /** Its synthesized configuration. */
  readonly configuration: Record<string, unknown>;
}

export function redeploymentHash(parts: readonly SnapshotPart[]): string {
  const sorted = [...parts].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return createHash('sha256')
    .update(canonicalJson(sorted.map(({ address, configuration }) => [address, configuration])))
    .digest('hex');
}

/** JSON with object keys sorted at every level, so equal values always serialize alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
