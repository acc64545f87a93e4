/** `gatehouse access`: the access model as terminal text, Markdown or JSON, one client after another. */
import { admittedText, authText, code, dateText, expiryText, METHOD_NAMES, policyText, routeText } from './describe';
import { countText } from './ip-space';
import type { AccessModel, ClientAccess, IpRuleAccess, KeyAccess } from './model';
import { type Format, markdown, plain } from './render-format';

/** A client's entries, one per environment it exists in, in the model's environment order. */
function byClient(model: AccessModel): [string, { environment: string; client: ClientAccess }[]][] {
  const clients = new Map<string, { environment: string; client: ClientAccess }[]>();
  for (const environment of model.environments) {
    for (const client of environment.clients) clients.set(client.name, [...(clients.get(client.name) ?? []), { environment: environment.name, client }]);
  }
  return [...clients.entries()].sort(([a], [b]) => a.localeCompare(b));
}

const rulesText = (rules: readonly IpRuleAccess[]) => rules.map((rule) => `${code(rule.canonical ?? rule.entry)} (${countText(BigInt(rule.addresses))})`).join(', ');

function keyLines(key: KeyAccess): string[] {
  const status = key.status === 'client-disabled' ? 'inactive (client disabled)' : key.status;
  const lines = [`key ${code(key.name)}: ${status}, ${expiryText(key)}${key.tokenHash ? `, token hash ${code(`${key.tokenHash.slice(0, 19)}…`)}` : ''}${key.valid ? '' : ' (has errors: run gatehouse validate)'}`];
  const ip = key.ip;
  lines.push(`  IP: ${ip.allowed.length > 0 ? `allowed ${rulesText(ip.allowed)}` : 'no allow list'}${ip.blocked.length > 0 ? `; blocked ${rulesText(ip.blocked)}` : ''}; admits ${admittedText(ip)}`);
  return lines;
}

/** Lines describing a client in one environment: plain sentences with values in backticks. */
function clientLines(client: ClientAccess): string[] {
  const lines: string[] = [];
  lines.push(`status: ${client.enabled ? 'enabled' : 'disabled (every key gets 403)'}${client.valid ? '' : '; has errors: run gatehouse validate'}`);
  if (client.auth.method === 'rsa') {
    lines.push(`auth: ${METHOD_NAMES.rsa}, ${client.auth.publicKeys.length} public key${client.auth.publicKeys.length === 1 ? '' : 's'}`);
    for (const key of client.auth.publicKeys) {
      const certificate = key.certificate ? `, certificate ${code(key.certificate.subject)} until ${dateText(key.certificate.notAfter)}, SHA-256 ${code(key.certificate.fingerprint)}` : '';
      lines.push(`  JWK thumbprint ${code(key.thumbprint)}: ${key.bits}-bit, pasted as ${key.format}${certificate}`);
    }
  } else {
    lines.push(`auth: ${authText(client.auth)}`);
  }
  if (client.auth.method === 'oidc') lines.push(`  discovery ${code(client.auth.discoveryUrl)}`);
  lines.push(`tokens: ${client.tokens.requireExpiry ? '`exp` required' : '`exp` NOT required'}, ${client.tokens.maxLifetimeSeconds === null ? 'no lifetime limit' : `lifetime at most ${client.tokens.maxLifetimeSeconds} s`}`);
  if (client.mtls) {
    const bound = [
      ...client.mtls.certificates.map((certificate) => `${code(certificate.subject)} until ${dateText(certificate.notAfter)} (${code(certificate.fingerprint)})`),
      ...client.mtls.fingerprints.map((fingerprint) => `fingerprint ${code(fingerprint)}`),
      ...client.mtls.subjects.map((subject) => `any certificate with subject ${code(subject)}`),
    ];
    lines.push(`mutual TLS: required; ${bound.join(', ') || 'no certificate bound'}`);
  }
  lines.push(policyText(client.policy));
  if (client.routes.compiled) {
    lines.push(`routes (${client.routes.routes.length}, from ${client.collections.map(code).join(', ') || 'no collection'}):`);
    for (const route of client.routes.routes) lines.push(`  ${routeText(route)}`);
    if (client.routes.unusedGrants.length > 0) lines.push(`  reaching no route of the API: ${client.routes.unusedGrants.map(code).join(', ')}`);
  } else {
    lines.push(`routes: unknown, the grants do not compile: ${client.routes.problem}`);
  }
  lines.push(`keys (${client.keys.length}):`);
  for (const key of client.keys) lines.push(...keyLines(key).map((line) => `  ${line}`));
  return lines;
}

/** What a client's environments differ in, compared field by field; each field's name as a reader knows it. */
const COMPARED: readonly [keyof ClientAccess, string][] = [
  ['enabled', 'status'],
  ['auth', 'auth'],
  ['tokens', 'tokens'],
  ['mtls', 'mutual TLS'],
  ['policy', 'access policy'],
  ['collections', 'collections'],
  ['routes', 'routes'],
  ['keys', 'keys'],
];

/**
 * The client's environments side by side in one line: where it exists (and where not), and what
 * differs between them; the per-environment blocks below it hold the values.
 */
function environmentsLine(entries: readonly { environment: string; client: ClientAccess }[], all: readonly string[]): string {
  const present = entries.map((entry) => entry.environment);
  const absent = all.filter((name) => !present.includes(name));
  const where = absent.length === 0 ? `in every environment (${present.join(', ')})` : `in ${present.join(', ')} only, not in ${absent.join(', ')}`;
  if (entries.length < 2) return where;
  const [first, ...rest] = entries.map((entry) => entry.client) as [ClientAccess, ...ClientAccess[]];
  const differs = COMPARED.filter(([field]) => rest.some((client) => JSON.stringify(client[field]) !== JSON.stringify(first[field]))).map(([, label]) => label);
  return `${where}; ${differs.length === 0 ? 'the same in each' : `differs in ${differs.join(', ')}`}`;
}

function heading(client: ClientAccess): string {
  return `${code(client.name)}, owner ${code(client.owner)}${client.file ? `, ${code(client.file)}` : ''}`;
}

function renderText(model: AccessModel): string {
  const several = model.environments.length > 1;
  const out: string[] = [];
  const count = byClient(model).length;
  out.push(`Access of ${count} client${count === 1 ? '' : 's'} (${model.environments.map((environment) => `${environment.name}: ${environment.apiRoutes.length} API routes`).join('; ')}), at ${model.at}`);
  for (const [, entries] of byClient(model)) {
    out.push('', plain(heading((entries[0] as { client: ClientAccess }).client)));
    if ((entries[0] as { client: ClientAccess }).client.description) out.push(`  ${(entries[0] as { client: ClientAccess }).client.description}`);
    if (several) out.push(`  ${environmentsLine(entries, model.environments.map((environment) => environment.name))}`);
    for (const { environment, client } of entries) {
      const indent = several ? '    ' : '  ';
      if (several) out.push(`  [${environment}]`);
      out.push(...clientLines(client).map((line) => indent + plain(line)));
    }
  }
  return out.join('\n');
}

function renderMarkdown(model: AccessModel): string {
  const several = model.environments.length > 1;
  const out: string[] = [];
  const count = byClient(model).length;
  out.push(`## Access of ${count} client${count === 1 ? '' : 's'}`, '', markdown(`${model.environments.map((environment) => `${environment.name}: ${environment.apiRoutes.length} API routes`).join('; ')}; at ${model.at}`));
  for (const [, entries] of byClient(model)) {
    const first = (entries[0] as { client: ClientAccess }).client;
    out.push('', `### ${markdown(heading(first))}`, '');
    if (first.description) out.push(markdown(first.description), '');
    if (several) out.push(markdown(environmentsLine(entries, model.environments.map((environment) => environment.name))), '');
    for (const { environment, client } of entries) {
      if (several) out.push(`#### ${markdown(environment)}`, '');
      // Nested lines (two-space indent) become nested list items.
      out.push(...clientLines(client).map((line) => {
        const depth = line.length - line.trimStart().length;
        return `${' '.repeat(depth)}- ${markdown(line.trimStart())}`;
      }));
      if (several) out.push('');
    }
  }
  return out.join('\n');
}

export function renderAccessModel(model: AccessModel, format: Format): string {
  if (format === 'json') return JSON.stringify(model, null, 2);
  return format === 'markdown' ? renderMarkdown(model) : renderText(model);
}
