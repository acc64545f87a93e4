/**
 * The environments Gatehouse runs in, declared once: each becomes its own Terraform stacks (the platform,
 * and one per client group), deployed from CI in this order (staging on merge, production after it), and
 * the local run serves the first unless GATEHOUSE_LOCAL_ENVIRONMENT names another.
 *
 * Fill in your accounts: with `account` set, the AWS provider refuses credentials of any other account,
 * so a staging role can never deploy to production. To protect an API you already run, replace
 * `api: { kind: 'demo' }` with `{ kind: 'existing', restApiId, stageName, routes }` (routes, or
 * `routesFromOpenApi('path/to/openapi.yaml')`).
 */
import type { EnvironmentSettings } from './model/environment';

export const ENVIRONMENTS: readonly EnvironmentSettings[] = [
  {
    name: 'staging',
    region: process.env.AWS_REGION ?? 'eu-west-1',
    api: { kind: 'demo' },
    platform: { deletionProtection: false },
  },
  {
    name: 'production',
    region: process.env.AWS_REGION ?? 'eu-west-1',
    api: { kind: 'demo' },
  },
];
