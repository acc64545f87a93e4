/**
 * Where a stack that deploys to AWS keeps its Terraform state. With a bucket: S3, encrypted, with S3
 * lock files. Without one, state would be a file in cdktf.out/, which a CI runner throws away after the
 * job: the next deploy would not know what exists and would try to create everything again, and a diff
 * against that empty state would show reviewers a plan to create everything instead of the real change.
 * So synth refuses the stack (and with it `cdktf diff` and `cdktf deploy`, which synthesize first) unless
 * a bucket is named or local state is asked for explicitly, for trying Gatehouse out from a laptop.
 */
import { DataTerraformRemoteStateLocal, DataTerraformRemoteStateS3, S3Backend, type TerraformRemoteState, type TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { reportProblems } from '../constructs/catalog-host';
import { STATE_RULES } from '../model/rules/index';
import { runRules } from '../model/rules/rule';

export const STATE_BUCKET_VARIABLE = 'GATEHOUSE_STATE_BUCKET';
export const LOCAL_STATE_VARIABLE = 'GATEHOUSE_LOCAL_STATE';

export interface StateBackendSettings {
  /** S3 bucket for the state. Default: GATEHOUSE_STATE_BUCKET. */
  readonly stateBucket?: string;
  /** `'allow'` keeps state in a local file when no bucket is named. Default: GATEHOUSE_LOCAL_STATE. */
  readonly localState?: 'allow';
  readonly region: string;
  /** The state's key in the bucket. */
  readonly key: string;
}

/** Where a stack's state is, for other stacks to read its outputs. */
export type StateLocation = { readonly kind: 's3'; readonly bucket: string; readonly key: string; readonly region: string } | { readonly kind: 'local' };

export function configureStateBackend(stack: TerraformStack, settings: StateBackendSettings, env: NodeJS.ProcessEnv = process.env): StateLocation {
  const bucket = settings.stateBucket ?? env[STATE_BUCKET_VARIABLE];
  if (bucket) {
    new S3Backend(stack, { bucket, key: settings.key, region: settings.region, encrypt: true });
    stack.addOverride('terraform.backend.s3.use_lockfile', true); // S3-native locking (Terraform 1.10+)
    return { kind: 's3', bucket, key: settings.key, region: settings.region };
  }
  const localState = settings.localState ?? env[LOCAL_STATE_VARIABLE];
  if (localState === 'allow') {
    reportProblems(stack, runRules(STATE_RULES, { localState: true }, undefined));
    return { kind: 'local' };
  }
  // A validation, not an error annotation: it fails synth (so diff and deploy) but not `gatehouse validate`,
  // which checks the client definitions and is useful before any state exists.
  stack.node.addValidation({
    validate: () => [
      localState === undefined
        ? `no Terraform state backend: set ${STATE_BUCKET_VARIABLE} to an S3 bucket (CI, shared accounts), or ${LOCAL_STATE_VARIABLE}=allow to keep state in a local file for trying it out`
        : `${LOCAL_STATE_VARIABLE}=${localState} is not "allow": set ${STATE_BUCKET_VARIABLE} to an S3 bucket, or ${LOCAL_STATE_VARIABLE}=allow to keep state in a local file`,
    ],
  });
  return { kind: 'local' };
}

/**
 * Another stack's outputs, read from its state: in S3, or beside it in cdktf.out/stacks/ (cdktf runs
 * Terraform in each stack's own folder). `defaults` stand in for outputs the state does not have yet,
 * for planning a stack before the one it reads was ever applied (offline plans only).
 */
export function remoteStateOf(scope: Construct, id: string, location: StateLocation, stackName: string, defaults?: Record<string, unknown>): TerraformRemoteState {
  if (location.kind === 's3') return new DataTerraformRemoteStateS3(scope, id, { bucket: location.bucket, key: location.key, region: location.region, defaults });
  return new DataTerraformRemoteStateLocal(scope, id, { path: `../${stackName}/terraform.tfstate`, defaults });
}
