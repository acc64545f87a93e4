/** The request `gatehouse explain` decides for, checked before anything is loaded or looked up. */
import { CliError } from './cli-error';

/** The methods API Gateway serves (ANY is a route's wildcard, not a request's method). */
const HTTP_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * The request's method and path as the method ARN carries them: `get` and `orders` become `GET` and
 * `/orders`; what could not be a request line is refused rather than explained wrongly.
 */
export function requestTarget(method: string, path: string): { method: string; path: string } {
  const upper = method.trim().toUpperCase();
  if (!HTTP_METHODS.includes(upper)) throw new CliError(`--method ${JSON.stringify(method)} is not an HTTP method API Gateway serves; use one of ${HTTP_METHODS.join(', ')}`);
  const trimmed = path.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) throw new CliError(`--path takes the resource path only (/orders/42), not a URL`);
  if (/[\s?#]/.test(trimmed) || trimmed === '') {
    throw new CliError(`--path ${JSON.stringify(path)} is not a resource path: give it without spaces, query string or fragment, e.g. /orders/42`);
  }
  return { method: upper, path: trimmed.startsWith('/') ? trimmed : `/${trimmed}` };
}
