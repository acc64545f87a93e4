/**
 * The access model at another commit, for `gatehouse access diff <ref>`.
 *
 * The other commit's client definitions are TypeScript: they have to be run, by the code that runs the
 * working tree's, so that only the definitions differ between the two sides. So:
 *   1. a temporary git worktree of HEAD (`git worktree add --detach`), with the working tree's
 *      uncommitted changes to everything but the definitions copied over it: the current code;
 *   2. the ref's definitions (DEFINITION_PATHS) checked out into it (`git checkout <ref> -- <paths>`),
 *      after removing the current ones, so files the ref lacks are gone;
 *   3. node_modules and .gatehouse (the example clients' demo keys) linked from this checkout;
 *   4. bin/cli/access-snapshot.ts run there by tsx in a child process, printing the model as JSON with
 *      the OpenAPI documents the ref's environments read; those are then taken from the ref too, and
 *      the snapshot run again if any differed;
 *   5. the worktree removed, whatever happened (also on Ctrl-C).
 * A ref that predates this layout (a definition path missing there) is refused with the commit that
 * introduced the path, and a ref whose definitions do not load with the current code is refused with
 * the child's error: comparing would report everything as changed, or nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CODEOWNERS_LOCATIONS, type CodeOwners, parseCodeOwners } from '../../stacks/model/access/codeowners';
import type { AccessModel } from '../../stacks/model/access/model';
import type { AccessSnapshot } from './access-snapshot';
import { CliError } from './cli-error';

/**
 * Project files that declare clients, keys, access policies, collections, the protected API's routes
 * and the environments all of it is deployed to (an environment added or removed, or its API's routes
 * changed, changes access as much as a client file does): what is taken from the ref. Everything else
 * is the current code.
 */
export const DEFINITION_PATHS = ['stacks/clients', 'stacks/api-catalog.ts', 'stacks/app/demo-rest-api.ts', 'stacks/environments.ts'] as const;

/** The definitions every client reads (all but the client files): a change there reaches clients whose files did not change. */
export const SHARED_DEFINITION_PATHS = DEFINITION_PATHS.filter((path) => path !== 'stacks/clients');

/** Linked into the worktree from this checkout: packages, and the demo keys the example clients read. */
const LINKED = ['node_modules', '.gatehouse'] as const;

const SNAPSHOT_TIMEOUT_MS = 180_000;

function git(cwd: string, args: readonly string[]): { ok: boolean; stdout: string; stderr: string } {
  // No hooks: a post-checkout hook of the repository has no business running for a temporary worktree.
  const result = spawnSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new CliError(`cannot run git: ${result.error.message}`);
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr.trim() };
}

function gitOrFail(cwd: string, args: readonly string[], what: string): string {
  const result = git(cwd, args);
  if (!result.ok) throw new CliError(`${what}: ${result.stderr || `git ${args.join(' ')} failed`}`);
  return result.stdout;
}

export interface RefSide {
  readonly model: AccessModel;
  /** `origin/main (3f2c1ab)`. */
  readonly label: string;
  /** The ref's CODEOWNERS (GitHub reads the base branch's), or why there is none. */
  readonly codeowners: CodeOwners | string;
  /** The project's folder inside the repository, `''` or `sub/dir/`. */
  readonly projectPrefix: string;
  /** Shared definitions (repository paths) that differ between the ref and the working tree. */
  readonly sharedDefinitionsChanged: readonly string[];
}

/** The repository, the project's place in it, and the ref as a commit. */
function locate(projectRoot: string, ref: string): { top: string; prefix: string; commit: string } {
  const inside = git(projectRoot, ['rev-parse', '--show-toplevel']);
  if (!inside.ok) throw new CliError(`${projectRoot} is not in a git repository: access diff compares commits`);
  const top = inside.stdout.trim();
  const prefix = gitOrFail(projectRoot, ['rev-parse', '--show-prefix'], 'cannot place the project in its repository').trim();
  const resolved = git(projectRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!resolved.ok || ref.startsWith('-')) throw new CliError(`unknown git ref "${ref}" (fetch it first: CI checkouts are shallow)`);
  return { top, prefix, commit: resolved.stdout.trim() };
}

/** Refuses a ref that predates the layout, naming the commit that introduced each missing path. */
function requireLayout(top: string, prefix: string, commit: string, ref: string): void {
  for (const path of DEFINITION_PATHS) {
    if (git(top, ['cat-file', '-e', `${commit}:${prefix}${path}`]).ok) continue;
    const introduced = git(top, ['log', '--reverse', '--format=%h', '--diff-filter=A', 'HEAD', '--', `${prefix}${path}`]).stdout.split('\n')[0];
    throw new CliError(
      `${ref} predates the layout the access model reads: it has no ${prefix}${path}` +
        (introduced ? ` (introduced in ${introduced}; compare with ${introduced} or a later commit)` : ''),
    );
  }
}

function codeOwnersAt(top: string, commit: string, ref: string): CodeOwners | string {
  for (const location of CODEOWNERS_LOCATIONS) {
    const shown = git(top, ['show', `${commit}:${location}`]);
    if (shown.ok) return parseCodeOwners(shown.stdout, location);
  }
  return `no CODEOWNERS file at ${ref}`;
}

const under = (prefix: string, paths: readonly string[], path: string) => paths.some((entry) => path === `${prefix}${entry}` || path.startsWith(`${prefix}${entry}/`));

/** Makes the worktree's code the working tree's: uncommitted edits, new and deleted files. */
function copyUncommitted(top: string, tree: string, prefix: string): void {
  const listed = gitOrFail(top, ['ls-files', '-z', '--modified', '--others', '--exclude-standard', '--full-name'], 'cannot list uncommitted files');
  for (const path of [...new Set(listed.split('\0').filter(Boolean))]) {
    // A symlinked node_modules is a file to git, so `node_modules/` in .gitignore does not hide it.
    if (under(prefix, DEFINITION_PATHS, path) || under(prefix, LINKED, path)) continue;
    const from = join(top, path);
    const to = join(tree, path);
    rmSync(to, { force: true });
    if (!existsSync(from) && !isSymlink(from)) continue;
    mkdirSync(dirname(to), { recursive: true });
    if (isSymlink(from)) symlinkSync(readlinkSync(from), to);
    else copyFileSync(from, to);
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function runSnapshot(projectDir: string, now: Date): Promise<AccessSnapshot> {
  const tsx = require.resolve('tsx/cli');
  return new Promise((resolveModel, reject) => {
    const child = spawn(process.execPath, [tsx, join(projectDir, 'bin', 'cli', 'access-snapshot.ts'), '--now', now.toISOString()], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), SNAPSHOT_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (status === 0) {
        try {
          resolveModel(JSON.parse(Buffer.concat(stdout).toString('utf8')) as AccessSnapshot);
        } catch (error) {
          reject(new Error(`its output is not an access model: ${(error as Error).message}`));
        }
        return;
      }
      const lines = Buffer.concat(stderr).toString('utf8').trim().split('\n');
      reject(new Error(signal ? `stopped after ${SNAPSHOT_TIMEOUT_MS / 1000} s` : lines.slice(0, 6).join('\n')));
    });
  });
}

/**
 * Puts the ref's version of these files (paths relative to the project) into the worktree, or removes
 * them where the ref has none; whether any of them changed.
 */
function takeFromRef(top: string, project: string, prefix: string, commit: string, paths: readonly string[]): boolean {
  let changed = false;
  for (const path of paths) {
    const file = join(project, path);
    const before = existsSync(file) ? readFileSync(file) : undefined;
    if (git(top, ['cat-file', '-e', `${commit}:${prefix}${path}`]).ok) gitOrFail(project, ['checkout', commit, '--', path], `cannot check out ${path} of the ref`);
    else rmSync(file, { force: true });
    const after = existsSync(file) ? readFileSync(file) : undefined;
    if (before === undefined || after === undefined ? before !== after : !before.equals(after)) changed = true;
  }
  return changed;
}

/** The access model of `ref`'s definitions, evaluated with the current code; statuses judged at `now`. */
export async function accessModelAtRef(projectRoot: string, ref: string, now: Date): Promise<RefSide> {
  const { top, prefix, commit } = locate(projectRoot, ref);
  requireLayout(top, prefix, commit, ref);
  const short = commit.slice(0, 7);
  const label = commit.startsWith(ref) ? short : `${ref} (${short})`;
  const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-access-ref-'));
  const tree = join(scratch, 'tree');
  const remove = () => {
    git(top, ['worktree', 'remove', '--force', tree]);
    rmSync(scratch, { recursive: true, force: true });
    git(top, ['worktree', 'prune']);
  };
  const interrupted = (signal: NodeJS.Signals) => {
    remove();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    gitOrFail(top, ['worktree', 'add', '--detach', '--quiet', tree, 'HEAD'], 'cannot make a temporary worktree');
    copyUncommitted(top, tree, prefix);
    const project = join(tree, prefix);
    for (const path of DEFINITION_PATHS) rmSync(join(project, path), { recursive: true, force: true });
    gitOrFail(project, ['checkout', commit, '--', ...DEFINITION_PATHS], `cannot check out the client definitions of ${ref}`);
    for (const name of LINKED) {
      if (!existsSync(join(projectRoot, name))) continue;
      rmSync(join(project, name), { recursive: true, force: true }); // a committed link, say
      symlinkSync(join(projectRoot, name), join(project, name), 'dir');
    }
    let model: AccessModel;
    let openApiDocuments: readonly string[];
    try {
      ({ model, openApiDocuments } = await runSnapshot(project, now));
      // The API's routes may come from OpenAPI documents the ref's environments read: the ref's too, then.
      if (takeFromRef(top, project, prefix, commit, openApiDocuments)) ({ model } = await runSnapshot(project, now));
    } catch (error) {
      // Paths inside the temporary worktree are the ref's files: named as such.
      const message = (error as Error).message.split(`${project}/`).join(`${ref}:`);
      throw new CliError(`the client definitions at ${ref} do not load with the current code: ${message}`);
    }
    // The working tree against the commit: uncommitted edits count, as they do for the clients.
    const shared = [...SHARED_DEFINITION_PATHS, ...openApiDocuments].map((path) => `${prefix}${path}`);
    const changed = gitOrFail(top, ['diff', '--name-only', commit, '--', ...shared], 'cannot compare the shared definitions');
    const sharedDefinitionsChanged = changed.split('\n').filter(Boolean);
    return { model, label, codeowners: codeOwnersAt(top, commit, ref), projectPrefix: prefix, sharedDefinitionsChanged };
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    remove();
  }
}
