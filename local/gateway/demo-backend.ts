/** The demo API's backend: answers with the route and what the authorizer said about the caller. */
export interface BackendRequest {
  readonly method: string;
  readonly resourcePath: string;
  readonly path: string;
  readonly authorizerContext: Record<string, unknown>;
}

export function demoBackend(request: BackendRequest): { status: number; body: unknown } {
  const { client, key, subject, authMethod } = request.authorizerContext;
  return { status: 200, body: { route: `${request.method} ${request.resourcePath}`, path: request.path, client, key, subject, authMethod } };
}
