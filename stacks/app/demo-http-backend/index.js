// The demo HTTP API's backend: answers with the route and what the Gatehouse authorizer told API
// Gateway about the caller (its context, which Lambda authorizers of HTTP APIs pass under `lambda`).
module.exports.handler = async (event) => {
  const context = (event.requestContext && event.requestContext.authorizer && event.requestContext.authorizer.lambda) || {};
  const body = { route: event.routeKey, path: event.rawPath, client: context.client, key: context.key, subject: context.subject, authMethod: context.authMethod };
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
};
