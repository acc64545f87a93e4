/**
 * CODEOWNERS as GitHub documents it ("About code owners"): the expectations below are the examples and
 * warnings of that page, not derived from the parser.
 */
import { codeOwnersRuleFor, parseCodeOwners } from '../../stacks/model/access/codeowners';

/** GitHub's example file, one rule per documented behaviour (the last match wins, so each test file stands alone). */
function ownersOf(file: string, path: string): readonly string[] | undefined {
  return codeOwnersRuleFor(parseCodeOwners(file, '.github/CODEOWNERS'), path)?.owners;
}

describe('CODEOWNERS patterns, per GitHub\'s documented examples', () => {
  it('* owns everything; a later *.js line takes JavaScript files at any depth', () => {
    const file = '* @global-owner1 @global-owner2\n*.js    @js-owner #This is an inline comment.\n';
    expect(ownersOf(file, 'README.md')).toEqual(['@global-owner1', '@global-owner2']);
    expect(ownersOf(file, 'src/deep/app.js')).toEqual(['@js-owner']);
    expect(ownersOf(file, 'app.js')).toEqual(['@js-owner']);
  });

  it('/build/logs/ owns that directory at the root and its subdirectories, nowhere else', () => {
    const file = '/build/logs/ @doctocat\n';
    expect(ownersOf(file, 'build/logs/a.log')).toEqual(['@doctocat']);
    expect(ownersOf(file, 'build/logs/2026/a.log')).toEqual(['@doctocat']);
    expect(ownersOf(file, 'src/build/logs/a.log')).toBeUndefined();
    expect(ownersOf(file, 'build/logs')).toBeUndefined();
  });

  it('docs/* matches files directly in docs/, not further nested ones', () => {
    const file = 'docs/* docs@example.com\n';
    expect(ownersOf(file, 'docs/getting-started.md')).toEqual(['docs@example.com']);
    expect(ownersOf(file, 'docs/build-app/troubleshooting.md')).toBeUndefined();
  });

  it('apps/ owns any file in an apps directory anywhere; /docs/ only the root one', () => {
    expect(ownersOf('apps/ @octocat\n', 'apps/a.ts')).toEqual(['@octocat']);
    expect(ownersOf('apps/ @octocat\n', 'services/apps/x/a.ts')).toEqual(['@octocat']);
    expect(ownersOf('/docs/ @doctocat\n', 'docs/a/b.md')).toEqual(['@doctocat']);
    expect(ownersOf('/docs/ @doctocat\n', 'site/docs/b.md')).toBeUndefined();
  });

  it('**/logs owns any logs directory: /build/logs, /scripts/logs, /deeply/nested/logs', () => {
    const file = '**/logs @octocat\n';
    for (const path of ['build/logs/x', 'scripts/logs/y.txt', 'deeply/nested/logs/z/w']) expect(ownersOf(file, path)).toEqual(['@octocat']);
    expect(ownersOf(file, 'build/catalogs/x')).toBeUndefined();
  });

  it('a later line without owners leaves its files without an owner; with owners, it takes them over', () => {
    expect(ownersOf('/apps/ @octocat\n/apps/github\n', 'apps/github/x.ts')).toEqual([]);
    expect(ownersOf('/apps/ @octocat\n/apps/github\n', 'apps/other/x.ts')).toEqual(['@octocat']);
    expect(ownersOf('/apps/ @octocat\n/apps/github @doctocat\n', 'apps/github/x.ts')).toEqual(['@doctocat']);
  });

  it('skips what GitHub says does not work, and says where', () => {
    const parsed = parseCodeOwners(['* @everyone', '!*.md @nobody', '*.[ch] @c-team', '\\#file @hash', 'stacks/ not-an-owner'].join('\n'), 'CODEOWNERS');
    expect(parsed.rules.map((rule) => rule.line)).toEqual([1]);
    expect(parsed.skipped.map((skipped) => skipped.line)).toEqual([2, 3, 4, 5]);
    expect(parsed.skipped[0]?.reason).toContain('negation');
    expect(parsed.skipped[1]?.reason).toContain('character ranges');
    expect(ownersOf(['* @everyone', '!*.md @nobody'].join('\n'), 'README.md')).toEqual(['@everyone']);
  });

  it('covers every client file with stacks/clients/*, and a client of its own with its file', () => {
    const file = '/stacks/clients/* @org/platform\n/stacks/clients/acme.ts @org/acme-team\n';
    expect(codeOwnersRuleFor(parseCodeOwners(file, '.github/CODEOWNERS'), 'stacks/clients/billing.ts')).toMatchObject({ line: 1, pattern: '/stacks/clients/*' });
    expect(ownersOf(file, 'stacks/clients/acme.ts')).toEqual(['@org/acme-team']);
  });
});
