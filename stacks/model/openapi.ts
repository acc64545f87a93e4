/**
 * An existing API's routes from its OpenAPI document (OpenAPI 3 or Swagger 2, JSON or YAML, parsed with
 * the `yaml` package, which reads both): each path and method becomes `METHOD /path`, and API Gateway's
 * `x-amazon-apigateway-any-method` becomes ANY. The paths are API Gateway resource paths, so `{id}` and
 * `{proxy+}` carry over unchanged.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
const ANY_METHOD = 'x-amazon-apigateway-any-method';

export class OpenApiError extends Error {
  override readonly name = 'OpenApiError';
}

/** The routes an OpenAPI document declares, as `METHOD /path`. */
export function routesFromOpenApiDocument(text: string, source = 'the OpenAPI document'): string[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new OpenApiError(`${source} is neither JSON nor YAML: ${(error as Error).message}`);
  }
  const paths = (document as { paths?: unknown } | null)?.paths;
  if (typeof paths !== 'object' || paths === null || Array.isArray(paths)) throw new OpenApiError(`${source} has no "paths" object`);
  const routes: string[] = [];
  for (const [path, item] of Object.entries(paths as Record<string, unknown>)) {
    if (typeof item !== 'object' || item === null) continue;
    for (const key of Object.keys(item)) {
      if ((METHODS as readonly string[]).includes(key)) routes.push(`${key.toUpperCase()} ${path}`);
      else if (key === ANY_METHOD) routes.push(`ANY ${path}`);
    }
  }
  if (routes.length === 0) throw new OpenApiError(`${source} declares no operations`);
  return routes;
}

/** Every OpenAPI document file read in this process, as named: `access diff` takes them from the compared commit too. */
const documentsRead = new Set<string>();

export function openApiDocumentsRead(): readonly string[] {
  return [...documentsRead];
}

/** The routes of an OpenAPI document file, for ExistingApiSettings.routes. */
export function routesFromOpenApi(file: string): string[] {
  documentsRead.add(file);
  return routesFromOpenApiDocument(readFileSync(file, 'utf8'), file);
}
