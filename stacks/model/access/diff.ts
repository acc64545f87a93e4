/**
 * Compares two access models (a commit's and the working tree's): only what changed, per client and
 * environment, each change with its risk (changes.ts), riskiest first, and who must approve it.
 */
import { type AccessDiff, type Approval, type Change, type FileApproval, type ClientChanges, type EnvironmentChanges, highestRisk, type Risk, riskRank, RISKS, sideBySide } from './changes';
import { type CodeOwners, codeOwnersRuleFor } from './codeowners';
import { admittedText, authText, code, dateText, expiryText, limitsText, policyText, routeText } from './describe';
import { countByFamily, countText, familyCountsText, rangesFromHex, rangesText, subtractRanges } from './ip-space';
import { ACCESS_MODEL_VERSION, type AccessModel, type AuthAccess, type ClientAccess, type KeyAccess, type MtlsAccess, type PolicyAccess, type RouteAccess } from './model';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const listed = (values: readonly string[], max = 3) => `${values.slice(0, max).map(code).join(', ')}${values.length > max ? ` and ${values.length - max} more` : ''}`;

function routeRisk(route: RouteAccess): Risk {
  return route.write ? 'high' : 'medium';
}

function routeChanges(base: ClientAccess, head: ClientAccess): Change[] {
  if (!base.routes.compiled || !head.routes.compiled) {
    if (JSON.stringify(base.routes) === JSON.stringify(head.routes)) return [];
    const problem = head.routes.compiled ? (base.routes as { problem: string }).problem : head.routes.problem;
    return [{ kind: 'routes-unknown', risk: 'medium', message: `routes cannot be compared: the grants do not compile (${problem})` }];
  }
  const before = new Map(base.routes.routes.map((route) => [route.route, route]));
  const after = new Map(head.routes.routes.map((route) => [route.route, route]));
  const changes: Change[] = [];
  for (const route of after.values()) {
    const old = before.get(route.route);
    if (!old) {
      changes.push({ kind: 'route-gained', risk: routeRisk(route), message: `gains ${routeText(route)}`, after: route });
    } else if (old.whole !== route.whole || old.grants.join() !== route.grants.join()) {
      const risk: Risk = route.whole && !old.whole ? routeRisk(route) : !route.whole && old.whole ? 'low' : 'medium';
      const how = route.whole ? `now all of ${code(route.route)}` : `now ${routeText(route)}`;
      changes.push({ kind: 'route-reach-changed', risk, message: `${how}, was ${old.whole ? 'all of it' : `part of it: ${listed(old.grants)}`}`, before: old, after: route });
    }
  }
  for (const route of before.values()) {
    if (!after.has(route.route)) changes.push({ kind: 'route-lost', risk: 'low', message: `loses ${code(route.route)}`, before: route });
  }
  return changes;
}

/** Shared secrets are the weakest method: a leak on either side signs anything. */
const METHOD_STRENGTH: Record<AuthAccess['method'], number> = { hmac: 0, rsa: 1, oidc: 1 };

function authIdentities(auth: AuthAccess): string[] {
  switch (auth.method) {
    case 'rsa':
      return auth.publicKeys.map((key) => key.thumbprint + (key.certificate ? ` (certificate ${key.certificate.subject}, until ${dateText(key.certificate.notAfter)})` : ''));
    case 'hmac':
      return auth.secretRefs.map((ref) => ref);
    case 'oidc':
      return [];
  }
}

function authChanges(base: AuthAccess, head: AuthAccess): Change[] {
  if (base.method !== head.method) {
    const difference = METHOD_STRENGTH[head.method] - METHOD_STRENGTH[base.method];
    const risk: Risk = difference < 0 ? 'high' : difference > 0 ? 'low' : 'medium';
    const label = difference < 0 ? 'auth downgraded' : difference > 0 ? 'auth upgraded' : 'auth method changed';
    return [{ kind: 'auth-method-changed', risk, message: `${label}: ${authText(base)} → ${authText(head)}`, before: base, after: head }];
  }
  const changes: Change[] = [];
  if (base.method === 'oidc' && head.method === 'oidc') {
    if (base.issuer !== head.issuer || base.discoveryUrl !== head.discoveryUrl) {
      changes.push({ kind: 'auth-material-changed', risk: 'high', message: `trusts another identity provider: ${code(base.discoveryUrl)} → ${code(head.discoveryUrl)}`, before: base.discoveryUrl, after: head.discoveryUrl });
    }
    if (base.audienceChecked && !head.audienceChecked) {
      changes.push({ kind: 'auth-material-changed', risk: 'high', message: 'no longer checks the token audience: any token of the provider is accepted', before: base.audiences, after: null });
    } else if (!base.audienceChecked && head.audienceChecked) {
      changes.push({ kind: 'auth-material-changed', risk: 'low', message: `now checks the token audience: ${listed(head.audiences)}`, before: null, after: head.audiences });
    } else {
      const added = head.audiences.filter((audience) => !base.audiences.includes(audience));
      const removed = base.audiences.filter((audience) => !head.audiences.includes(audience));
      if (added.length > 0) changes.push({ kind: 'auth-material-changed', risk: 'medium', message: `accepts the audience ${listed(added)}`, after: added });
      if (removed.length > 0) changes.push({ kind: 'auth-material-changed', risk: 'low', message: `no longer accepts the audience ${listed(removed)}`, before: removed });
    }
    return changes;
  }
  const what = base.method === 'rsa' ? 'public key' : 'secret';
  const before = authIdentities(base);
  const after = authIdentities(head);
  const added = after.filter((identity) => !before.includes(identity));
  const removed = before.filter((identity) => !after.includes(identity));
  if (added.length > 0) changes.push({ kind: 'auth-material-changed', risk: 'medium', message: `${what} added: ${listed(added)}`, after: added });
  if (removed.length > 0) changes.push({ kind: 'auth-material-changed', risk: 'low', message: `${what} removed: ${listed(removed)}`, before: removed });
  return changes;
}

function tokenChanges(base: ClientAccess['tokens'], head: ClientAccess['tokens']): Change[] {
  const changes: Change[] = [];
  if (base.requireExpiry && !head.requireExpiry) changes.push({ kind: 'token-rules-changed', risk: 'high', message: 'accepts tokens without `exp` (a leaked token never expires)', before: base, after: head });
  if (!base.requireExpiry && head.requireExpiry) changes.push({ kind: 'token-rules-changed', risk: 'low', message: 'requires `exp` in tokens', before: base, after: head });
  if (base.maxLifetimeSeconds !== head.maxLifetimeSeconds) {
    const longer = head.maxLifetimeSeconds === null || (base.maxLifetimeSeconds !== null && head.maxLifetimeSeconds > base.maxLifetimeSeconds);
    const text = (seconds: number | null) => (seconds === null ? 'no limit' : `${seconds} s`);
    changes.push({ kind: 'token-rules-changed', risk: longer ? 'medium' : 'low', message: `longest token lifetime ${text(base.maxLifetimeSeconds)} → ${text(head.maxLifetimeSeconds)}`, before: base, after: head });
  }
  return changes;
}

function mtlsIdentities(mtls: MtlsAccess): string[] {
  return [...mtls.certificates.map((certificate) => `${certificate.fingerprint} (${certificate.subject})`), ...mtls.fingerprints, ...mtls.subjects.map((subject) => `subject ${subject}`)];
}

function mtlsChanges(base: MtlsAccess | undefined, head: MtlsAccess | undefined): Change[] {
  if (base && !head) return [{ kind: 'mtls-changed', risk: 'high', message: 'no longer requires a client certificate (mutual TLS)', before: base }];
  if (!base && head) return [{ kind: 'mtls-changed', risk: 'low', message: `requires a client certificate: ${listed(mtlsIdentities(head))}`, after: head }];
  if (!base || !head) return [];
  const before = mtlsIdentities(base);
  const after = mtlsIdentities(head);
  const added = after.filter((identity) => !before.includes(identity));
  const removed = before.filter((identity) => !after.includes(identity));
  return [
    ...(added.length > 0 ? [{ kind: 'mtls-changed' as const, risk: 'medium' as const, message: `client certificate bound: ${listed(added)}`, after: added }] : []),
    ...(removed.length > 0 ? [{ kind: 'mtls-changed' as const, risk: 'low' as const, message: `client certificate unbound: ${listed(removed)}`, before: removed }] : []),
  ];
}

/** Rough daily allowances, only to tell a raise from a cut across quota periods. */
const PERIOD_DAYS: Record<string, number> = { DAY: 1, WEEK: 7, MONTH: 30 };

function policyChanges(base: PolicyAccess | null, head: PolicyAccess | null): Change[] {
  if (JSON.stringify(base) === JSON.stringify(head)) return [];
  const rate = (policy: PolicyAccess | null) => policy?.rateLimit ?? null;
  const quota = (policy: PolicyAccess | null) => policy?.quota ?? null;
  const raised = (before: number | null, after: number | null) => after === null ? before !== null : before !== null && after > before;
  const rateBefore = rate(base);
  const rateAfter = rate(head);
  const perDay = (policy: PolicyAccess | null) => {
    const value = quota(policy);
    return value ? value.limit / (PERIOD_DAYS[value.period] ?? 30) : null;
  };
  // No policy, no rate limit or no quota all mean unlimited.
  const higher =
    raised(rateBefore?.requestsPerSecond ?? null, rateAfter?.requestsPerSecond ?? null) ||
    raised(rateBefore?.burst ?? null, rateAfter?.burst ?? null) ||
    raised(perDay(base), perDay(head));
  const name = (policy: PolicyAccess | null) => (policy ? code(policy.name) : 'none');
  const renamed = base?.name !== head?.name ? ` ${name(base)} → ${name(head)}` : ` ${name(head)}`;
  return [{ kind: 'policy-changed', risk: higher ? 'medium' : 'low', message: `access policy${renamed}: ${limitsText(base)} → ${limitsText(head)}`, before: base, after: head }];
}

/** `IPv4 255 → 65,535`, per family whose count changed; `any address` stands for the whole space. */
function countsChange(base: KeyAccess['ip'], head: KeyAccess['ip']): string {
  const everything = (ip: KeyAccess['ip']) => ip.anyAddress && ip.blocked.length === 0;
  if (everything(base) || everything(head)) return `${admittedText(base)} → ${admittedText(head)}`;
  const parts: string[] = [];
  if (base.admittedIpv4 !== head.admittedIpv4) parts.push(`IPv4 ${countText(BigInt(base.admittedIpv4))} → ${countText(BigInt(head.admittedIpv4))}`);
  if (base.admittedIpv6 !== head.admittedIpv6) parts.push(`IPv6 ${countText(BigInt(base.admittedIpv6))} → ${countText(BigInt(head.admittedIpv6))}`);
  return parts.length > 0 ? parts.join(', ') : 'as many addresses, other ones';
}

function entriesChange(base: KeyAccess['ip'], head: KeyAccess['ip']): string {
  const entries = (rules: KeyAccess['ip']['allowed']) => rules.map((rule) => code(rule.canonical ?? rule.entry)).join(', ') || 'none';
  return (['allowed', 'blocked'] as const)
    .filter((list) => entries(base[list]) !== entries(head[list]))
    .map((list) => `${list} ${entries(base[list])} → ${entries(head[list])}`)
    .join('; ');
}

function keyIpChanges(base: KeyAccess, head: KeyAccess): Change[] {
  const before = rangesFromHex(base.ip.admitted);
  const after = rangesFromHex(head.ip.admitted);
  const gained = subtractRanges(after, before);
  const lost = subtractRanges(before, after);
  const changes: Change[] = [];
  const detail = `${countsChange(base.ip, head.ip)}; ${entriesChange(base.ip, head.ip)}`;
  const ranges = (list: typeof gained) => listed(rangesText(list));
  if (gained.length > 0) {
    const which = head.ip.anyAddress && !base.ip.anyAddress ? '' : `, newly admitted ${ranges(gained)}`;
    changes.push({ kind: 'ip-widened', risk: 'high', key: head.name, message: `key ${code(head.name)}: IP space widened by ${familyCountsText(countByFamily(gained))} (${detail}${which})`, before: base.ip, after: head.ip });
  }
  if (lost.length > 0) {
    const which = base.ip.anyAddress && !head.ip.anyAddress ? '' : `, no longer admitted ${ranges(lost)}`;
    changes.push({ kind: 'ip-narrowed', risk: 'low', key: head.name, message: `key ${code(head.name)}: IP space narrowed by ${familyCountsText(countByFamily(lost))} (${detail}${which})`, before: base.ip, after: head.ip });
  }
  return changes;
}

function keyChanges(base: ClientAccess, head: ClientAccess): Change[] {
  const changes: Change[] = [];
  const before = new Map(base.keys.map((key) => [key.name, key]));
  const after = new Map(head.keys.map((key) => [key.name, key]));
  for (const key of after.values()) {
    const old = before.get(key.name);
    if (!old) {
      changes.push({
        kind: 'key-added',
        risk: key.ip.anyAddress ? 'high' : 'medium',
        key: key.name,
        message: `key ${code(key.name)} added: admits ${admittedText(key.ip)}, ${expiryText(key)}${key.enabled ? '' : ', disabled'}`,
        after: key,
      });
      continue;
    }
    if (old.enabled !== key.enabled) {
      changes.push(key.enabled ? { kind: 'key-enabled', risk: 'high', key: key.name, message: `key ${code(key.name)} enabled again` } : { kind: 'key-disabled', risk: 'low', key: key.name, message: `key ${code(key.name)} disabled` });
    }
    if (old.tokenHash !== key.tokenHash) {
      changes.push({ kind: 'key-replaced', risk: 'medium', key: key.name, message: `key ${code(key.name)}: another token (hash ${code(`${(old.tokenHash ?? '').slice(0, 19)}…`)} → ${code(`${(key.tokenHash ?? '').slice(0, 19)}…`)})`, before: old.tokenHash, after: key.tokenHash });
    }
    if (old.notAfter !== key.notAfter) {
      const risk: Risk = key.notAfter === null ? 'high' : old.notAfter === null || key.notAfter < old.notAfter ? 'low' : 'medium';
      const message = key.notAfter === null ? `key ${code(key.name)} no longer expires (was ${dateText(old.notAfter as string)})` : `key ${code(key.name)}: ${expiryText(old)} → ${expiryText(key)}`;
      changes.push({ kind: 'key-redated', risk, key: key.name, message, before: old.notAfter, after: key.notAfter });
    }
    changes.push(...keyIpChanges(old, key));
  }
  for (const key of before.values()) {
    if (!after.has(key.name)) changes.push({ kind: 'key-removed', risk: 'low', key: key.name, message: `key ${code(key.name)} removed`, before: key });
  }
  return changes;
}

function clientAdded(head: ClientAccess): Change[] {
  const summary = `client added: ${head.description ? `"${head.description}", ` : ''}owner ${code(head.owner)}, ${authText(head.auth)}; ${policyText(head.policy)}${head.enabled ? '' : '; disabled'}`;
  const empty: ClientAccess = { ...head, keys: [], routes: { compiled: true, routes: [], unusedGrants: [] } };
  return [{ kind: 'client-added', risk: 'medium', message: summary, after: { name: head.name, owner: head.owner, auth: head.auth, policy: head.policy } }, ...routeChanges(empty, head), ...keyChanges(empty, head)];
}

function clientChanges(base: ClientAccess | undefined, head: ClientAccess | undefined): Change[] {
  if (!base && !head) return [];
  if (!base) return clientAdded(head as ClientAccess);
  if (!head) {
    const routes = base.routes.compiled ? base.routes.routes.length : 0;
    return [{ kind: 'client-removed', risk: 'low', message: `client removed (it had ${plural(routes, 'route')} and ${plural(base.keys.length, 'key')})`, before: { name: base.name, owner: base.owner } }];
  }
  const changes: Change[] = [];
  if (base.enabled !== head.enabled) {
    changes.push(head.enabled ? { kind: 'client-enabled', risk: 'high', message: 'client enabled again: its keys work again' } : { kind: 'client-disabled', risk: 'low', message: 'client disabled: every key gets 403' });
  }
  if (base.owner !== head.owner) changes.push({ kind: 'owner-changed', risk: 'medium', message: `owner ${code(base.owner)} → ${code(head.owner)}`, before: base.owner, after: head.owner });
  changes.push(...authChanges(base.auth, head.auth), ...tokenChanges(base.tokens, head.tokens), ...mtlsChanges(base.mtls, head.mtls));
  changes.push(...routeChanges(base, head), ...policyChanges(base.policy, head.policy), ...keyChanges(base, head));
  return changes;
}

/** A client's arrival or departure heads its changes (it says what the rest is about); then riskiest first. */
function byRisk(changes: readonly Change[]): Change[] {
  const lifecycle = (change: Change) => (change.kind === 'client-added' || change.kind === 'client-removed' ? 0 : 1);
  return changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => lifecycle(a.change) - lifecycle(b.change) || riskRank(a.change.risk) - riskRank(b.change.risk) || a.index - b.index)
    .map(({ change }) => change);
}

export interface DiffOptions {
  readonly baseLabel: string;
  readonly headLabel: string;
  /** The CODEOWNERS that decides reviews (GitHub reads the base branch's), if any. */
  readonly codeowners?: CodeOwners;
  /** Why there is no CODEOWNERS, when there is none. */
  readonly codeownersMissing?: string;
  /** The project's folder inside the repository (`''` at its root), to turn client files into repository paths. */
  readonly projectPrefix?: string;
  /** Shared definition files (repository paths) that differ between the two sides; see AccessDiff.sharedDefinitions. */
  readonly sharedDefinitionsChanged?: readonly string[];
}

/** The CODEOWNERS line covering each of these repository files, or that none does. */
function fileApproval(files: readonly string[], options: DiffOptions): FileApproval {
  const codeowners: FileApproval['codeowners'][number][] = [];
  const uncovered: string[] = [];
  for (const file of files) {
    const rule = options.codeowners && codeOwnersRuleFor(options.codeowners, file);
    if (rule && options.codeowners) codeowners.push({ file, source: options.codeowners.source, line: rule.line, pattern: rule.pattern, owners: rule.owners });
    else uncovered.push(file);
  }
  return { files, codeowners, uncovered };
}

function approvalFor(clients: readonly ClientAccess[], options: DiffOptions): Approval {
  const owners = [...new Set(clients.map((client) => client.owner))];
  const files = [...new Set(clients.flatMap((client) => (client.file ? [`${options.projectPrefix ?? ''}${client.file}`] : [])))];
  return { owners, ...fileApproval(files, options) };
}

export function diffAccess(base: AccessModel, head: AccessModel, options: DiffOptions): AccessDiff {
  for (const model of [base, head]) {
    if (model.version !== ACCESS_MODEL_VERSION) throw new Error(`an access model of version ${String(model.version)} cannot be compared (this Gatehouse reads version ${ACCESS_MODEL_VERSION})`);
  }
  const environments = [...new Set([...head.environments, ...base.environments].map((environment) => environment.name))];
  const clientOf = (model: AccessModel, environment: string, name: string) => model.environments.find((entry) => entry.name === environment)?.clients.find((client) => client.name === name);
  const names = [...new Set([...base.environments, ...head.environments].flatMap((environment) => environment.clients.map((client) => client.name)))].sort();
  const clients: ClientChanges[] = [];
  for (const name of names) {
    const perEnvironment: EnvironmentChanges[] = [];
    const seen: ClientAccess[] = [];
    for (const environment of environments) {
      const before = clientOf(base, environment, name);
      const after = clientOf(head, environment, name);
      seen.push(...[after, before].filter((client): client is ClientAccess => client !== undefined));
      const changes = byRisk(clientChanges(before, after));
      if (changes.length > 0) perEnvironment.push({ environment, changes });
    }
    if (perEnvironment.length === 0) continue;
    clients.push({ client: name, risk: highestRisk(perEnvironment.flatMap((entry) => entry.changes)), approval: approvalFor(seen, options), environments: perEnvironment });
  }
  clients.sort((a, b) => riskRank(a.risk) - riskRank(b.risk) || a.client.localeCompare(b.client));
  const all = clients.flatMap((client) => sideBySide(client).map((entry) => entry.change));
  const counts = { clients: clients.length, changes: all.length, ...(Object.fromEntries(RISKS.map((risk) => [risk, all.filter((change) => change.risk === risk).length])) as Record<Risk, number>) };
  const codeownersSource = options.codeowners ? `${options.codeowners.source} at ${options.baseLabel}` : (options.codeownersMissing ?? 'no CODEOWNERS file');
  const sharedDefinitions = fileApproval(clients.length > 0 ? (options.sharedDefinitionsChanged ?? []) : [], options);
  return { version: 1, environments, base: options.baseLabel, head: options.headLabel, changed: clients.length > 0, counts, clients, codeownersSource, sharedDefinitions };
}
