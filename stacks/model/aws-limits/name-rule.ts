/**
 * A limit AWS documents for a name or value: its length range and the characters it may hold, with the
 * page that says so. Gatehouse derives names (from `namePrefix`, client and policy names); checking them
 * at synth turns what AWS would refuse in the middle of a deploy into a synth error naming the fix.
 */
import type { Finding } from '../problems';

export interface NameRule {
  /** What the rule is about, e.g. "Lambda function names". */
  readonly subject: string;
  readonly minLength: number;
  readonly maxLength: number;
  /** The whole value must match. */
  readonly pattern: RegExp;
  /** The allowed characters in words, for the message. */
  readonly characters: string;
  /** Where AWS documents the limit. */
  readonly documentation: string;
}

export interface NameToCheck {
  readonly rule: NameRule;
  /** The setting the value comes from, e.g. `namePrefix`. */
  readonly field: string;
  /** The value checked. */
  readonly value: string;
  /** The setting's own value, when the value checked is derived from it (e.g. a name from a prefix). */
  readonly setting?: string;
  /** How to bring the value within the limit. */
  readonly fix: string;
}

/** What AWS would refuse about a name: its length, its characters. */
export function nameFindings({ rule, field, value, setting, fix }: NameToCheck): Finding[] {
  const problems: Finding[] = [];
  const subject = setting === undefined ? 'is' : `gives the name ${JSON.stringify(value)}, which is`;
  if (value.length < rule.minLength || value.length > rule.maxLength) {
    problems.push({ field, value: setting ?? value, message: `${subject} ${value.length} characters long, where AWS allows ${rule.minLength} to ${rule.maxLength} for ${rule.subject} (${rule.documentation})`, fix });
  }
  if (!rule.pattern.test(value)) {
    problems.push({ field, value: setting ?? value, message: `${subject} made of characters AWS refuses for ${rule.subject}, which may hold only ${rule.characters} (${rule.documentation})`, fix });
  }
  return problems;
}

/** A name the platform derives from its `namePrefix`: the fix says how long the prefix may be. */
export function nameFromPrefix(rule: NameRule, prefix: string, name: string): NameToCheck {
  const excess = name.length - rule.maxLength;
  const fix = excess > 0 ? `shorten namePrefix to at most ${prefix.length - excess} characters` : 'use only lowercase letters, digits and hyphens in namePrefix';
  return { rule, field: 'namePrefix', value: name, setting: prefix, fix };
}
