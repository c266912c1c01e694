// The catalog policies the simulator does not run, each with the reason the trace shows.

/** Why a catalog policy is not simulated, shown in the trace instead of the generic note. */
export const NOT_SIMULATED_REASONS: ReadonlyMap<string, string> = new Map([
  ['xsl-transform', 'XSLT is not simulated: no maintained XSLT 1.0 processor with a license the extension can ship exists for JavaScript. The body passed unchanged.'],
  ['http-data-source', 'GraphQL resolvers of synthetic GraphQL APIs are not simulated: the simulator does not execute GraphQL queries.'],
  ['sql-data-source', 'GraphQL resolvers of synthetic GraphQL APIs are not simulated: the simulator does not execute GraphQL queries or reach Azure SQL.'],
  ['cosmosdb-data-source', 'GraphQL resolvers of synthetic GraphQL APIs are not simulated: the simulator does not execute GraphQL queries or reach Cosmos DB.'],
  ['publish-event', 'GraphQL subscriptions are not simulated (publish-event belongs to a resolver).'],
]);
