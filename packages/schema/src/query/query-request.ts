import { z } from 'zod';
import { actorsQuerySchema, insightActorsQuerySchema } from './actors-query';
import { eventsQuerySchema } from './events-query';
import { funnelCorrelationQuerySchema } from './funnel-correlation-query';
import { funnelsQuerySchema } from './funnels-query';
import { lifecycleQuerySchema } from './lifecycle-query';
import { pathsQuerySchema } from './paths-query';
import { retentionQuerySchema } from './retention-query';
import { stickinessQuerySchema } from './stickiness-query';
import { trendsQuerySchema } from './trends-query';

/** Every query kind `POST /api/projects/:id/query/` answers. */
export const anyQuerySchema = z.discriminatedUnion('kind', [
  trendsQuerySchema,
  funnelsQuerySchema,
  lifecycleQuerySchema,
  stickinessQuerySchema,
  pathsQuerySchema,
  retentionQuerySchema,
  eventsQuerySchema,
  actorsQuerySchema,
  insightActorsQuerySchema,
  funnelCorrelationQuerySchema,
]);
export type AnyQuery = z.output<typeof anyQuerySchema>;

/** `POST /api/projects/:id/query/` body. */
export const queryRequestSchema = z.object({
  query: anyQuerySchema,
  refresh: z
    .union([z.boolean(), z.enum(['blocking', 'force_blocking', 'force_cache', 'async', 'lazy_async'])])
    .optional(),
  client_query_id: z.string().max(200).optional(),
});
export type QueryRequest = z.output<typeof queryRequestSchema>;
