/**
 * The CI workflow (.github/workflows/gatehouse.yml): valid by GitHub's own workflow parser, with the
 * least permissions each job needs, a diff and a deploy per environment of stacks/environments.ts (in its
 * order, each with its own role), and an access review that posts one pull request comment and updates
 * it in place. GitHub cannot be reached from a test, so the review's script runs against an in-memory
 * stand-in for the three comment endpoints it calls.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../../stacks/environments';
import { ACCESS_DIFF_MARKER } from '../../stacks/model/access/render-diff';
import { testTempDir } from '../support/temporary';

const ROOT = join(__dirname, '..', '..');
const WORKFLOW = join(ROOT, '.github', 'workflows', 'gatehouse.yml');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly if?: string;
  readonly needs?: string | string[];
  readonly environment?: string;
  readonly strategy?: { readonly matrix: { readonly include: Record<string, string>[] } };
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
}
const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as { permissions: Record<string, string>; jobs: Record<string, Job> };
const review = workflow.jobs['access-review'] as Job;

function githubParser(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [require.resolve('tsx/cli'), join(ROOT, 'test', 'support', 'workflow-parser.mts'), path], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve((JSON.parse(stdout) as { errors: string[] }).errors);
    });
  });
}

describe('the workflow file', () => {
  it('is valid for GitHub Actions, by GitHub\'s workflow parser, which does find mistakes', async () => {
    expect(await githubParser(WORKFLOW)).toEqual([]);
    const broken = join(testTempDir('workflow'), 'gatehouse.yml');
    writeFileSync(broken, readFileSync(WORKFLOW, 'utf8').replace('pull-requests: write', 'pull-requests: post'));
    expect(await githubParser(broken)).toEqual([expect.stringContaining("Unexpected value 'post'")]);
  }, 90_000);

  it('reads contents only, and lets only the access review write to pull requests, without AWS credentials', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const writers = Object.entries(workflow.jobs).filter(([, job]) => job.permissions?.['pull-requests'] !== undefined);
    expect(writers.map(([name]) => name)).toEqual(['access-review']);
    expect(review.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(review.if).toBe("github.event_name == 'pull_request'");
    expect(JSON.stringify(review)).not.toMatch(/aws|secrets\.|id-token/i);
  });

  it('diffs the merge commit against its first parent, the base branch, and keeps exit 3 (changes) from failing the job', () => {
    const checkout = review.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with).toEqual({ 'fetch-depth': 2 });
    const diff = review.steps.find((step) => step.run?.includes('access diff')) as Step;
    expect(diff.run).toContain('node bin/gatehouse.js access diff HEAD^1 --format markdown > access-review.md');
    expect(diff.run).toContain('if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then exit "$status"; fi');
  });
});

describe('environments', () => {
  const names = ENVIRONMENTS.map((environment) => environment.name);
  const roleOf = (job: Job) => job.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with?.['role-to-assume'];

  it('diffs every environment on pull requests, each with its own read-only role, stack by stack', () => {
    const diff = workflow.jobs.diff as Job;
    const matrix = diff.strategy?.matrix.include ?? [];
    expect(matrix.map((entry) => entry.environment)).toEqual(names);
    expect(roleOf(diff)).toBe('${{ vars[matrix.role] }}');
    const roles = matrix.map((entry) => entry.role);
    expect(new Set(roles).size).toBe(names.length);
    // Plan roles are not deploy roles.
    for (const role of roles) expect(role).toMatch(/^GATEHOUSE_[A-Z0-9_]+_PLAN_ROLE_ARN$/);
    const run = diff.steps.map((step) => step.run ?? '').join('\n');
    expect(run).toContain('npm run synth');
    expect(run).toMatch(/for stack in \$\(npm run --silent stacks -- "\$ENVIRONMENT"\); do\n\s+npm run cdktf -- diff "\$stack" --skip-synth/);
    expect(diff.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('deploys on main in the order of stacks/environments.ts, each after the one before, with its own role and GitHub environment', () => {
    const deploys = names.map((name) => [name, workflow.jobs[`deploy-${name}`]] as const);
    expect(Object.keys(workflow.jobs).filter((name) => name.startsWith('deploy')).sort()).toEqual(names.map((name) => `deploy-${name}`).sort());
    const roles = new Set<unknown>();
    deploys.forEach(([name, job], index) => {
      expect(job).toBeDefined();
      expect(job!.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
      expect(job!.needs).toBe(index === 0 ? 'test' : `deploy-${names[index - 1]}`);
      expect(job!.environment).toBe(name);
      expect(job!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      expect(roleOf(job!)).toBe(`\${{ vars.GATEHOUSE_${name.toUpperCase().replace(/-/g, '_')}_ROLE_ARN }}`);
      roles.add(roleOf(job!));
      // Every stack of this environment and no other's: the list the stacks script reads from the synthesized app.
      const runs = job!.steps.flatMap((step) => (step.run ? [step.run] : []));
      expect(runs).toContain(`npm run cdktf -- deploy $(npm run --silent stacks -- ${name}) --skip-synth --auto-approve`);
      // After the deploy, the stage's authorizer cache of this environment is flushed (issue 18).
      const deployAt = runs.findIndex((run) => run.includes('cdktf -- deploy'));
      const flushAt = runs.findIndex((run) => run.includes(`bin/gatehouse.js flush --environment ${name}`));
      expect([deployAt >= 0, flushAt > deployAt]).toEqual([true, true]);
    });
    expect(roles.size).toBe(names.length);
    // Production waits for approval in its GitHub environment.
    expect(workflow.jobs['deploy-production']?.environment).toBe('production');
  });

  it('lets only the diff and deploy jobs ask for an AWS token', () => {
    const tokenJobs = Object.entries(workflow.jobs).filter(([, job]) => job.permissions?.['id-token'] !== undefined).map(([name]) => name);
    expect(tokenJobs.sort()).toEqual(['diff', ...names.map((name) => `deploy-${name}`)].sort());
  });
});

/** The comment endpoints the script calls, as GitHub answers them, over an in-memory list. */
function fakeGitHub(comments: { id: number; user: { login: string }; body: string }[]) {
  const calls: string[] = [];
  const rest = {
    issues: {
      listComments: async () => ({ data: comments }),
      createComment: async ({ body, issue_number }: { body: string; issue_number: number }) => {
        calls.push(`create #${issue_number}`);
        comments.push({ id: comments.length + 100, user: { login: 'github-actions[bot]' }, body });
      },
      updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
        calls.push(`update ${comment_id}`);
        const comment = comments.find((entry) => entry.id === comment_id);
        if (!comment) throw new Error('Not Found');
        comment.body = body;
      },
    },
  };
  return { calls, github: { rest, paginate: async (method: () => Promise<{ data: unknown[] }>) => (await method()).data } };
}

describe('the access review comment', () => {
  const post = review.steps.find((step) => step.uses?.startsWith('actions/github-script@')) as Step;
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
  const script = new AsyncFunction('github', 'context', 'require', 'process', post.with?.script as string);
  const context = { serverUrl: 'https://github.com', repo: { owner: 'example-org', repo: 'gatehouse' }, runId: 42, payload: { pull_request: { number: 7 } } };

  async function runReview(markdown: string, changed: boolean, comments: Parameters<typeof fakeGitHub>[0]) {
    const dir = testTempDir('review');
    writeFileSync(join(dir, 'access-review.md'), markdown);
    const fake = fakeGitHub(comments);
    // The script reads the review from the job's working directory: here, `dir`.
    const inDir = (name: string) => (name === 'node:fs' ? { readFileSync: (path: string, encoding: BufferEncoding) => readFileSync(join(dir, path), encoding) } : require(name));
    await script(fake.github, context, inDir, { env: { CHANGED: String(changed) } });
    return fake;
  }

  it('runs only for the repository\'s own pull requests, which get a token that may write', () => {
    expect(post.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(post.with?.script).toContain(`const marker = '${ACCESS_DIFF_MARKER}';`);
  });

  it('posts one comment, then updates it in place on every push; never adopts someone else\'s comment', async () => {
    const comments = [{ id: 1, user: { login: 'mallory' }, body: `${ACCESS_DIFF_MARKER}\nnothing to see` }];
    const first = await runReview(`${ACCESS_DIFF_MARKER}\n## Access review\n\nfirst`, true, comments);
    expect(first.calls).toEqual(['create #7']);
    const second = await runReview(`${ACCESS_DIFF_MARKER}\n## Access review\n\nsecond`, true, comments);
    expect(second.calls).toEqual(['update 101']);
    expect(comments.map((comment) => comment.id)).toEqual([1, 101]);
    expect(comments[1]?.body).toBe(`${ACCESS_DIFF_MARKER}\n## Access review\n\nsecond\n\nThe Terraform plans are in the \`diff\` jobs of [this run](https://github.com/example-org/gatehouse/actions/runs/42), one per environment.`);
    expect(comments[0]?.body).toBe(`${ACCESS_DIFF_MARKER}\nnothing to see`);
  });

  it('says so when a later push undoes the change, and stays silent on a pull request that never changed access', async () => {
    const comments = [{ id: 5, user: { login: 'github-actions[bot]' }, body: `${ACCESS_DIFF_MARKER}\nold` }];
    expect((await runReview(`${ACCESS_DIFF_MARKER}\nNo change in effective access`, false, comments)).calls).toEqual(['update 5']);
    expect(comments[0]?.body).toContain('No change in effective access');
    expect((await runReview(`${ACCESS_DIFF_MARKER}\nNo change in effective access`, false, [])).calls).toEqual([]);
  });

  it('cuts a review longer than a comment may be, pointing at the run', async () => {
    const comments: Parameters<typeof fakeGitHub>[0] = [];
    await runReview(`${ACCESS_DIFF_MARKER}\n${'x'.repeat(70_000)}`, true, comments);
    expect(comments[0]?.body.length).toBeLessThan(65_536);
    expect(comments[0]?.body).toContain('cut short: the whole review is in the summary of [this run]');
  });
});
