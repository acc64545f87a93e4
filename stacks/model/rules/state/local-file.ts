/** state/local-file (warning): An AWS stack keeping its Terraform state in a local file. */
import { defineRule } from '../rule';

export const localFile = defineRule<{ readonly localState: boolean }>({
  code: 'state/local-file',
  severity: 'warning',
  summary: 'An AWS stack keeping its Terraform state in a local file (GATEHOUSE_LOCAL_STATE=allow)',
  check: ({ localState }) =>
    localState
      ? [
          {
            field: 'GATEHOUSE_LOCAL_STATE',
            value: 'allow',
            message: 'keeps the Terraform state of this stack in a local file: fine for trying it out, never for CI or shared accounts, where the next run would not know what exists',
            fix: 'set GATEHOUSE_STATE_BUCKET to keep the state in S3',
          },
        ]
      : [],
});
