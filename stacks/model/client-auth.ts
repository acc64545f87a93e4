/**
 * How a client proves its tokens are its own. Each method is its own type, made by its own factory, so
 * an RSA client cannot be handed a shared secret nor an OIDC client a public key:
 *
 *   ClientAuth.rsa({ publicKeys: [pem] })                               recommended
 *   ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(arn)] })   deprecated
 *   ClientAuth.oidc({ discoveryUrl, audience })
 *
 * A method holds what was declared and what parsing it found (its facts); the rules in
 * stacks/model/rules/client judge the facts, and the record part is built only from a method without
 * errors.
 */
import type { AuthRecord } from '../../record/key-record';
import { isLoopbackHttpUrl } from '../../record/identity-providers';
import { normalisePublicKey, type PublicKeyResult } from './public-keys';

/** A reference to an HMAC client's shared secret. The value never enters git, Terraform state or DynamoDB. */
export class HmacSecret {
  private constructor(
    /** The secret's full ARN: the authorizer's role may read exactly this secret. */
    readonly secretArn: string,
    /** For JSON secrets (the console's key/value kind): the field holding the secret. */
    readonly jsonField?: string,
  ) {}

  /** @param options.jsonField the field of a JSON (key/value) secret that holds the HMAC secret; default: the whole secret string */
  static fromSecretsManager(secretArn: string, options: { readonly jsonField?: string } = {}): HmacSecret {
    return new HmacSecret(secretArn, options.jsonField);
  }

  /** The reference as the key record stores it: `<arn>` or `<arn>#<field>`. */
  get ref(): string {
    return this.jsonField === undefined ? this.secretArn : `${this.secretArn}#${this.jsonField}`;
  }
}

export interface RsaAuthProps {
  /** The client's public keys, as pasted (PEM, certificate, ssh-rsa, JWK). Several during a rotation. */
  readonly publicKeys: readonly string[];
}

export interface HmacAuthProps {
  /** References to the shared secret; two during a rotation. */
  readonly secrets: readonly HmacSecret[];
}

export interface OidcAuthProps {
  /** `https://<issuer>/.well-known/openid-configuration`. */
  readonly discoveryUrl: string;
  /**
   * Accepted `aud` values: the audience your provider puts in tokens for this API. Required: without it,
   * any token the provider issues to anyone for any API would be accepted. `null` opts out explicitly
   * (as aws-jwt-verify's `audience: null` does), for providers that issue no audience at all.
   */
  readonly audience: string | readonly string[] | null;
}

export abstract class ClientAuth {
  abstract readonly method: AuthRecord['method'];

  static rsa(props: RsaAuthProps): RsaClientAuth {
    return new RsaClientAuth(props);
  }

  static hmac(props: HmacAuthProps): HmacClientAuth {
    return new HmacClientAuth(props);
  }

  static oidc(props: OidcAuthProps): OidcClientAuth {
    return new OidcClientAuth(props);
  }

  /** The method's part of the key record; call only for a method the rules found no error in. */
  abstract record(): AuthRecord;

  /** Secrets Manager ARNs the authorizer must be allowed to read for this client. */
  secretArns(): string[] {
    return [];
  }

  /** A client-signed token's default maximum lifetime; identity providers govern their own. */
  abstract readonly defaultMaxLifetimeSeconds: number | undefined;
}

export interface PublicKeyFact {
  readonly index: number;
  readonly text: string;
  readonly result: PublicKeyResult;
}

export class RsaClientAuth extends ClientAuth {
  readonly method = 'rsa' as const;
  readonly defaultMaxLifetimeSeconds = 86_400;
  /** Each declared key, parsed and normalised once. */
  readonly keys: readonly PublicKeyFact[];

  constructor(readonly props: RsaAuthProps) {
    super();
    this.keys = (Array.isArray(props.publicKeys) ? props.publicKeys : []).map((text, index) => ({ index, text, result: normalisePublicKey(text) }));
  }

  record(): AuthRecord {
    const publicKeys = this.keys.flatMap((key) => (key.result.ok ? [key.result.key.record] : []));
    return { method: 'rsa', publicKeys: [...new Map(publicKeys.map((key) => [key.thumbprint, key])).values()] };
  }
}

export class HmacClientAuth extends ClientAuth {
  readonly method = 'hmac' as const;
  readonly defaultMaxLifetimeSeconds = 86_400;

  constructor(readonly props: HmacAuthProps) {
    super();
  }

  record(): AuthRecord {
    return { method: 'hmac', secretRefs: this.props.secrets.map((secret) => secret.ref) };
  }

  override secretArns(): string[] {
    return this.props.secrets.map((secret) => secret.secretArn);
  }
}

export class OidcClientAuth extends ClientAuth {
  readonly method = 'oidc' as const;
  readonly defaultMaxLifetimeSeconds = undefined;

  constructor(readonly props: OidcAuthProps) {
    super();
  }

  /** The accepted audiences; empty when the check is opted out of (or missing, which is an error). */
  get audiences(): string[] {
    const audience = this.props.audience;
    return audience === undefined || audience === null ? [] : typeof audience === 'string' ? [audience] : [...audience];
  }

  /** Whether the discovery URL is plain http to this machine (fine for a local run, never on AWS). */
  get isLoopbackHttp(): boolean {
    return isLoopbackHttpUrl(this.props.discoveryUrl);
  }

  record(): AuthRecord {
    return { method: 'oidc', discoveryUrl: this.props.discoveryUrl, audiences: this.audiences };
  }
}
