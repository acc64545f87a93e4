/** A mistake in how a command was called: printed as one line (no stack trace), exit status 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
