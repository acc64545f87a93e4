/**
 * `gatehouse access diff`: the changes as terminal text, Markdown (for the pull request comment) or JSON.
 * Clients riskiest first, each with who must approve it; within a client, its environments side by side:
 * a change made alike in several environments appears once under all their names, one made in some only
 * under theirs. Environment names appear once the app has more than one environment.
 */
import { type AccessDiff, type Approval, type ClientChanges, type FileApproval, type Risk, type SharedChange, sideBySide } from './changes';
import { code } from './describe';
import { type Format, markdown, plain } from './render-format';

/** Marks the pull request comment, so CI updates its own comment instead of adding one per push. */
export const ACCESS_DIFF_MARKER = '<!-- gatehouse:access-diff -->';

const RISK_LABEL: Record<Risk, string> = { high: 'HIGH', medium: 'medium', low: 'low' };
const RISK_BADGE: Record<Risk, string> = { high: '🔴 high', medium: '🟠 medium', low: '🟢 low' };

function approvalText(approval: Approval): string {
  return [`owner ${approval.owners.map(code).join(' and ')}`, codeOwnersText(approval)].filter((part) => part !== '').join('; ');
}

function codeOwnersText(approval: FileApproval): string {
  const parts: string[] = [];
  for (const entry of approval.codeowners) {
    parts.push(
      entry.owners.length > 0
        ? `CODEOWNERS ${entry.owners.map(code).join(' ')} for ${code(entry.file)} (line ${entry.line} ${code(entry.pattern)})`
        : `no code owner for ${code(entry.file)} (line ${entry.line} ${code(entry.pattern)} names nobody)`,
    );
  }
  for (const file of approval.uncovered) parts.push(`no CODEOWNERS line covers ${code(file)}`);
  return parts.join('; ');
}

/** Shared definitions reach clients whose own files did not change: their code owners approve too. */
function sharedDefinitionsText(shared: FileApproval): string {
  return `Shared definitions changed, which every client reads: ${shared.files.map(code).join(', ')}. Their approval: ${codeOwnersText(shared)}.`;
}

function summary(diff: AccessDiff): string {
  const { counts } = diff;
  if (!diff.changed) return `No change in effective access compared with ${code(diff.base)}.`;
  const risks = (['high', 'medium', 'low'] as const).filter((risk) => counts[risk] > 0).map((risk) => `${counts[risk]} ${risk}`).join(', ');
  return `${counts.clients} client${counts.clients === 1 ? '' : 's'} change${counts.clients === 1 ? 's' : ''} access compared with ${code(diff.base)}: ${counts.changes} change${counts.changes === 1 ? '' : 's'} (${risks} risk).`;
}

const severalEnvironments = (diff: AccessDiff) => diff.environments.length > 1;

/** Consecutive changes made in the same environments, under one heading. */
function byEnvironments(client: ClientChanges): { environments: string; changes: SharedChange[] }[] {
  const groups: { environments: string; changes: SharedChange[] }[] = [];
  for (const entry of sideBySide(client)) {
    const environments = entry.environments.join(', ');
    const last = groups.at(-1);
    if (last?.environments === environments) last.changes.push(entry);
    else groups.push({ environments, changes: [entry] });
  }
  return groups;
}

function renderText(diff: AccessDiff): string {
  const several = severalEnvironments(diff);
  const out = [plain(summary(diff))];
  if (diff.changed) out.push(plain(`Approvals from the client's owner and the code owners of its file (${diff.codeownersSource}).`));
  if (diff.sharedDefinitions.files.length > 0) out.push(plain(sharedDefinitionsText(diff.sharedDefinitions)));
  for (const client of diff.clients) {
    out.push('', plain(`${client.client} [${RISK_LABEL[client.risk]}]`), plain(`  approval: ${approvalText(client.approval)}`));
    for (const group of byEnvironments(client)) {
      if (several) out.push(`  [${group.environments}]`);
      for (const { change } of group.changes) out.push(`${several ? '    ' : '  '}${RISK_LABEL[change.risk].padEnd(6)} ${plain(change.message)}`);
    }
  }
  return out.join('\n');
}

function clientMarkdown(client: ClientChanges, several: boolean): string[] {
  const out = [`### ${RISK_BADGE[client.risk].split(' ')[0]} ${code(client.client)}`, '', `Needs approval from: ${markdown(approvalText(client.approval))}`, ''];
  out.push(several ? '| risk | environments | change |' : '| risk | change |', several ? '|---|---|---|' : '|---|---|');
  for (const { change, environments } of sideBySide(client)) {
    const cells = [RISK_BADGE[change.risk], ...(several ? [markdown(environments.map(code).join(', '), { table: true })] : []), markdown(change.message, { table: true })];
    out.push(`| ${cells.join(' | ')} |`);
  }
  return out;
}

function renderMarkdown(diff: AccessDiff): string {
  const several = severalEnvironments(diff);
  const out = [ACCESS_DIFF_MARKER, `## Access review`, '', markdown(summary(diff))];
  if (diff.changed) out.push('', markdown(`Approvals come from each client's declared owner and the code owners of its file (${diff.codeownersSource}).`));
  if (diff.sharedDefinitions.files.length > 0) out.push('', markdown(sharedDefinitionsText(diff.sharedDefinitions)));
  for (const client of diff.clients) out.push('', ...clientMarkdown(client, several));
  return out.join('\n');
}

export function renderAccessDiff(diff: AccessDiff, format: Format): string {
  if (format === 'json') return JSON.stringify(diff, null, 2);
  return format === 'markdown' ? renderMarkdown(diff) : renderText(diff);
}
