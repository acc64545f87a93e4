/**
 * Checks the authorizer's environment at synth with the authorizer's own configuration loader, so a
 * setting the Lambda would refuse fails `cdktf synth` instead of every request.
 */
import { loadConfig } from '../../record/authorizer-settings';
import { error, type Problem } from './problems';

/** Problems with the settings, as the authorizer would report them at cold start. */
export function checkAuthorizerEnvironment(env: Record<string, string>): Problem[] {
  // The table name may be a Terraform token at synth; any non-empty string satisfies the loader.
  try {
    loadConfig({ ...env, GATEHOUSE_TABLE_NAME: 'table' });
    return [];
  } catch (caught) {
    return [error('authorizer', env, (caught as Error).message, 'correct the authorizer setting named in the message')];
  }
}
