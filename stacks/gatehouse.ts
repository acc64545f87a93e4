/**
 * Gatehouse's constructs: the one entry point client files and apps import from.
 *
 *   GatehousePlatform     the authorizer, its table and API Gateway wiring on AWS
 *   GatehouseHttpApi      an HTTP API behind a platform's authorizer: same clients, same decision
 *   GatehouseLocalData    the table and its items on a local DynamoDB
 *   AccessPolicy          rate limit and quota (a usage plan)
 *   ApiCollection         routes a client may be granted
 *   ApiClient             a caller, with ClientAuth.rsa / .hmac / .oidc
 *   ApiKey                a key of a client: the hash of its token, its IP rules
 *   StageDeployment       a stage of your REST API, redeployed when what API Gateway snapshots changes
 */
export { AccessPolicy, type AccessPolicyProps } from './constructs/access-policy';
export { ApiClient, type ApiClientProps } from './constructs/api-client';
export { ApiCollection, type ApiCollectionProps } from './constructs/api-collection';
export { ApiKey, type ApiKeyProps } from './constructs/api-key';
export type { AuthorizerSettings, KeyClaimSettings } from '../record/authorizer-settings';
export { GatehouseHttpApi, type GatehouseHttpApiProps } from './constructs/gatehouse-http-api';
export { GatehouseLocalData, type GatehouseLocalDataProps } from './constructs/gatehouse-local-data';
export { GatehousePlatform, type GatehousePlatformProps } from './constructs/gatehouse-platform';
export type { MutualTlsDomainSettings } from './constructs/mutual-tls-domain';
export { StageDeployment, type StageDeploymentProps } from './constructs/stage-deployment';
export type { QuotaPeriod } from './model/access-policy';
export type { MutualTlsSettings, TokenSettings } from './model/api-client';
export { ClientAuth, HmacSecret, type HmacAuthProps, type OidcAuthProps, type RsaAuthProps } from './model/client-auth';
