/**
 * GitHub's CODEOWNERS: who must approve a change to a file. Written from GitHub's documentation ("About
 * code owners") rather than taken from a gitignore library (the npm CODEOWNERS packages use `ignore`),
 * because GitHub documents where it departs from gitignore, and those are the cases that decide who
 * reviews a client file:
 * - the last matching line wins; a line with no owners leaves matching files without an owner;
 * - `docs/*` matches files directly in docs/, not files in its subdirectories;
 * - `!` negation, `[ ]` character ranges and `\#` escapes do not work: such lines are skipped (GitHub
 *   reports them as errors), and so is a line with something other than @user, @org/team or an email as
 *   an owner; a `#` starting a word after the pattern begins a comment (GitHub's own example has one);
 * - GitHub reads the first of .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS, from the pull
 *   request's base branch.
 */

/** Where GitHub looks, in its order. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export interface CodeOwnersRule {
  readonly pattern: string;
  readonly owners: readonly string[];
  /** 1-based line in the file. */
  readonly line: number;
  readonly matches: (path: string) => boolean;
}

export interface CodeOwners {
  /** The file, e.g. `.github/CODEOWNERS`. */
  readonly source: string;
  readonly rules: readonly CodeOwnersRule[];
  readonly skipped: readonly { readonly line: number; readonly reason: string }[];
}

const OWNER = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

const escapeRegex = (text: string) => text.replace(/[\\^$.+?()[\]{}|]/g, '\\$&');

/** A glob body (no leading or trailing slash) as a regex: `*` and `?` stay inside a segment, `**` spans them. */
function globRegex(body: string): string {
  const segments = body.split('/');
  let regex = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      regex += last ? '.*' : '(?:.*/)?';
      return;
    }
    regex += segment
      .split('')
      .map((char) => (char === '*' ? '[^/]*' : char === '?' ? '[^/]' : escapeRegex(char)))
      .join('');
    if (!last) regex += '/';
  });
  return regex;
}

function matcherFor(pattern: string): (path: string) => boolean {
  const directory = pattern.endsWith('/');
  const body = pattern.replace(/^\//, '').replace(/\/$/, '');
  // A slash at the start or in the middle anchors the pattern to the repository root (gitignore's rule).
  const anchored = pattern.startsWith('/') || body.includes('/');
  const prefix = anchored ? '^' : '^(?:.*/)?';
  const glob = globRegex(body);
  let regex: RegExp;
  if (directory) regex = new RegExp(`${prefix}${glob}/.+$`);
  else if (body === '*' || /\/\*$/.test(body)) regex = new RegExp(`${prefix}${glob}$`); // files directly inside only
  else regex = new RegExp(`${prefix}${glob}(?:/.+)?$`); // a file, or everything in a directory of that name
  return (path) => regex.test(path.replace(/^\//, ''));
}

export function parseCodeOwners(text: string, source: string): CodeOwners {
  const rules: CodeOwnersRule[] = [];
  const skipped: { line: number; reason: string }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const [pattern, ...words] = trimmed.split(/\s+/) as [string, ...string[]];
    const comment = words.findIndex((word) => word.startsWith('#'));
    const owners = comment === -1 ? words : words.slice(0, comment);
    if (pattern.startsWith('!')) return void skipped.push({ line, reason: `"${pattern}": negation (!) does not work in CODEOWNERS` });
    if (/[[\]]/.test(pattern)) return void skipped.push({ line, reason: `"${pattern}": character ranges ([ ]) do not work in CODEOWNERS` });
    if (pattern.startsWith('\\#')) return void skipped.push({ line, reason: `"${pattern}": escaping # does not work in CODEOWNERS` });
    const bad = owners.find((owner) => !OWNER.test(owner));
    if (bad !== undefined) return void skipped.push({ line, reason: `"${bad}" is not @user, @org/team or an email address` });
    rules.push({ pattern, owners, line, matches: matcherFor(pattern) });
  });
  return { source, rules, skipped };
}

/** The line that decides a file's owners: the last that matches; undefined when none does. */
export function codeOwnersRuleFor(codeowners: CodeOwners, path: string): CodeOwnersRule | undefined {
  for (let index = codeowners.rules.length - 1; index >= 0; index--) {
    const rule = codeowners.rules[index] as CodeOwnersRule;
    if (rule.matches(path)) return rule;
  }
  return undefined;
}
