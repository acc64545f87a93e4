/** key/client-elsewhere (error): A key declared in another deployment than its client. */
import { defineRule } from '../rule';

export const clientElsewhere = defineRule<{ readonly clientPath: string; readonly sameDeployment: boolean }>({
  code: 'key/client-elsewhere',
  severity: 'error',
  summary: 'A key declared in another deployment than its client',
  check: ({ clientPath, sameDeployment }) =>
    sameDeployment ? [] : [{ field: 'client', value: clientPath, message: 'belongs to another Gatehouse deployment', fix: 'declare the key in the same platform as its client' }],
});
