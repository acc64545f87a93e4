/**
 * Bundles the authorizer into one minified file for the nodejs22.x runtime: dist/authorizer/index.js.
 * The DynamoDB and Secrets Manager clients stay external: the Lambda runtime ships the AWS SDK v3, and
 * leaving them out keeps the bundle (and the cold start) small.
 */
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { join } from 'node:path';

export const AUTHORIZER_BUNDLE_DIR = join(__dirname, '..', 'dist', 'authorizer');
export const AUTHORIZER_BUNDLE = join(AUTHORIZER_BUNDLE_DIR, 'index.js');
export const AUTHORIZER_EXTERNALS = ['@aws-sdk/client-dynamodb', '@aws-sdk/client-secrets-manager'];

export async function buildAuthorizer(): Promise<{ bytes: number }> {
  await build({
    entryPoints: [join(__dirname, '..', 'lambda', 'handler.ts')],
    outfile: AUTHORIZER_BUNDLE,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: AUTHORIZER_EXTERNALS,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return { bytes: statSync(AUTHORIZER_BUNDLE).size };
}

if (require.main === module) {
  buildAuthorizer().then(
    ({ bytes }) => console.log(`built ${AUTHORIZER_BUNDLE} (${(bytes / 1024).toFixed(1)} KiB)`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
