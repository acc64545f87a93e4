/**
 * Building and synthesizing an app with source-mapped stack traces off. cdktf captures a full stack trace
 * (no depth limit) for every token it makes (each reference, each lazy value) and formats it at once;
 * under tsx, which cdktf.json's app runs in, Node maps every frame of each through the source maps: 8% of
 * synth at 10,000 clients, measured with bench/iac-scale.ts. Only an unresolvable token's error would read
 * such a trace; the app prints errors by their message, which source maps do not change.
 */
export function withPlainStackTraces<T>(work: () => T): T {
  const enabled = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  try {
    return work();
  } finally {
    process.setSourceMapsEnabled(enabled);
  }
}
