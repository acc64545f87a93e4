/**
 * A limit AWS documents for a name or value: its length range and the characters it may hold, with the
 * page that says so. Gatehouse derives names (from `namePrefix`, client and policy names); checking them
 * at synth turns what AWS would refuse in the middle of a deploy into a synth error naming the fix.
 */
import { error, type Problem } from '../problems';

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
  /** The setting the value comes from, e.g. `namePrefix`. */
  readonly field: string;
  /** The value checked. */
  readonly value: string;
  /** The setting's own value, when the value checked is derived from it (e.g. a name from a prefix). */
  readonly setting?: string;
  /** How to bring the value within the limit. */
  readonly fix: string;
}

export function checkNameRule(rule: NameRule, { field, value, setting, fix }: NameToCheck): Problem[] {
  const problems: Problem[] = [];
  const subject = setting === undefined ? 'is' : `gives the name ${JSON.stringify(value)}, which is`;
  if (value.length < rule.minLength || value.length > rule.maxLength) {
    problems.push(error(field, setting ?? value, `${subject} ${value.length} characters long, where AWS allows ${rule.minLength} to ${rule.maxLength} for ${rule.subject} (${rule.documentation})`, fix));
  }
  if (!rule.pattern.test(value)) {
    problems.push(error(field, setting ?? value, `${subject} made of characters AWS refuses for ${rule.subject}, which may hold only ${rule.characters} (${rule.documentation})`, fix));
  }
  return problems;
}

/** A name the platform derives from its `namePrefix`: the fix says how long the prefix may be. */
export function checkNameFromPrefix(rule: NameRule, prefix: string, name: string): Problem[] {
  const excess = name.length - rule.maxLength;
  const fix = excess > 0 ? `shorten namePrefix to at most ${prefix.length - excess} characters` : 'use only lowercase letters, digits and hyphens in namePrefix';
  return checkNameRule(rule, { field: 'namePrefix', value: name, setting: prefix, fix });
}
