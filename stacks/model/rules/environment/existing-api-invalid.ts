/** environment/existing-api-invalid (error): An existing REST API named by something other than its id and stage. */
import type { EnvironmentSettings } from '../../environment';
import { defineRule } from '../rule';

export const existingApiInvalid = defineRule<{ readonly settings: EnvironmentSettings; readonly all: readonly EnvironmentSettings[] }>({
  code: 'environment/existing-api-invalid',
  severity: 'error',
  summary: 'An existing REST API whose id or stage name API Gateway would not accept',
  check: ({ settings: { api } }) => {
    if (api.kind !== 'existing') return [];
    const problems = [];
    if (!/^[a-z0-9]{10}$/.test(api.restApiId)) {
      problems.push({ field: 'api.restApiId', value: api.restApiId, message: 'is not a REST API id (10 lowercase letters and digits)', fix: 'use the id `aws apigateway get-rest-apis` prints for the API' });
    }
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(api.stageName)) {
      problems.push({ field: 'api.stageName', value: api.stageName, message: 'is not a stage name', fix: 'use the name of the deployed stage usage plans apply to, e.g. prod' });
    }
    return problems;
  },
});
