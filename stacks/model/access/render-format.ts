/** The output formats, and how a description (values in backticks) becomes terminal text or Markdown. */

export const FORMATS = ['text', 'markdown', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** For terminals: the backticks go, the values stay. */
export function plain(text: string): string {
  return text.replace(/`([^`]*)`/g, '$1');
}

/**
 * For Markdown: code spans stay as they are; elsewhere characters Markdown would read as markup are
 * escaped. In a table cell a `|` ends the cell even inside a code span, so there it is escaped too.
 */
export function markdown(text: string, options: { table?: boolean } = {}): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) => {
      const escaped = index % 2 === 1 ? part : part.replace(/[\\*_<>[\]#|]/g, '\\$&');
      return options.table ? escaped.replace(/(?<!\\)\|/g, '\\|') : escaped;
    })
    .join('');
}
