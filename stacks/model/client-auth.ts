/**
 * How a client proves its tokens are its own. Each method is its own type, made by its own factory, so
 * an RSA client cannot be handed a shared secret nor an OIDC client a public key:
 *
 *   ClientAuth.rsa({ publicKeys: [pem] })                          recommended
 *   ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(arn)] })   deprecated
 *   ClientAuth.oidc({ discoveryUrl, audience })
 */
import type { AuthRecord, RsaPublicKeyRecord } from '../../record/key-record';
import { DISCOVERY_SUFFIX, isAcceptableProviderUrl, isLoopbackHttpUrl } from '../../record/identity-providers';
import { error, type Problem, warning } from './problems';
import { normalisePublicKey } from './public-keys';

/** Secrets Manager secret ARNs, in any partition. */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const CERTIFICATE_WARNING_DAYS = 30;
const MAX_PUBLIC_KEYS = 10;
const DAY_MS = 86_400_000;

/** A reference to an HMAC client's shared secret. The value never enters git, Terraform state or DynamoDB. */
export class HmacSecret {
  private constructor(
    /** The secret's full ARN: the authorizer's role may read exactly this secret. */
    readonly secretArn: string,
    /** For JSON secrets (the console's key/value kind): the field holding the secret. */
    readonly jsonField?: string,
  ) {}

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

export interface AuthCheck {
  readonly problems: Problem[];
  /** The record part; absent when there are errors. */
  readonly record?: AuthRecord;
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

  /** Validates the method's settings and builds its part of the key record. */
  abstract check(now: Date): AuthCheck;

  /** Secrets Manager ARNs the authorizer must be allowed to read for this client. */
  secretArns(): string[] {
    return [];
  }

  /** A client-signed token's default maximum lifetime; identity providers govern their own. */
  abstract readonly defaultMaxLifetimeSeconds: number | undefined;
}

export class RsaClientAuth extends ClientAuth {
  readonly method = 'rsa' as const;
  readonly defaultMaxLifetimeSeconds = 86_400;

  constructor(readonly props: RsaAuthProps) {
    super();
  }

  check(now: Date): AuthCheck {
    const problems: Problem[] = [];
    const publicKeys: RsaPublicKeyRecord[] = [];
    if (this.props.publicKeys.length === 0) problems.push(error('auth.publicKeys', [], 'is empty', 'register at least one public key'));
    if (this.props.publicKeys.length > MAX_PUBLIC_KEYS) {
      problems.push(error('auth.publicKeys', this.props.publicKeys.length, `holds more than ${MAX_PUBLIC_KEYS} keys`, 'keep the current and the next key only'));
    }
    const seen = new Set<string>();
    this.props.publicKeys.forEach((text, index) => {
      const field = `auth.publicKeys[${index}]`;
      const result = normalisePublicKey(text);
      if (!result.ok) return void problems.push(error(field, text, result.problem, result.fix));
      const { record, certificate } = result.key;
      if (seen.has(record.thumbprint)) problems.push(warning(field, text, 'is the same key as an earlier entry', 'remove the duplicate'));
      seen.add(record.thumbprint);
      if (certificate) {
        const daysLeft = (certificate.notAfter.getTime() - now.getTime()) / DAY_MS;
        if (daysLeft <= 0) {
          problems.push(error(field, text, `is a certificate (${certificate.subject}) that expired on ${certificate.notAfter.toISOString()}`, 'register the client\'s current certificate'));
        } else if (daysLeft <= CERTIFICATE_WARNING_DAYS) {
          problems.push(warning(field, text, `is a certificate that expires in ${Math.ceil(daysLeft)} days (${certificate.notAfter.toISOString()})`, 'add the client\'s next certificate now, remove this one after the switch'));
        }
      }
      publicKeys.push(record);
    });
    const failed = problems.some((problem) => problem.severity === 'error');
    return { problems, record: failed ? undefined : { method: 'rsa', publicKeys } };
  }
}

export class HmacClientAuth extends ClientAuth {
  readonly method = 'hmac' as const;
  readonly defaultMaxLifetimeSeconds = 86_400;

  constructor(readonly props: HmacAuthProps) {
    super();
  }

  check(): AuthCheck {
    const problems: Problem[] = [
      warning('auth', 'hmac', 'HMAC is deprecated: the shared secret lives with both parties, and anyone holding it can mint tokens', 'move the client to ClientAuth.rsa (the client keeps its private key; you register only the public one)'),
    ];
    if (this.props.secrets.length === 0) problems.push(error('auth.secrets', [], 'is empty', 'reference the client\'s secret with HmacSecret.fromSecretsManager(arn)'));
    this.props.secrets.forEach((secret, index) => {
      if (!SECRET_ARN.test(secret.secretArn)) {
        problems.push(error(`auth.secrets[${index}]`, secret.secretArn, 'is not a Secrets Manager secret ARN', 'use the full ARN, arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>, so the authorizer may read exactly this secret'));
      }
      if (secret.jsonField !== undefined && !/^[A-Za-z0-9_.-]{1,128}$/.test(secret.jsonField)) {
        problems.push(error(`auth.secrets[${index}].jsonField`, secret.jsonField, 'is not a JSON field name', 'name the key of the key/value secret that holds the HMAC secret'));
      }
    });
    const failed = problems.some((problem) => problem.severity === 'error');
    return { problems, record: failed ? undefined : { method: 'hmac', secretRefs: this.props.secrets.map((secret) => secret.ref) } };
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

  /** Whether the discovery URL is plain http to this machine (fine for a local run, never on AWS). */
  get isLoopbackHttp(): boolean {
    return isLoopbackHttpUrl(this.props.discoveryUrl);
  }

  check(): AuthCheck {
    const problems: Problem[] = [];
    const url = this.props.discoveryUrl;
    if (!isAcceptableProviderUrl(url)) {
      problems.push(error('auth.discoveryUrl', url, 'is not an https URL', 'use the provider\'s https discovery URL (plain http is accepted for 127.0.0.1 and localhost only, for local runs)'));
    } else if (!url.endsWith(DISCOVERY_SUFFIX)) {
      problems.push(error('auth.discoveryUrl', url, `does not end with ${DISCOVERY_SUFFIX}`, `use <issuer>${DISCOVERY_SUFFIX}, e.g. https://acme.okta.com/oauth2/default${DISCOVERY_SUFFIX}`));
    }
    const audience = this.props.audience;
    const audiences = audience === undefined || audience === null ? [] : typeof audience === 'string' ? [audience] : [...audience];
    if (audience === undefined || (audience !== null && audiences.length === 0)) {
      problems.push(error('auth.audience', audience, 'is required: without it, tokens the provider issues to anyone, for any other API, would be accepted', 'set the audience your provider puts in "aud" for this API (e.g. api://orders); audience: null opts out explicitly'));
    } else if (audience === null) {
      problems.push(warning('auth.audience', null, 'is null, so tokens the provider issues for any other API are accepted too', 'set the audience your provider puts in "aud" for this API (e.g. api://orders)'));
    }
    audiences.forEach((value, index) => {
      if (typeof value !== 'string' || value.trim() !== value || value.length === 0 || value.length > 256) {
        problems.push(error(`auth.audience[${index}]`, value, 'is not a valid audience', 'use the exact "aud" string your provider issues, without spaces'));
      }
    });
    const failed = problems.some((problem) => problem.severity === 'error');
    return { problems, record: failed ? undefined : { method: 'oidc', discoveryUrl: url, audiences } };
  }
}
