import { createHash } from 'node:crypto';
import {
  CONNECTION_SPEC_VERSION,
  CONNECTION_SPECS,
  ConnectionCreateSchema,
  DataSourceInputSchema,
  GLOBAL_FOLDER_NAME,
  JsonPatchSchema,
  nameFromTitle,
  paramNamesOf,
  paramSchemaOf,
  SECRET_PARAMS,
  type Connection,
  type ConnectionSpecDefinition,
  type DataSourceInput,
  type Problem,
} from '@keyway/shared';
import type { z } from 'zod';
import type { ApiKeysRepository } from '../db/repositories/api-keys.repository';
import type { FolderRow, FoldersRepository } from '../db/repositories/folders.repository';
import type { UsersRepository } from '../db/repositories/users.repository';
import { AppError } from '../errors';
import type { OutboundClient } from '../outbound/outbound-client';
import type { DataSourcesService, DataSourceWithOrigin } from '../routes/datasources/datasources.service';
import { pointerOfField, presentConnectionAuth, specByKey, toConnectionValues } from './connection-mapping';
import { applyJsonPatch } from './json-patch';
import { escapePointerSegment, invalidRequest } from './problem-details';

type Errors = NonNullable<Problem['errors']>;

/** zod's issues, each at its place in the request body. */
const issuesAt = (prefix: string, issues: readonly z.core.$ZodIssue[]): Errors =>
  issues.map((issue) => ({ pointer: `${prefix}${issue.path.map((part) => `/${escapePointerSegment(String(part))}`).join('')}`, detail: issue.message }));

/** The version an etag is made from; strong, and new after every change from anywhere. */
export const etagOf = (version: number) => `"v${version}"`;

/** RFC 9110 §13.1.1: If-Match holds "*" or a list of entity tags, and compares them strongly. */
export function ifMatchAccepts(header: string, etag: string): boolean {
  const tags = header.split(',').map((tag) => tag.trim());
  return tags.includes('*') || tags.includes(etag);
}

const FILTERABLE = ['id', 'name', 'state', 'connectionSpec.id', 'auth.specName'] as const;
const ORDERABLE = ['createdAt', 'updatedAt', 'name'] as const;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export interface ListQuery {
  property?: string | string[];
  orderby?: string;
  limit?: string;
  continuationToken?: string;
}

/**
 * Flow Service's connections over the console's data sources. Every write goes through the data
 * source service, so the console and the API share one set of rules (the stored-secret rule,
 * unique names, versions); this adds Flow's shapes, sandboxes, etags and JSON Patch.
 */
export function createConnectionsService(deps: {
  dataSources: DataSourcesService;
  folders: FoldersRepository;
  users: UsersRepository;
  apiKeys: ApiKeysRepository;
  outbound: OutboundClient;
}) {
  const { dataSources, folders, users, apiKeys, outbound } = deps;

  /** Flow's sandbox is Keyway's configuration folder, named by x-sandbox-name; "global" when absent. */
  async function sandbox(name: string | undefined): Promise<FolderRow> {
    const wanted = (name ?? '').trim() || GLOBAL_FOLDER_NAME;
    const all = await folders.list();
    const folder = all.find((f) => f.name === wanted);
    if (!folder) {
      throw new AppError(404, 'sandbox_not_found', `There is no sandbox (configuration folder) named "${wanted}". The x-sandbox-name header names one of: ${all.map((f) => f.name).join(', ')}.`);
    }
    return folder;
  }

  /** "user:<id>" → the person's email; "api_key:<id>" → the key's name and prefix. */
  async function actorLabel(actor: string | null, cache: Map<string, string | null>): Promise<string | null> {
    if (!actor) return null;
    if (cache.has(actor)) return cache.get(actor)!;
    const [kind, id = ''] = actor.split(/:(.*)/s);
    let label: string | null = actor;
    if (kind === 'user') label = (await users.findById(id))?.email ?? 'a deleted user';
    if (kind === 'api_key') {
      const key = await apiKeys.findById(id);
      label = key ? `${key.name} (API key ${key.prefix})` : 'a deleted API key';
    }
    cache.set(actor, label);
    return label;
  }

  async function present(item: DataSourceWithOrigin, folder: FolderRow, labels = new Map<string, string | null>()): Promise<Connection> {
    const { dataSource: ds, origin } = item;
    const auth = presentConnectionAuth(ds, origin.spec, origin.specParams);
    const deprecated = auth.spec.authSpecs.find((a) => a.name === auth.specName)?.deprecated;
    return {
      id: ds.id,
      name: ds.title,
      description: ds.description,
      connectionSpec: { id: auth.spec.id, version: CONNECTION_SPEC_VERSION },
      state: ds.health.state,
      stateReason: ds.health.reason,
      auth: { specName: auth.specName, params: auth.params },
      secretParams: ds.storedSecrets,
      ...(deprecated ? { deprecated: true } : {}),
      sandboxName: folder.name,
      createdAt: Date.parse(ds.createdAt),
      updatedAt: Date.parse(ds.updatedAt),
      createdBy: await actorLabel(origin.createdBy, labels),
      updatedBy: await actorLabel(origin.updatedBy, labels),
      version: ds.version,
      etag: etagOf(ds.version),
    };
  }

  async function load(folder: FolderRow, id: string): Promise<DataSourceWithOrigin> {
    const item = await dataSources.getWithOrigin(id).catch((error: unknown) => {
      throw error instanceof AppError && error.status === 404 ? connectionNotFound(id, folder) : error;
    });
    if (item.dataSource.folderId !== folder.id) throw connectionNotFound(id, folder);
    return item;
  }

  /** The data source service's field errors, at the params the client sent. */
  async function translated<T>(spec: ConnectionSpecDefinition, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const fieldErrors = (error.details as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors;
      if (!fieldErrors) throw error;
      const pointerOf = pointerOfField(spec);
      const errors = Object.entries(fieldErrors).flatMap(([field, messages]) => messages.map((detail) => ({ pointer: pointerOf(field), detail })));
      throw new AppError(error.status, error.code, error.message, { errors });
    }
  }

  /** Every URL a connection will call, checked against the outbound policy now rather than at its first check. */
  function refusedUrls(params: Record<string, unknown>): Errors {
    const errors: Errors = [];
    for (const name of ['environmentUrl', 'url', 'tokenUrl'] as const) {
      const value = params[name];
      if (typeof value !== 'string') continue;
      const decision = outbound.precheck(value);
      if (!decision.allowed) errors.push({ pointer: `/auth/params/${name}`, detail: decision.reason });
    }
    return errors;
  }

  /** The data source a connection's name, description and params make; secrets left out are kept as stored. */
  function dataSourceInput(
    spec: ConnectionSpecDefinition,
    specName: string,
    params: Record<string, unknown>,
    fields: { title: string; name: string; description: string; swagger: DataSourceInput['swagger'] },
    kept: { keySource?: 'private_key' | 'jwt_token' } = {},
  ) {
    const mapped = toConnectionValues(spec, specName, params, kept);
    const parsed = DataSourceInputSchema.safeParse({ ...fields, serviceType: 'restful', ...mapped.values });
    if (!parsed.success) {
      const pointerOf = pointerOfField(spec);
      throw invalidRequest('The connection\'s params do not make a usable connection.', parsed.error.issues.map((issue) => ({ pointer: pointerOf(issue.path.join('.')), detail: issue.message })));
    }
    return { input: parsed.data, specParams: mapped.specParams };
  }

  function validateParams(spec: ConnectionSpecDefinition, specName: string, params: unknown, mode: 'create' | 'update') {
    const schema = paramSchemaOf(spec, specName, mode);
    if (!schema) {
      throw invalidRequest(`The connection spec "${spec.name}" has no auth spec named "${specName}".`, [
        { pointer: '/auth/specName', detail: `Use one of: ${spec.authSpecs.map((a) => `"${a.name}"`).join(', ')}` },
      ]);
    }
    const parsed = schema.safeParse(params);
    if (!parsed.success) throw invalidRequest('Some params are missing or not valid.', issuesAt('/auth/params', parsed.error.issues));
    const refused = refusedUrls(parsed.data);
    if (refused.length > 0) throw invalidRequest('Keyway does not call these addresses.', refused);
    return parsed.data;
  }

  /** A machine name free in the folder, from the connection's name: "Salesforce prod" → "salesforce-prod", then "-2", "-3". */
  async function freeMachineName(folderId: string, title: string): Promise<string> {
    const taken = new Set((await dataSources.listWithOrigin(folderId)).map((item) => item.dataSource.name));
    const base = nameFromTitle(title) || 'connection';
    if (!taken.has(base)) return base;
    for (let n = 2; n < 1000; n += 1) {
      const candidate = `${base.slice(0, 63 - String(n).length - 1)}-${n}`;
      if (!taken.has(candidate)) return candidate;
    }
    return `${base.slice(0, 54)}-${createHash('sha256').update(`${Date.now()}${Math.random()}`).digest('hex').slice(0, 8)}`;
  }

  return {
    sandbox,

    async create(sandboxName: string | undefined, body: unknown, actor: string): Promise<Connection> {
      const folder = await sandbox(sandboxName);
      const parsed = ConnectionCreateSchema.safeParse(body);
      if (!parsed.success) throw invalidRequest('The request body is not a valid connection.', issuesAt('', parsed.error.issues));
      const request = parsed.data;
      const spec = CONNECTION_SPECS.find((s) => s.id === request.connectionSpec.id);
      if (!spec) {
        throw invalidRequest(`There is no connection spec with id "${request.connectionSpec.id}".`, [
          { pointer: '/connectionSpec/id', detail: `Use one of: ${CONNECTION_SPECS.map((s) => `${s.id} (${s.name})`).join(', ')}` },
        ]);
      }
      if (request.connectionSpec.version !== undefined && request.connectionSpec.version !== CONNECTION_SPEC_VERSION) {
        throw invalidRequest(`The connection spec "${spec.name}" has version ${CONNECTION_SPEC_VERSION} only.`, [
          { pointer: '/connectionSpec/version', detail: `Use "${CONNECTION_SPEC_VERSION}" or leave it out` },
        ]);
      }
      const params = validateParams(spec, request.auth.specName, request.auth.params, 'create');
      const { input, specParams } = dataSourceInput(spec, request.auth.specName, params, {
        title: request.name,
        name: await freeMachineName(folder.id, request.name),
        description: request.description,
        swagger: { source: 'none', url: '', fileName: '', document: '' },
      });
      const created = await translated(spec, () => dataSources.createUnchecked(folder.id, input, actor, { spec: spec.key, params: specParams }));
      return present(await dataSources.getWithOrigin(created.id), folder);
    },

    async get(sandboxName: string | undefined, id: string): Promise<Connection> {
      const folder = await sandbox(sandboxName);
      return present(await load(folder, id), folder);
    },

    async list(sandboxName: string | undefined, query: ListQuery): Promise<{ items: Connection[]; next?: string }> {
      const folder = await sandbox(sandboxName);
      const { filters, order, limit, offset, queryKey } = readListQuery(query);
      const labels = new Map<string, string | null>();
      const all = await Promise.all((await dataSources.listWithOrigin(folder.id)).map((item) => present(item, folder, labels)));
      const matching = all.filter((connection) => filters.every((filter) => filter.matches(connection)));
      matching.sort(order);
      const items = matching.slice(offset, offset + limit);
      const next = offset + limit < matching.length ? continuationToken(offset + limit, queryKey) : undefined;
      return { items, next };
    },

    /** RFC 6902 on the connection as GET shows it; secret params may be set (never read), `id`, `state`, `etag` and the like may not. */
    async patch(sandboxName: string | undefined, id: string, ifMatch: string | undefined, body: unknown, actor: string): Promise<Connection> {
      const folder = await sandbox(sandboxName);
      const item = await load(folder, id);
      const current = await present(item, folder);
      if (ifMatch === undefined) {
        throw new AppError(428, 'precondition_required', `Send If-Match with the connection's etag (now ${current.etag}), so that a change made by someone else since you read it is not overwritten.`);
      }
      if (!ifMatchAccepts(ifMatch, current.etag)) throw staleEtag(current.etag);

      const patch = JsonPatchSchema.safeParse(body);
      if (!patch.success) throw invalidRequest('The body is not a JSON Patch (RFC 6902) this API takes.', issuesAt('', patch.error.issues));
      const spec = specByKey(CONNECTION_SPECS.find((s) => s.id === current.connectionSpec.id)?.key ?? null);
      const known = new Set(paramNamesOf(spec, current.auth.specName));
      const patched = applyJsonPatch(
        { name: current.name, description: current.description, auth: { specName: current.auth.specName, params: { ...current.auth.params } } },
        patch.data,
        { params: known, secretParams: new Set<string>(SECRET_PARAMS), storedSecrets: new Set(current.secretParams) },
      );
      const params = validateParams(spec, current.auth.specName, patched.auth.params, 'update');
      const ds = item.dataSource;
      // A connection made with a ready-made jwtToken keeps it while the patch names no other key.
      const keptKeySource = ds.auth.type === 'oauth2' && ds.auth.grantType === 'jwt_bearer' ? ds.auth.keySource : undefined;
      const { input, specParams } = dataSourceInput(spec, current.auth.specName, params, {
        title: patched.name,
        name: ds.name,
        description: patched.description,
        swagger: { source: ds.swagger.source, url: ds.swagger.url, fileName: ds.swagger.fileName, document: '' },
      }, { keySource: keptKeySource });
      const saved = await translated(spec, () =>
        dataSources
          .update(id, { ...input, version: current.version }, actor, { requireReceipt: false, spec: { spec: spec.key, params: specParams } })
          .catch((error: unknown) => {
            // Someone else saved between the If-Match check and this save: the same answer as a stale etag.
            const now = (error as AppError).details as { current?: { version: number } } | undefined;
            if (error instanceof AppError && error.code === 'edit_conflict' && now?.current) throw staleEtag(etagOf(now.current.version));
            throw error;
          }),
      );
      // The etag of this write, not of whatever a later one made of it.
      return { ...(await present(await dataSources.getWithOrigin(id), folder)), version: saved.version, etag: etagOf(saved.version) };
    },

    async remove(sandboxName: string | undefined, id: string, ifMatch: string | undefined): Promise<Connection> {
      const folder = await sandbox(sandboxName);
      const current = await present(await load(folder, id), folder);
      if (ifMatch !== undefined && !ifMatchAccepts(ifMatch, current.etag)) throw staleEtag(current.etag);
      // With If-Match, only the version it named is deleted: a change saved in between is not lost unseen.
      const removed = await dataSources.remove(id, ifMatch === undefined ? undefined : current.version);
      if (!removed) throw staleEtag(etagOf((await dataSources.getWithOrigin(id)).dataSource.version));
      return current;
    },

    async test(sandboxName: string | undefined, id: string) {
      const folder = await sandbox(sandboxName);
      const current = await present(await load(folder, id), folder);
      const spec = specByKey(CONNECTION_SPECS.find((s) => s.id === current.connectionSpec.id)?.key ?? null);
      return { connection: current, result: await translated(spec, () => dataSources.testSaved(id)) };
    },
  };
}
export type ConnectionsService = ReturnType<typeof createConnectionsService>;

const connectionNotFound = (id: string, folder: FolderRow) =>
  new AppError(404, 'not_found', `There is no connection with id "${id}" in the sandbox "${folder.name}".`);

const staleEtag = (etag: string) =>
  new AppError(412, 'precondition_failed', `The connection changed since that etag was read: it is now ${etag}. Read it again (GET), apply your change to what is there now, and send the new etag in If-Match.`);

interface Filter {
  matches(connection: Connection): boolean;
}

function readListQuery(query: ListQuery) {
  const errors: Errors = [];
  // Express reads ?orderby=a&orderby=b as an array: only `property` may be given more than once.
  for (const name of ['orderby', 'limit', 'continuationToken'] as const) {
    if (query[name] !== undefined && typeof query[name] !== 'string') errors.push({ pointer: `/${name}`, detail: `Give ${name} once` });
  }
  if (errors.length > 0) throw invalidRequest('The list query is not one this API reads.', errors);
  const properties = (query.property === undefined ? [] : Array.isArray(query.property) ? query.property : [query.property]).map(String);
  const filters: Filter[] = [];
  for (const property of properties) {
    const match = /^([A-Za-z.]+)(==|!=)(.*)$/s.exec(String(property));
    const field = match?.[1] as (typeof FILTERABLE)[number] | undefined;
    if (!match || !field || !(FILTERABLE as readonly string[]).includes(field)) {
      errors.push({ pointer: '/property', detail: `"${String(property)}" is not a filter this API reads: use field==value or field!=value with one of ${FILTERABLE.join(', ')}` });
      continue;
    }
    const [, , operator, value] = match;
    const read = (c: Connection) => (field === 'connectionSpec.id' ? c.connectionSpec.id : field === 'auth.specName' ? c.auth.specName : String(c[field]));
    filters.push({ matches: (c) => (read(c) === value) === (operator === '==') });
  }

  const orderby = query.orderby ?? 'createdAt';
  const descending = orderby.startsWith('-');
  const key = orderby.replace(/^[+-]/, '') as (typeof ORDERABLE)[number];
  if (!(ORDERABLE as readonly string[]).includes(key)) {
    errors.push({ pointer: '/orderby', detail: `Order by one of ${ORDERABLE.join(', ')}, with "-" in front for newest or last first` });
  }
  const order = (a: Connection, b: Connection) => {
    const by = key === 'name' ? a.name.localeCompare(b.name) : (a[key] as number) - (b[key] as number);
    return (descending ? -by : by) || a.id.localeCompare(b.id);
  };

  let limit = DEFAULT_LIMIT;
  if (query.limit !== undefined) {
    limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) errors.push({ pointer: '/limit', detail: `Use a whole number from 1 to ${MAX_LIMIT}` });
  }
  const queryKey = createHash('sha256').update(JSON.stringify([properties, orderby])).digest('base64url').slice(0, 16);
  let offset = 0;
  if (query.continuationToken !== undefined) {
    const token = readContinuationToken(String(query.continuationToken));
    if (!token || token.q !== queryKey) {
      errors.push({ pointer: '/continuationToken', detail: 'This continuationToken is not one this API gave for this query: follow _links.next.href as given' });
    } else {
      offset = token.o;
    }
  }
  if (errors.length > 0) throw invalidRequest('The list query is not one this API reads.', errors);
  return { filters, order, limit, offset, queryKey };
}

const continuationToken = (offset: number, queryKey: string) => Buffer.from(JSON.stringify({ o: offset, q: queryKey })).toString('base64url');

function readContinuationToken(token: string): { o: number; q: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    return Number.isInteger(value.o) && (value.o as number) >= 0 && typeof value.q === 'string' ? { o: value.o as number, q: value.q } : undefined;
  } catch {
    return undefined;
  }
}

