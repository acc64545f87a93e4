/**
 * Which identity provider URLs an OIDC client may name. Synth refuses the others; the authorizer never
 * fetches them. One rule for both, so a definition that passes synth is one the authorizer will use.
 */

export const DISCOVERY_SUFFIX = '/.well-known/openid-configuration';

/** https, or plain http to this machine only (tests and local runs); no credentials or fragments. */
export function isAcceptableProviderUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password || url.hash) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
}

/** Whether the URL is plain http to this machine: fine for a local run, unreachable from AWS. */
export function isLoopbackHttpUrl(text: string): boolean {
  return text.startsWith('http://') && isAcceptableProviderUrl(text);
}
