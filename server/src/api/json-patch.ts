import type { JsonPatch, Problem } from '@keyway/shared';
import { invalidRequest } from './problem-details';

/** What a PATCH may change of a connection: its name, its description and its auth params. */
export interface PatchableConnection {
  name: string;
  description: string;
  auth: { specName: string; params: Record<string, unknown> };
}

export interface PatchRules {
  /** The params the connection's auth spec takes. */
  params: ReadonlySet<string>;
  /** Params that are write-only: they may be set, never read back, and not removed. */
  secretParams: ReadonlySet<string>;
  /** The secret params stored now: "replace" of one of them is a replace, though GET never shows it. */
  storedSecrets: ReadonlySet<string>;
}

/** RFC 6901: "~1" is "/", "~0" is "~", in that order. */
const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

const READ_ONLY = new Set(['id', 'state', 'stateReason', 'etag', 'version', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'sandboxName', 'connectionSpec', 'secretParams', 'deprecated']);

/**
 * RFC 6902's add, replace and remove on the parts of a connection a client may change. Every
 * operation is checked before any is applied, and every problem is reported, each at its
 * operation (`/<index>/path`), so a bad patch changes nothing and says all that is wrong at once.
 */
export function applyJsonPatch(doc: PatchableConnection, patch: JsonPatch, rules: PatchRules): PatchableConnection {
  const errors: NonNullable<Problem['errors']> = [];
  const next: PatchableConnection = { name: doc.name, description: doc.description, auth: { specName: doc.auth.specName, params: { ...doc.auth.params } } };

  patch.forEach((operation, index): void => {
    const at = (detail: string): void => {
      errors.push({ pointer: `/${index}/path`, detail });
    };
    if (!operation.path.startsWith('/')) return at(`"${operation.path}" is not a JSON Pointer: start it with "/"`);
    const segments = operation.path.slice(1).split('/').map(unescape);
    const needsValue = operation.op !== 'remove';
    if (needsValue && !('value' in operation)) {
      errors.push({ pointer: `/${index}/value`, detail: `"${operation.op}" needs a value` });
      return;
    }

    if (segments.length === 1 && (segments[0] === 'name' || segments[0] === 'description')) {
      const field = segments[0];
      if (operation.op === 'remove') {
        if (field === 'name') return at('A connection must have a name: replace it instead');
        next.description = '';
        return;
      }
      if (typeof operation.value !== 'string') {
        errors.push({ pointer: `/${index}/value`, detail: `${field} is a string` });
        return;
      }
      next[field] = operation.value;
      return;
    }

    if (segments.length === 3 && segments[0] === 'auth' && segments[1] === 'params') {
      const param = segments[2]!;
      if (!rules.params.has(param)) {
        return at(`The auth spec "${doc.auth.specName}" has no param "${param}". It takes: ${[...rules.params].join(', ')}`);
      }
      const present = Object.hasOwn(next.auth.params, param) || rules.storedSecrets.has(param);
      if (operation.op === 'replace' && !present) return at(`"${param}" is not set, so it cannot be replaced: use "add"`);
      if (operation.op === 'remove') {
        if (rules.secretParams.has(param)) return at(`"${param}" is a secret: replace it with a new value; it cannot be removed`);
        if (!present) return at(`"${param}" is not set, so it cannot be removed`);
        delete next.auth.params[param];
        return;
      }
      next.auth.params[param] = operation.value;
      return;
    }

    const first = segments[0] ?? '';
    if (READ_ONLY.has(first)) return at(`"${operation.path}" is kept by Keyway and cannot be changed`);
    if (first === 'auth' && segments[1] === 'specName') return at('The auth spec of a connection cannot be changed: make a new connection with the other auth spec');
    at(`"${operation.path}" is not part of a connection that can be changed: patch /name, /description or /auth/params/<param>`);
  });

  if (errors.length > 0) throw invalidRequest('The patch was not applied: nothing changed.', errors);
  return next;
}
