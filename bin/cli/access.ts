/**
 * `gatehouse access` and `gatehouse access diff <ref>`: effective access from the client files alone,
 * and what a change does to it. Loaded from the TypeScript sources, like `validate`.
 */
import { join } from 'node:path';
import { diffAccess } from '../../stacks/model/access/diff';
import { renderAccessDiff } from '../../stacks/model/access/render-diff';
import type { Format } from '../../stacks/model/access/render-format';
import { renderAccessModel } from '../../stacks/model/access/render-model';
import { accessModelOf } from './access-catalogs';
import { accessModelAtRef } from './access-ref';
import { CliError } from './cli-error';

const PROJECT_ROOT = join(__dirname, '..', '..');

/** Exit status of `access diff`: nothing changed, something changed. Failures exit 1. */
export const DIFF_EXIT = { unchanged: 0, changed: 3 } as const;

export interface AccessOptions {
  readonly format: Format;
  readonly clientsDir?: string;
  /** Judge dates (expired keys and certificates) at this ISO instant instead of now. */
  readonly now?: string;
}

function instant(text: string | undefined): Date {
  const now = text === undefined ? new Date() : new Date(text);
  if (Number.isNaN(now.getTime())) throw new CliError(`--now "${text}" is not an ISO 8601 instant (e.g. 2026-01-31T00:00:00Z)`);
  return now;
}

function invalidClients(model: Awaited<ReturnType<typeof accessModelOf>>): string[] {
  return [...new Set(model.environments.flatMap((environment) => environment.clients.filter((client) => !client.valid || client.keys.some((key) => !key.valid)).map((client) => client.name)))];
}

const have = (names: readonly string[]) => `${names.join(', ')} ${names.length === 1 ? 'has' : 'have'} errors`;

export async function showAccess(options: AccessOptions, out: (text: string) => void, err: (text: string) => void): Promise<void> {
  const model = await accessModelOf(options.clientsDir, instant(options.now));
  out(renderAccessModel(model, options.format));
  const invalid = invalidClients(model);
  if (invalid.length > 0) err(`gatehouse: ${have(invalid)}: what deploys may differ (run gatehouse validate)`);
}

/** Resolves with the exit status: DIFF_EXIT.changed when anything changed. */
export async function showAccessDiff(ref: string, options: Omit<AccessOptions, 'clientsDir'>, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const now = instant(options.now);
  const base = await accessModelAtRef(PROJECT_ROOT, ref, now);
  const head = await accessModelOf(undefined, now);
  const diff = diffAccess(base.model, head, {
    baseLabel: base.label,
    headLabel: 'working tree',
    codeowners: typeof base.codeowners === 'string' ? undefined : base.codeowners,
    codeownersMissing: typeof base.codeowners === 'string' ? base.codeowners : undefined,
    projectPrefix: base.projectPrefix,
    sharedDefinitionsChanged: base.sharedDefinitionsChanged,
  });
  out(renderAccessDiff(diff, options.format));
  const invalid = invalidClients(head);
  if (invalid.length > 0) err(`gatehouse: ${have(invalid)} in the working tree: what deploys may differ (run gatehouse validate)`);
  if (typeof base.codeowners !== 'string') {
    for (const skipped of base.codeowners.skipped) err(`gatehouse: ${base.codeowners.source} line ${skipped.line} is ignored by GitHub: ${skipped.reason}`);
  }
  return diff.changed ? DIFF_EXIT.changed : DIFF_EXIT.unchanged;
}
