/**
 * `gatehouse access diff`: the changes as terminal text, Markdown (for the pull request comment) or JSON.
 * Clients riskiest first, each with who must approve it; within a client, by environment, riskiest
 * change first. Environment headings appear once the diff spans more than one environment.
 */
import type { AccessDiff, Approval, ClientChanges, Risk } from './changes';
import { code } from './describe';
import { type Format, markdown, plain } from './render-format';

/** Marks the pull request comment, so CI updates its own comment instead of adding one per push. */
export const ACCESS_DIFF_MARKER = '<!-- gatehouse:access-diff -->';

const RISK_LABEL: Record<Risk, string> = { high: 'HIGH', medium: 'medium', low: 'low' };
const RISK_BADGE: Record<Risk, string> = { high: '🔴 high', medium: '🟠 medium', low: '🟢 low' };

function approvalText(approval: Approval): string {
  const parts = [`owner ${approval.owners.map(code).join(' and ')}`];
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

function summary(diff: AccessDiff): string {
  const { counts } = diff;
  if (!diff.changed) return `No change in effective access compared with ${code(diff.base)}.`;
  const risks = (['high', 'medium', 'low'] as const).filter((risk) => counts[risk] > 0).map((risk) => `${counts[risk]} ${risk}`).join(', ');
  return `${counts.clients} client${counts.clients === 1 ? '' : 's'} change${counts.clients === 1 ? 's' : ''} access compared with ${code(diff.base)}: ${counts.changes} change${counts.changes === 1 ? '' : 's'} (${risks} risk).`;
}

const severalEnvironments = (diff: AccessDiff) => new Set(diff.clients.flatMap((client) => client.environments.map((entry) => entry.environment))).size > 1;

function renderText(diff: AccessDiff): string {
  const several = severalEnvironments(diff);
  const out = [plain(summary(diff))];
  if (diff.changed) out.push(plain(`Approvals from the client's owner and the code owners of its file (${diff.codeownersSource}).`));
  for (const client of diff.clients) {
    out.push('', plain(`${client.client} [${RISK_LABEL[client.risk]}]`), plain(`  approval: ${approvalText(client.approval)}`));
    for (const entry of client.environments) {
      if (several) out.push(`  [${entry.environment}]`);
      for (const change of entry.changes) out.push(`${several ? '    ' : '  '}${RISK_LABEL[change.risk].padEnd(6)} ${plain(change.message)}`);
    }
  }
  return out.join('\n');
}

function clientMarkdown(client: ClientChanges, several: boolean): string[] {
  const out = [`### ${RISK_BADGE[client.risk].split(' ')[0]} ${code(client.client)}`, '', `Needs approval from: ${markdown(approvalText(client.approval))}`, ''];
  out.push(several ? '| risk | environment | change |' : '| risk | change |', several ? '|---|---|---|' : '|---|---|');
  for (const entry of client.environments) {
    for (const change of entry.changes) {
      const cells = [RISK_BADGE[change.risk], ...(several ? [markdown(code(entry.environment), { table: true })] : []), markdown(change.message, { table: true })];
      out.push(`| ${cells.join(' | ')} |`);
    }
  }
  return out;
}

function renderMarkdown(diff: AccessDiff): string {
  const several = severalEnvironments(diff);
  const out = [ACCESS_DIFF_MARKER, `## Access review`, '', markdown(summary(diff))];
  if (diff.changed) out.push('', markdown(`Approvals come from each client's declared owner and the code owners of its file (${diff.codeownersSource}).`));
  for (const client of diff.clients) out.push('', ...clientMarkdown(client, several));
  return out.join('\n');
}

export function renderAccessDiff(diff: AccessDiff, format: Format): string {
  if (format === 'json') return JSON.stringify(diff, null, 2);
  return format === 'markdown' ? renderMarkdown(diff) : renderText(diff);
}
