/**
 * Every synth-time rule, by what it judges. A rule lives in its own file (`<subject>/<rule>.ts`) with its code,
 * severity and summary; docs/checks.md lists them all, and test/stacks/rules.test.ts has a failing and a passing
 * definition for each.
 */
import { allowedEntryUnreachable as key_allowedEntryUnreachable } from './key/allowed-entry-unreachable';
import { apiKeySourceNotAuthorizer as platform_apiKeySourceNotAuthorizer } from './platform/api-key-source-not-authorizer';
import { audienceInvalid as client_audienceInvalid } from './client/audience-invalid';
import { audienceMissing as client_audienceMissing } from './client/audience-missing';
import { audienceNotChecked as client_audienceNotChecked } from './client/audience-not-checked';
import { authorizerSettingInvalid as platform_authorizerSettingInvalid } from './platform/authorizer-setting-invalid';
import { blockedEntryNoEffect as key_blockedEntryNoEffect } from './key/blocked-entry-no-effect';
import { burstBelowRate as policy_burstBelowRate } from './policy/burst-below-rate';
import { burstInvalid as policy_burstInvalid } from './policy/burst-invalid';
import { collectionUnknown as client_collectionUnknown } from './client/collection-unknown';
import { collectionsEmpty as client_collectionsEmpty } from './client/collections-empty';
import { defaultEndpointEnabled as platform_defaultEndpointEnabled } from './platform/default-endpoint-enabled';
import { descriptionMissing as client_descriptionMissing } from './client/description-missing';
import { discoveryUrlInvalid as client_discoveryUrlInvalid } from './client/discovery-url-invalid';
import { discoveryUrlLoopback as client_discoveryUrlLoopback } from './client/discovery-url-loopback';
import { expired as certificate_expired } from './certificate/expired';
import { expiring as certificate_expiring } from './certificate/expiring';
import { expiryNotRequired as client_expiryNotRequired } from './client/expiry-not-required';
import { clientElsewhere as key_clientElsewhere } from './key/client-elsewhere';
import { hashDuplicate as key_hashDuplicate } from './key/hash-duplicate';
import { hashInvalid as key_hashInvalid } from './key/hash-invalid';
import { hashIsToken as key_hashIsToken } from './key/hash-is-token';
import { hmacDeprecated as client_hmacDeprecated } from './client/hmac-deprecated';
import { hmacJsonFieldInvalid as client_hmacJsonFieldInvalid } from './client/hmac-json-field-invalid';
import { hmacSecretArnInvalid as client_hmacSecretArnInvalid } from './client/hmac-secret-arn-invalid';
import { hmacSecretsEmpty as client_hmacSecretsEmpty } from './client/hmac-secrets-empty';
import { invalid as name_invalid } from './name/invalid';
import { limitsOnHttpApi as client_limitsOnHttpApi } from './client/limits-on-http-api';
import { payloadFormatInvalid as httpApi_payloadFormatInvalid } from './http-api/payload-format-invalid';
import { responseFormatConflict as httpApi_responseFormatConflict } from './http-api/response-format-conflict';
import { resultCacheTtlInvalid as httpApi_resultCacheTtlInvalid } from './http-api/result-cache-ttl-invalid';
import { routeDuplicate as httpApi_routeDuplicate } from './http-api/route-duplicate';
import { routeInvalid as httpApi_routeInvalid } from './http-api/route-invalid';
import { routePartlyGrantedOnHttpApi as client_routePartlyGrantedOnHttpApi } from './client/route-partly-granted-on-http-api';
import { simpleResponsesNeedPayload2 as httpApi_simpleResponsesNeedPayload2 } from './http-api/simple-responses-need-payload-2';
import { ipEntryHostBits as key_ipEntryHostBits } from './key/ip-entry-host-bits';
import { ipEntryInvalid as key_ipEntryInvalid } from './key/ip-entry-invalid';
import { limitsNothing as policy_limitsNothing } from './policy/limits-nothing';
import { logRetentionInvalid as platform_logRetentionInvalid } from './platform/log-retention-invalid';
import { maxLifetimeInvalid as client_maxLifetimeInvalid } from './client/max-lifetime-invalid';
import { mtlsCertificateArnInvalid as platform_mtlsCertificateArnInvalid } from './platform/mtls-certificate-arn-invalid';
import { mtlsCertificateInvalid as client_mtlsCertificateInvalid } from './client/mtls-certificate-invalid';
import { mtlsCertificateUntrusted as client_mtlsCertificateUntrusted } from './client/mtls-certificate-untrusted';
import { mtlsDomainInvalid as platform_mtlsDomainInvalid } from './platform/mtls-domain-invalid';
import { mtlsFingerprintInvalid as client_mtlsFingerprintInvalid } from './client/mtls-fingerprint-invalid';
import { mtlsNamesNothing as client_mtlsNamesNothing } from './client/mtls-names-nothing';
import { mtlsSubjectInvalid as client_mtlsSubjectInvalid } from './client/mtls-subject-invalid';
import { mtlsWithoutDomain as client_mtlsWithoutDomain } from './client/mtls-without-domain';
import { nameDuplicate as catalog_nameDuplicate } from './catalog/name-duplicate';
import { nameDuplicate as key_nameDuplicate } from './key/name-duplicate';
import { notAfterInvalid as key_notAfterInvalid } from './key/not-after-invalid';
import { notAfterPassed as key_notAfterPassed } from './key/not-after-passed';
import { notAfterSoon as key_notAfterSoon } from './key/not-after-soon';
import { notYetValid as certificate_notYetValid } from './certificate/not-yet-valid';
import { ownerMissing as client_ownerMissing } from './client/owner-missing';
import { parameterNameConflict as api_parameterNameConflict } from './api/parameter-name-conflict';
import { policyMissing as client_policyMissing } from './client/policy-missing';
import { policyNotExact as client_policyNotExact } from './client/policy-not-exact';
import { policyUnknown as client_policyUnknown } from './client/policy-unknown';
import { publicKeyDuplicate as client_publicKeyDuplicate } from './client/public-key-duplicate';
import { publicKeyInvalid as client_publicKeyInvalid } from './client/public-key-invalid';
import { publicKeysEmpty as client_publicKeysEmpty } from './client/public-keys-empty';
import { publicKeysTooMany as client_publicKeysTooMany } from './client/public-keys-too-many';
import { quotaLimitInvalid as policy_quotaLimitInvalid } from './policy/quota-limit-invalid';
import { quotaOffsetInvalid as policy_quotaOffsetInvalid } from './policy/quota-offset-invalid';
import { quotaPeriodInvalid as policy_quotaPeriodInvalid } from './policy/quota-period-invalid';
import { rateInvalid as policy_rateInvalid } from './policy/rate-invalid';
import { resultCacheTtlInvalid as platform_resultCacheTtlInvalid } from './platform/result-cache-ttl-invalid';
import { resultCacheWithMtls as platform_resultCacheWithMtls } from './platform/result-cache-with-mtls';
import { routeDuplicate as api_routeDuplicate } from './api/route-duplicate';
import { routeDuplicate as collection_routeDuplicate } from './collection/route-duplicate';
import { routeInvalid as api_routeInvalid } from './api/route-invalid';
import { routeInvalid as collection_routeInvalid } from './collection/route-invalid';
import { routeUnused as collection_routeUnused } from './collection/route-unused';
import { routesEmpty as api_routesEmpty } from './api/routes-empty';
import { routesEmpty as collection_routesEmpty } from './collection/routes-empty';
import { tooManyResources as api_tooManyResources } from './api/too-many-resources';
import { truststoreCertificateInvalid as platform_truststoreCertificateInvalid } from './platform/truststore-certificate-invalid';
import { truststoreEmpty as platform_truststoreEmpty } from './platform/truststore-empty';
import { truststoreNotCa as platform_truststoreNotCa } from './platform/truststore-not-ca';
import { truststorePrivateKey as platform_truststorePrivateKey } from './platform/truststore-private-key';
import { nameOutOfLimits as aws_nameOutOfLimits } from './aws/name-out-of-limits';
import { environmentUnknown as client_environmentUnknown } from './client/environment-unknown';
import { clientNotInEnvironment as key_clientNotInEnvironment } from './key/client-not-in-environment';
import { environmentMissing as key_environmentMissing } from './key/environment-missing';
import { environmentUnknown as key_environmentUnknown } from './key/environment-unknown';
import { hashInSeveralEnvironments as key_hashInSeveralEnvironments } from './key/hash-in-several-environments';
import { accountInvalid as environment_accountInvalid } from './environment/account-invalid';
import { existingApiInvalid as environment_existingApiInvalid } from './environment/existing-api-invalid';
import { nameDuplicate as environment_nameDuplicate } from './environment/name-duplicate';
import { nameInvalid as environment_nameInvalid } from './environment/name-invalid';
import type { Rule } from './rule';
import { localFile as state_localFile } from './state/local-file';

/** Names and values generated for AWS, against AWS's documented limits. */
export const AWS_NAME_RULES = [aws_nameOutOfLimits];
/** Where a stack keeps its Terraform state. */
export const STATE_RULES = [state_localFile];
export const NAME_RULES = [name_invalid];
export const POLICY_RULES = [policy_burstBelowRate, policy_burstInvalid, policy_limitsNothing, policy_quotaLimitInvalid, policy_quotaOffsetInvalid, policy_quotaPeriodInvalid, policy_rateInvalid];
export const COLLECTION_RULES = [collection_routeDuplicate, collection_routeInvalid, collection_routesEmpty];
/** Collection rules that need the protected API. */
export const COLLECTION_API_RULES = [collection_routeUnused];
export const API_RULES = [api_parameterNameConflict, api_routeDuplicate, api_routeInvalid, api_routesEmpty, api_tooManyResources];
export const CLIENT_RULES = [client_audienceInvalid, client_audienceMissing, client_audienceNotChecked, client_collectionUnknown, client_collectionsEmpty, client_descriptionMissing, client_discoveryUrlInvalid, client_expiryNotRequired, client_hmacDeprecated, client_hmacJsonFieldInvalid, client_hmacSecretArnInvalid, client_hmacSecretsEmpty, client_maxLifetimeInvalid, client_mtlsCertificateInvalid, client_mtlsFingerprintInvalid, client_mtlsNamesNothing, client_mtlsSubjectInvalid, client_ownerMissing, client_policyMissing, client_policyUnknown, client_publicKeyDuplicate, client_publicKeyInvalid, client_publicKeysEmpty, client_publicKeysTooMany];
/** Client rules that need the protected API. */
export const CLIENT_API_RULES = [client_policyNotExact];
/** Client rules that need the platform serving the client. */
export const CLIENT_PLATFORM_RULES = [client_discoveryUrlLoopback, client_mtlsCertificateUntrusted, client_mtlsWithoutDomain];
export const CERTIFICATE_RULES = [certificate_expired, certificate_expiring, certificate_notYetValid];
export const KEY_RULES = [key_allowedEntryUnreachable, key_blockedEntryNoEffect, key_hashInvalid, key_hashIsToken, key_ipEntryHostBits, key_ipEntryInvalid, key_notAfterInvalid, key_notAfterPassed, key_notAfterSoon];
/** Key rules about where the key is declared. */
export const KEY_PLACEMENT_RULES = [key_clientElsewhere];
/** Which environments a client exists in. */
export const CLIENT_ENVIRONMENT_RULES = [client_environmentUnknown];
/** Which environment a key belongs to. */
export const KEY_ENVIRONMENT_RULES = [key_environmentMissing, key_environmentUnknown];
export const KEY_IN_ENVIRONMENT_RULES = [key_clientNotInEnvironment];
/** Across environments: one token never opens two. */
export const CROSS_ENVIRONMENT_RULES = [key_hashInSeveralEnvironments];
/** An environment's declaration (stacks/environments.ts). */
export const ENVIRONMENT_RULES = [environment_nameInvalid, environment_nameDuplicate, environment_accountInvalid, environment_existingApiInvalid];
export const PLATFORM_RULES = [platform_apiKeySourceNotAuthorizer, platform_authorizerSettingInvalid, platform_defaultEndpointEnabled, platform_logRetentionInvalid, platform_mtlsCertificateArnInvalid, platform_mtlsDomainInvalid, platform_resultCacheTtlInvalid, platform_resultCacheWithMtls, platform_truststoreCertificateInvalid, platform_truststoreEmpty, platform_truststoreNotCa, platform_truststorePrivateKey];

/** An HTTP API protected by a platform's authorizer (GatehouseHttpApi). */
export const HTTP_API_RULES = [httpApi_payloadFormatInvalid, httpApi_responseFormatConflict, httpApi_resultCacheTtlInvalid, httpApi_routeDuplicate, httpApi_routeInvalid, httpApi_simpleResponsesNeedPayload2];
/** Client rules that need the HTTP API serving the client: what it cannot do for them. */
export const CLIENT_HTTP_API_RULES = [client_limitsOnHttpApi, client_routePartlyGrantedOnHttpApi];

export const DUPLICATE_RULES = { name: catalog_nameDuplicate, keyName: key_nameDuplicate, keyHash: key_hashDuplicate } as const;

/** Every rule, for docs, tests and suppressions. */
export const ALL_RULES: readonly Rule<never, never>[] = [
  ...(NAME_RULES as readonly Rule<never, never>[]),
  ...(AWS_NAME_RULES as readonly Rule<never, never>[]),
  ...(STATE_RULES as readonly Rule<never, never>[]),
  ...(POLICY_RULES as readonly Rule<never, never>[]),
  ...(COLLECTION_RULES as readonly Rule<never, never>[]),
  ...(COLLECTION_API_RULES as readonly Rule<never, never>[]),
  ...(API_RULES as readonly Rule<never, never>[]),
  ...(CLIENT_RULES as readonly Rule<never, never>[]),
  ...(CLIENT_API_RULES as readonly Rule<never, never>[]),
  ...(CLIENT_PLATFORM_RULES as readonly Rule<never, never>[]),
  ...(CERTIFICATE_RULES as readonly Rule<never, never>[]),
  ...(KEY_RULES as readonly Rule<never, never>[]),
  ...(KEY_PLACEMENT_RULES as readonly Rule<never, never>[]),
  ...(CLIENT_ENVIRONMENT_RULES as readonly Rule<never, never>[]),
  ...(KEY_ENVIRONMENT_RULES as readonly Rule<never, never>[]),
  ...(KEY_IN_ENVIRONMENT_RULES as readonly Rule<never, never>[]),
  ...(CROSS_ENVIRONMENT_RULES as readonly Rule<never, never>[]),
  ...(ENVIRONMENT_RULES as readonly Rule<never, never>[]),
  ...(PLATFORM_RULES as readonly Rule<never, never>[]),
  ...(HTTP_API_RULES as readonly Rule<never, never>[]),
  ...(CLIENT_HTTP_API_RULES as readonly Rule<never, never>[]),
  ...(Object.values(DUPLICATE_RULES) as readonly Rule<never, never>[]),
];

/** Each rule's severity by code: what a suppression may name. */
export const RULE_SEVERITIES: ReadonlyMap<string, 'error' | 'warning'> = new Map(ALL_RULES.map((rule) => [rule.code, rule.severity]));
