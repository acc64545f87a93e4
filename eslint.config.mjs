// @ts-check
/**
 * Lint: typescript-eslint's recommended rules, and the architecture as rules a change cannot cross.
 *
 *   stacks/  declares (cdktf constructs and the cdktf-free client model)
 *   lambda/  decides (the authorizer; never cdktf)
 *   record/  joins them: the language both sides speak, importing neither
 *   local/, bin/, scripts/, bench/, test/  tools around them, each importing only what sits below it
 *
 * Import cycles, type-only ones included, are checked by dependency-cruiser (.dependency-cruiser.cjs),
 * which sees type imports that import-x/no-cycle skips.
 */
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Who may not import whom, as import-x/no-restricted-paths zones: `target` may not import from `from`. */
const boundaries = [
  { target: './record', from: ['./lambda', './stacks', './local', './bin', './scripts', './bench', './test'], message: 'record/ is the shared language: it imports neither side nor any tool.' },
  { target: './lambda', from: ['./stacks', './local', './bin', './scripts', './bench', './test'], message: 'The authorizer imports only record/ (the shared language); move what both sides need there.' },
  { target: './stacks', from: ['./lambda', './local', './bin', './scripts', './bench', './test'], message: 'stacks/ declares: it imports only record/ (the shared language); move what both sides need there.' },
  { target: './local', from: ['./bin', './bench', './test'], message: 'local/ is a tool the CLI, benchmarks and tests use, not the other way round.' },
  { target: './scripts', from: ['./bin', './bench', './test'], message: 'scripts/ builds; it does not depend on the CLI, benchmarks or tests.' },
  { target: './bin', from: ['./bench', './test'], message: 'The CLI ships; it does not depend on benchmarks or tests.' },
  { target: './bench', from: ['./test'], message: 'Benchmarks measure the product, not the tests: move shared fixtures into local/ or record/.' },
];

/** The authorizer and the shared language never load the IaC framework. */
const noIacFramework = {
  patterns: [{ group: ['cdktf', 'cdktf/*', 'constructs', '@cdktf/*'], message: 'Only stacks/ uses cdktf; the authorizer and record/ stay independent of it.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'cdktf.out/', '.gen/', '.gatehouse/', 'coverage/', '.scratch/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js', '**/*.cjs'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.json'] })] },
    languageOptions: { globals: { console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', Buffer: 'readonly' } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Tools load modules on demand (the Secrets Manager client, client files, the authorizer bundle).
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  { files: ['lambda/**/*.ts', 'record/**/*.ts'], rules: { 'no-restricted-imports': ['error', noIacFramework] } },
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
);
