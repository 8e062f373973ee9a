import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDatabase } from '../../app-store/app-database';
import { invalidInput, notFound, parseInput } from '../../http/api-error';
import type { AccessPolicy } from '../../policy/access-policy';
import { type GroupCursor, GroupReadRepository } from './group-read-repository';
import { GroupTypeRepository } from './group-type-repository';

const groupTypeIndexSchema = z
  .string({
    error:
      'You must pass ?group_type_index= in this URL. To get a list of valid group types, call /api/projects/:id/groups_types/.',
  })
  .regex(/^[0-4]$/, 'Group type indexes are 0 to 4.')
  .transform(Number);

/** Cursors are opaque to clients: base64url JSON of the position and direction. */
const cursorSchema = z.string().transform((text, ctx): GroupCursor => {
  try {
    const value = z
      // Checked strictly: the position is compared with a timestamp column in Postgres.
      .object({ c: z.iso.datetime(), k: z.string(), d: z.enum(['n', 'p']) })
      .parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { createdAt: value.c, key: value.k, direction: value.d === 'n' ? 'next' : 'previous' };
  } catch {
    ctx.addIssue({ code: 'custom', message: 'Invalid cursor; use the next or previous link of a page.' });
    return z.NEVER;
  }
});

const encodeCursor = (c: GroupCursor) =>
  Buffer.from(JSON.stringify({ c: c.createdAt, k: c.key, d: c.direction === 'next' ? 'n' : 'p' })).toString(
    'base64url',
  );

const blankIsAbsent = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const listQuerySchema = z.object({
  group_type_index: groupTypeIndexSchema,
  search: blankIsAbsent(z.string().max(1000)),
  cursor: blankIsAbsent(cursorSchema),
  limit: blankIsAbsent(z.coerce.number().int().min(1).max(1000)).transform((n) => n ?? 100),
});

const findQuerySchema = z.object({
  group_type_index: groupTypeIndexSchema,
  group_key: z.string({ error: 'You must pass ?group_key= in this URL.' }).max(65_536),
});

const groupTypeName = z.string().trim().max(400).nullish();

/** PostHog's `update_metadata`: a list of group types by index with the names to set. */
const updateMetadataSchema = z
  .array(
    z.object({
      group_type_index: z.number().int().min(0).max(4),
      name_singular: groupTypeName,
      name_plural: groupTypeName,
    }),
    { error: 'Send a list of {group_type_index, name_singular, name_plural}.' },
  )
  .max(5);

/**
 * `/api/projects/:id/groups_types/` and `/api/projects/:id/groups/`: PostHog's group type list and
 * renaming (admins), group list with search and cursor pages, and lookup by key.
 */
export function registerGroupRoutes(
  app: FastifyInstance,
  deps: { policy: AccessPolicy; appStore: { db: Kysely<AppDatabase> } },
): void {
  const { policy } = deps;
  // Stateless readers over the container's app store; nothing to share, so the routes own them.
  const groupTypes = new GroupTypeRepository(deps.appStore.db);
  const groups = new GroupReadRepository(deps.appStore.db);

  app.get<{ Params: { id: string } }>('/api/projects/:id/groups_types/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
    return groupTypes.list(project.id);
  });

  app.patch<{ Params: { id: string } }>('/api/projects/:id/groups_types/update_metadata', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, {
      scope: 'project:write',
      role: 'admin',
    });
    const entries = parseInput(updateMetadataSchema, request.body);
    const { missing } = await groupTypes.updateNames(project.id, entries);
    if (missing !== null) {
      const index = entries[missing]?.group_type_index;
      throw invalidInput(
        `This project has no group type with index ${index}.`,
        `${missing}__group_type_index`,
      );
    }
    return groupTypes.list(project.id);
  });

  app.get<{ Params: { id: string } }>('/api/projects/:id/groups/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
    const query = parseInput(listQuerySchema, request.query);
    const { groups: page, more } = await groups.list(project.id, query.group_type_index, {
      search: query.search,
      limit: query.limit,
      cursor: query.cursor,
    });
    const first = page[0];
    const last = page.at(-1);
    const at = (
      g: { created_at: string; group_key: string } | undefined,
      direction: GroupCursor['direction'],
    ) => (g ? link(request, { createdAt: g.created_at, key: g.group_key, direction }) : null);
    const backwards = query.cursor?.direction === 'previous';
    return {
      next: backwards || more ? at(last, 'next') : null,
      previous: (backwards ? more : query.cursor !== undefined) ? at(first, 'previous') : null,
      results: page,
    };
  });

  app.get<{ Params: { id: string } }>('/api/projects/:id/groups/find/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
    const query = parseInput(findQuerySchema, request.query);
    const group = await groups.find(project.id, query.group_type_index, query.group_key);
    if (!group) throw notFound('Group not found.');
    return group;
  });
}

/** This request's URL with the cursor replaced, absolute like Django REST framework's links. */
function link(request: FastifyRequest, cursor: GroupCursor): string {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  url.searchParams.set('cursor', encodeCursor(cursor));
  return url.toString();
}
