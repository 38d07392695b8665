import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { cspNonce } from '../http/content-security-policy';
import {
  API_V1_BASE_PATH,
  openApiDocument,
  operationsOf,
  type AuthParamsBinding,
  type JsonSchema,
  type OpenApiDocument,
  type OpenApiHeader,
  type OpenApiMediaType,
  type OpenApiOperation,
  type OpenApiParameter,
  type OpenApiResponse,
  type Reference,
} from './openapi';

/**
 * /api/docs: the OpenAPI document as a page a person reads, rendered on the server. It runs no
 * script at all and loads nothing: its one <style> carries this response's CSP nonce, and no
 * element has a style attribute, so it works under the console's policy as it is. Every string
 * from the document is escaped on its way into the HTML.
 */

export const API_DOCS_PATH = '/api/docs';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `code`, **bold** and [text](/relative or https://…) links; everything else escaped. */
function inline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) => {
      if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/\[([^\]]+)\]\(((?:https:\/\/|\/|#)[^\s)]*)\)/g, '<a href="$2">$1</a>');
    })
    .join('');
}

/** The Markdown the document's descriptions use: paragraphs, "### " headings and "- " lists. */
function markdown(text: string, headingLevel = 3): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    if (list.length > 0) out.push(`<ul>${list.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`);
    paragraph = [];
    list = [];
  };
  for (const line of text.split('\n')) {
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (heading) {
      flush();
      out.push(`<h${headingLevel}>${inline(heading[1]!)}</h${headingLevel}>`);
    } else if (line.startsWith('- ')) {
      if (paragraph.length > 0) {
        const kept = list;
        list = [];
        flush();
        list = kept;
      }
      list.push(line.slice(2));
    } else if (line.trim() === '') {
      flush();
    } else if (list.length > 0 && /^\s+/.test(line)) {
      list[list.length - 1] += ` ${line.trim()}`;
    } else {
      if (list.length > 0) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return out.join('\n');
}

const isRef = (value: unknown): value is Reference => typeof value === 'object' && value !== null && typeof (value as Reference).$ref === 'string';

function pointer(document: OpenApiDocument, ref: string): unknown {
  let at: unknown = document;
  for (const segment of ref.replace(/^#\//, '').split('/')) at = (at as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  return at;
}

/** The thing a reference names, with the reference's own description, if it has one, in front. */
function deref<T extends object>(document: OpenApiDocument, value: T | Reference): T {
  if (!isRef(value)) return value;
  const target = deref(document, pointer(document, value.$ref) as T | Reference);
  return value.description ? { ...target, description: value.description } : target;
}

const componentName = (ref: string) => ref.split('/').pop()!;
const slug = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

/* ------------------------------------------------------------------ schemas as tables */

interface Row {
  name: string;
  type: string;
  required: boolean;
  description: string;
  constraints: string[];
  writeOnly: boolean;
  deprecated: boolean;
}

/** 2^53 - 1: zod's bounds for an integer, which say nothing a reader needs. */
const SAFE = Number.MAX_SAFE_INTEGER;

function constraintsOf(schema: JsonSchema): string[] {
  const found: string[] = [];
  if (Array.isArray(schema.enum)) found.push(`one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (schema.const !== undefined) found.push(`always ${JSON.stringify(schema.const)}`);
  const min = schema.minLength as number | undefined;
  const max = schema.maxLength as number | undefined;
  if (min !== undefined && max !== undefined) found.push(`${min}–${max} characters`);
  else if (max !== undefined) found.push(`at most ${max} characters`);
  else if (min !== undefined && min > 0) found.push(`at least ${min} character${min === 1 ? '' : 's'}`);
  const minimum = schema.minimum as number | undefined;
  const maximum = schema.maximum as number | undefined;
  if (minimum !== undefined && minimum > -SAFE) found.push(`≥ ${minimum}`);
  if (maximum !== undefined && maximum < SAFE) found.push(`≤ ${maximum}`);
  if (schema.minItems !== undefined || schema.maxItems !== undefined) {
    found.push(`${String(schema.minItems ?? 0)}–${schema.maxItems === undefined ? 'any number of' : String(schema.maxItems)} items`);
  }
  if (typeof schema.pattern === 'string') found.push(`pattern ${schema.pattern}`);
  if (typeof schema.format === 'string' && schema.format !== 'password') found.push(`format ${schema.format}`);
  if (schema.default !== undefined) found.push(`default ${JSON.stringify(schema.default)}`);
  return found;
}

function typeOf(document: OpenApiDocument, raw: JsonSchema): string {
  if (isRef(raw)) {
    const target = deref(document, raw);
    return `${componentName(raw.$ref)} (${typeOf(document, target)})`;
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(raw[keyword])) return (raw[keyword] as JsonSchema[]).map((s) => typeOf(document, s)).join(' | ');
  }
  const type = raw.type;
  if (Array.isArray(type)) return type.join(' | ');
  if (type === 'array') return `${raw.items ? typeOf(document, raw.items as JsonSchema) : 'any'}[]`;
  if (type === 'object' && !raw.properties && raw.additionalProperties !== false) return 'object (any keys)';
  if (type === 'string' && raw.format === 'password') return 'string (password)';
  if (typeof type === 'string') return type;
  if (raw.const !== undefined) return typeof raw.const;
  return 'any';
}

/** The rows of a schema: each property, with nested objects and arrays of objects flattened into dotted names. */
function rowsOf(document: OpenApiDocument, raw: JsonSchema, prefix = '', depth = 0, seen: string[] = []): Row[] {
  const schema = deref(document, raw);
  const refName = isRef(raw) ? raw.$ref : undefined;
  if (refName && seen.includes(refName)) return [];
  const trail = refName ? [...seen, refName] : seen;
  if (depth > 5) return [];
  if (schema.type === 'array' && schema.items) return rowsOf(document, schema.items as JsonSchema, `${prefix}[].`, depth + 1, trail);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const rows: Row[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const resolved = deref(document, property);
    rows.push({
      name: `${prefix}${name}`,
      type: typeOf(document, property),
      required: required.has(name),
      description: (resolved.description as string | undefined) ?? '',
      constraints: constraintsOf(resolved),
      writeOnly: resolved.writeOnly === true,
      deprecated: resolved.deprecated === true,
    });
    const inner = resolved.type === 'array' ? deref(document, (resolved.items ?? {}) as JsonSchema) : resolved;
    if (inner.properties) {
      const child = resolved.type === 'array' ? (resolved.items as JsonSchema) : property;
      rows.push(...rowsOf(document, child, `${prefix}${name}${resolved.type === 'array' ? '[]' : ''}.`, depth + 1, trail));
    }
  }
  return rows;
}

/** A property's limits, one line: "1–100 characters · default \"\"". */
const constraintsHtml = (constraints: string[]) => (constraints.length > 0 ? `<span class="constraint">${escapeHtml(constraints.join(' · '))}</span>` : '');

const yesNo = (value: boolean, yes: string) => (value ? `<span class="badge badge-${slug(yes)}">${escapeHtml(yes)}</span>` : '<span class="none">—</span>');
/** A cell of a flag: on a phone, a cell that says no is left out, and one that says yes is its badge. */
const flagCell = (label: string, value: boolean, yes: string) => `<td data-label="${label}" class="flag${value ? '' : ' is-empty'}">${yesNo(value, yes)}</td>`;

function schemaTable(document: OpenApiDocument, schema: JsonSchema, caption: string): string {
  const rows = rowsOf(document, schema);
  if (rows.length === 0) return `<p class="type">Type: <code>${escapeHtml(typeOf(document, schema))}</code></p>`;
  const body = rows
    .map((row) => {
      const depth = row.name.split('.').length - 1;
      const description = [row.description ? inline(row.description) : '', constraintsHtml(row.constraints)].filter(Boolean).join(' ');
      return `<tr>
<th scope="row" data-label="Name" class="depth-${Math.min(depth, 4)}"><code>${escapeHtml(row.name)}</code>${row.deprecated ? ' <span class="badge badge-deprecated">deprecated</span>' : ''}</th>
<td data-label="Type" class="type"><code>${escapeHtml(row.type)}</code></td>
${flagCell('Required', row.required, 'required')}
<td data-label="Description" class="wide${description ? '' : ' is-empty'}">${description || '<span class="none">—</span>'}</td>
${flagCell('Write-only', row.writeOnly, 'write-only')}
</tr>`;
    })
    .join('\n');
  return `<div class="table"><table class="schema">
<caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th><th scope="col">Write-only</th></tr></thead>
<tbody>
${body}
</tbody></table></div>`;
}

/* ------------------------------------------------------------------ operations */

const METHOD_CLASSES: Record<string, string> = { get: 'get', post: 'post', patch: 'patch', put: 'patch', delete: 'delete' };
const methodBadge = (method: string) => `<span class="method method-${METHOD_CLASSES[method] ?? 'get'}">${escapeHtml(method.toUpperCase())}</span>`;
const operationAnchor = (operation: OpenApiOperation) => `op-${slug(operation.operationId)}`;

function parametersSection(document: OpenApiDocument, operation: OpenApiOperation): string {
  const parameters = (operation.parameters ?? []).map((p) => deref<OpenApiParameter>(document, p));
  if (parameters.length === 0) return '';
  const rows = parameters
    .map(
      (p) => `<tr>
<th scope="row" data-label="Name"><code>${escapeHtml(p.name)}</code></th>
<td data-label="In" class="labelled">${escapeHtml(p.in)}</td>
<td data-label="Type" class="type"><code>${escapeHtml(typeOf(document, p.schema))}</code></td>
${flagCell('Required', p.required === true, 'required')}
<td data-label="Description" class="wide">${inline(p.description)} ${constraintsHtml([
        ...constraintsOf(p.schema),
        ...(p.example === undefined ? [] : [`e.g. ${Array.isArray(p.example) ? p.example.join(', ') : String(p.example)}`]),
      ])}</td>
</tr>`,
    )
    .join('\n');
  return `<h4>Parameters</h4>
<div class="table"><table class="params">
<caption>Parameters of ${escapeHtml(operation.operationId)}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
}

function authParamsSection(document: OpenApiDocument, bindings: AuthParamsBinding[]): string {
  const items = bindings
    .map((binding) => {
      const schema = deref<JsonSchema>(document, binding.schema);
      return `<details class="auth-params" id="schema-${slug(componentName(binding.schema.$ref))}">
<summary><span class="spec-name">${escapeHtml(binding.connectionSpecName)}</span> · ${escapeHtml(binding.specName)}${binding.deprecated ? ' <span class="badge badge-deprecated">deprecated</span>' : ''}</summary>
<p>Schema <code>${escapeHtml(componentName(binding.schema.$ref))}</code>, for <code>connectionSpec.id</code> <code>${escapeHtml(binding.connectionSpecId)}</code> and <code>auth.specName</code> <code>${escapeHtml(binding.specName)}</code>.</p>
${typeof schema.description === 'string' ? `<p>${inline(schema.description)}</p>` : ''}
${schemaTable(document, { $ref: binding.schema.$ref }, `auth.params for ${binding.connectionSpecName}, ${binding.specName}`)}
</details>`;
    })
    .join('\n');
  return `<h5>auth.params, by connection spec and auth spec</h5>\n${items}`;
}

function requestBodySection(document: OpenApiDocument, operation: OpenApiOperation): string {
  const body = operation.requestBody;
  if (!body) return '';
  const parts = Object.entries(body.content).map(
    ([type, media]) => `<p class="meta">Content type <code>${escapeHtml(type)}</code>${body.required ? ' · required' : ''}</p>
${schemaTable(document, media.schema, `Request body of ${operation.operationId}`)}`,
  );
  return `<h4>Request body</h4>
${body.description ? `<p>${inline(body.description)}</p>` : ''}
${parts.join('\n')}
${operation['x-auth-params'] ? authParamsSection(document, operation['x-auth-params']) : ''}`;
}

const statusClass = (status: string) => `status status-${status[0]}xx`;

function headersList(document: OpenApiDocument, headers: Record<string, OpenApiHeader | Reference> | undefined): string {
  const entries = Object.entries(headers ?? {});
  if (entries.length === 0) return '';
  return `<dl class="headers">${entries
    .map(([name, value]) => {
      const header = deref<OpenApiHeader>(document, value);
      return `<dt>Header <code>${escapeHtml(name)}</code>${header.required ? ' <span class="badge badge-required">always</span>' : ''}</dt><dd>${inline(header.description)}${
        header.example ? ` ${constraintsHtml([`e.g. ${header.example}`])}` : ''
      }</dd>`;
    })
    .join('')}</dl>`;
}

function responsesSection(document: OpenApiDocument, operation: OpenApiOperation): string {
  const entries = Object.entries(operation.responses).map(([status, value]) => [status, deref<OpenApiResponse>(document, value), value] as const);
  const successes = entries
    .filter(([status]) => Number(status) < 400)
    .map(([status, response]) => {
      const content = Object.entries(response.content ?? {})
        .map(([type, media]) => `<p class="meta">Content type <code>${escapeHtml(type)}</code></p>\n${schemaTable(document, media.schema, `Response ${status} of ${operation.operationId}`)}`)
        .join('\n');
      return `<div class="response">
<h5><span class="${statusClass(status)}">${escapeHtml(status)}</span> ${inline(response.description)}</h5>
${headersList(document, response.headers)}
${content || '<p class="meta">No body.</p>'}
</div>`;
    })
    .join('\n');
  const failures = entries.filter(([status]) => Number(status) >= 400);
  const failureRows = failures
    .map(([status, response, raw]) => {
      const codes = (response['x-problem-codes'] ?? []).map((c) => `<code>${escapeHtml(c.code)}</code>`).join(', ');
      const name = isRef(raw) ? componentName(raw.$ref) : '';
      return `<tr>
<th scope="row" data-label="Status"><a class="${statusClass(status)}" href="#problem-${escapeHtml(slug(name || status))}">${escapeHtml(status)}</a></th>
<td data-label="When" class="wide">${inline(response.description)}${headersList(document, response.headers)}</td>
<td data-label="Codes" class="wide labelled">${codes}</td>
</tr>`;
    })
    .join('\n');
  return `<h4>Responses</h4>
${successes}
${
  failures.length > 0
    ? `<div class="table"><table class="errors">
<caption>Errors of ${escapeHtml(operation.operationId)}, as <code>application/problem+json</code></caption>
<thead><tr><th scope="col">Status</th><th scope="col">When</th><th scope="col">Codes</th></tr></thead>
<tbody>
${failureRows}
</tbody></table></div>`
    : ''
}`;
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function examplesSection(document: OpenApiDocument, operation: OpenApiOperation): string {
  const blocks: string[] = [];
  for (const sample of operation['x-codeSamples'] ?? []) {
    blocks.push(`<details open><summary>${escapeHtml(sample.label)}</summary><pre tabindex="0"><code>${escapeHtml(sample.source)}</code></pre></details>`);
  }
  const media = (title: string, content: Record<string, OpenApiMediaType> | undefined) => {
    for (const [type, mediaType] of Object.entries(content ?? {})) {
      for (const [name, example] of Object.entries(mediaType.examples ?? {})) {
        blocks.push(`<details><summary>${escapeHtml(title)}: ${escapeHtml(example.summary)} <span class="meta">(${escapeHtml(type)}, ${escapeHtml(name)})</span></summary>
${example.description ? `<p>${inline(example.description)}</p>` : ''}<pre tabindex="0"><code>${escapeHtml(pretty(example.value))}</code></pre></details>`);
      }
    }
  };
  media('Request', operation.requestBody?.content);
  for (const [status, value] of Object.entries(operation.responses)) {
    if (Number(status) < 400) media(`Response ${status}`, deref<OpenApiResponse>(document, value).content);
  }
  return blocks.length > 0 ? `<h4>Examples</h4>\n${blocks.join('\n')}` : '';
}

function operationSection(document: OpenApiDocument, path: string, method: string, operation: OpenApiOperation): string {
  const anchor = operationAnchor(operation);
  const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
  return `<section class="operation" id="${anchor}" aria-labelledby="${anchor}-title">
<h3 id="${anchor}-title">${methodBadge(method)} <code class="path">${escapeHtml(`${API_V1_BASE_PATH}${path}`)}</code></h3>
<p class="summary">${escapeHtml(operation.summary)}${isPublic ? ' <span class="badge badge-public">no API key</span>' : ''}</p>
<div class="prose">${markdown(operation.description, 4)}</div>
${parametersSection(document, operation)}
${requestBodySection(document, operation)}
${responsesSection(document, operation)}
${examplesSection(document, operation)}
</section>`;
}

function problemsSection(document: OpenApiDocument): string {
  const rows = Object.entries(document.components.responses)
    .map(([name, response]) => {
      const status = Object.values(response.content ?? {})[0]?.examples;
      const example = status ? (Object.values(status)[0]?.value as { status?: number } | undefined) : undefined;
      const codes = (response['x-problem-codes'] ?? [])
        .map((c) => `<li><code>${escapeHtml(c.code)}</code>: ${inline(c.meaning)}</li>`)
        .join('');
      return `<tr id="problem-${escapeHtml(slug(name))}">
<th scope="row" data-label="Status"><span class="${statusClass(String(example?.status ?? 5))}">${escapeHtml(String(example?.status ?? ''))}</span> ${escapeHtml(name.replace(/([a-z])([A-Z])/g, '$1 $2'))}</th>
<td data-label="When" class="wide">${inline(response.description)}${headersList(document, response.headers)}</td>
<td data-label="Codes" class="wide"><ul class="codes">${codes}</ul></td>
</tr>`;
    })
    .join('\n');
  const example = Object.values(document.components.responses.BadRequest?.content ?? {})[0]?.examples;
  return `<section id="problems" aria-labelledby="problems-title">
<h2 id="problems-title">Problem details</h2>
<p>Every error is an RFC 9457 problem, <code>application/problem+json</code>, of this shape; switch on <code>code</code> (or <code>type</code>), show <code>detail</code> to a person.</p>
${schemaTable(document, { $ref: '#/components/schemas/Problem' }, 'Problem')}
<div class="table"><table class="errors problems">
<caption>Statuses and their codes</caption>
<thead><tr><th scope="col">Status</th><th scope="col">When</th><th scope="col">Codes</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
${example ? `<details><summary>Example: a 400 with its errors</summary><pre tabindex="0"><code>${escapeHtml(pretty(Object.values(example)[0]?.value))}</code></pre></details>` : ''}
</section>`;
}

function navigation(document: OpenApiDocument): string {
  const byTag = document.tags
    .map((tag) => {
      const items = operationsOf(document)
        .filter(({ operation }) => operation.tags.includes(tag.name))
        .map(
          ({ path, method, operation }) =>
            `<li><a href="#${operationAnchor(operation)}">${methodBadge(method)} <span class="nav-path">${escapeHtml(path)}</span></a></li>`,
        )
        .join('');
      return items ? `<li><a class="nav-tag" href="#tag-${slug(tag.name)}">${escapeHtml(tag.name)}</a><ul>${items}</ul></li>` : '';
    })
    .join('');
  return `<nav class="toc" aria-label="Endpoints">
<ul>
<li><a class="nav-tag" href="#overview">Overview</a></li>
${byTag}
<li><a class="nav-tag" href="#problems">Problem details</a></li>
</ul>
</nav>`;
}

const CSS = `
:root { color-scheme: light; --text: #212529; --dim: #495057; --line: #dee2e6; --soft: #f1f3f5; --link: #1665ab; --code: #f8f9fa; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--text); background: #fff; }
a { color: var(--link); }
a:focus-visible, summary:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.88em; }
:not(pre) > code { background: var(--code); border: 1px solid var(--line); border-radius: 4px; padding: 0 0.25em; overflow-wrap: anywhere; }
pre { background: #212529; color: #f8f9fa; padding: 12px 14px; border-radius: 6px; overflow-x: auto; margin: 8px 0 12px; line-height: 1.45; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 12px; top: 12px; background: #fff; padding: 8px; z-index: 2; }
header.top { border-bottom: 1px solid var(--line); padding: 16px 24px; display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; }
header.top h1 { margin: 0; font-size: 1.45rem; font-weight: 650; }
header.top p { margin: 0; color: var(--dim); }
.layout { display: grid; grid-template-columns: 270px minmax(0, 1fr); }
.toc { border-right: 1px solid var(--line); padding: 16px 12px 24px 16px; position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; font-size: 0.9rem; }
.toc ul { list-style: none; margin: 0; padding: 0; }
.toc ul ul { margin: 4px 0 12px; }
.toc li a { display: flex; align-items: center; gap: 6px; padding: 3px 4px; border-radius: 4px; text-decoration: none; color: var(--text); }
.toc li a:hover { background: var(--soft); }
.toc .nav-tag { font-weight: 650; margin-top: 6px; }
.nav-path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.82rem; overflow-wrap: anywhere; }
main { padding: 8px 32px 48px; max-width: 1080px; min-width: 0; }
h2 { font-size: 1.3rem; margin: 32px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); font-weight: 650; }
main > section:first-child h2 { border-top: 0; }
h3 { font-size: 1.1rem; margin: 20px 0 4px; font-weight: 650; }
h4 { font-size: 0.95rem; margin: 20px 0 6px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--dim); }
h5 { font-size: 0.95rem; margin: 14px 0 6px; font-weight: 650; }
.operation { border: 1px solid var(--line); border-radius: 8px; padding: 4px 20px 16px; margin: 16px 0 24px; }
.operation > h3 { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.operation > h3 .path { font-size: 1rem; background: none; border: 0; padding: 0; }
.summary { margin: 0 0 8px; font-weight: 600; }
.prose p { margin: 6px 0; }
.meta { color: var(--dim); margin: 6px 0; }
.method { display: inline-block; min-width: 3.9em; text-align: center; font: 700 0.72rem/1.7 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; border-radius: 4px; padding: 0 6px; color: #fff; }
.method-get { background: #1665ab; }
.method-post { background: #237030; }
.method-patch { background: #a54505; }
.method-delete { background: #c50f0f; }
.status { display: inline-block; font: 700 0.8rem/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; border-radius: 4px; padding: 0 6px; text-decoration: none; }
.status-2xx { background: #d3f9d8; color: #1d612a; }
.status-4xx { background: #ffe8cc; color: #7c2909; }
.status-5xx { background: #ffe3e3; color: #861c1c; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 600; border-radius: 10px; padding: 0 8px; line-height: 1.6; white-space: nowrap; }
.badge-required { background: #e7f5ff; color: #114678; }
.badge-write-only { background: #f3f0ff; color: #4b2f9c; }
.badge-deprecated { background: #fff9db; color: #6c3800; }
.badge-public { background: #ebfbee; color: #195024; }
.none { color: #686f77; }
.constraint { display: block; color: var(--dim); font-size: 0.82rem; overflow-wrap: anywhere; }
.table { overflow-x: auto; margin: 6px 0 12px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; font-size: 0.8rem; color: var(--dim); padding: 0 0 4px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); font-weight: 650; white-space: nowrap; }
tbody th { font-weight: 400; white-space: nowrap; }
td.type { white-space: nowrap; }
td.type code { overflow-wrap: normal; }
.depth-1 { padding-left: 20px; }
.depth-2 { padding-left: 32px; }
.depth-3 { padding-left: 44px; }
.depth-4 { padding-left: 56px; }
dl.headers { margin: 4px 0; }
dl.headers dt { display: inline; }
dl.headers dd { display: inline; margin: 0 0 0 6px; }
dl.headers dd::after { content: ""; display: block; margin-bottom: 4px; }
ul.codes { margin: 0; padding-left: 18px; }
details { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; margin: 8px 0; }
details > summary { cursor: pointer; font-weight: 600; }
details[open] > summary { margin-bottom: 6px; }
details.auth-params > summary .spec-name { color: var(--dim); font-weight: 600; }
.response { margin: 8px 0 16px; }
@media (max-width: 900px) {
  .layout { display: block; }
  .toc { position: static; max-height: none; border-right: 0; border-bottom: 1px solid var(--line); padding: 12px 16px; }
  .toc > ul { columns: 2 220px; }
  .toc > ul > li { break-inside: avoid; }
  main { padding: 8px 16px 40px; }
  header.top { padding: 12px 16px; }
}
@media (max-width: 640px) {
  .operation { padding: 2px 12px 12px; }
  .table { overflow-x: visible; }
  table, tbody, caption { display: block; width: 100%; }
  thead { position: absolute; left: -9999px; }
  tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 8px; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 8px; padding: 8px 10px; }
  th, td { display: block; border: 0; padding: 0; white-space: normal; }
  tbody th { font-weight: 600; overflow-wrap: anywhere; white-space: normal; }
  td.is-empty { display: none; }
  td.wide { flex-basis: 100%; }
  td.labelled::before { content: attr(data-label) " "; color: var(--dim); font-size: 0.72rem; font-weight: 650; text-transform: uppercase; letter-spacing: 0.04em; }
  td.type, td.type code { white-space: normal; overflow-wrap: anywhere; }
  .depth-1, .depth-2, .depth-3, .depth-4 { padding-left: 0; }
  ul.schemes { padding-left: 18px; }
  pre { font-size: 0.8rem; }
}
`;

/** The page, with `nonce` on its one <style>. Pure: the document in, HTML out. */
export function renderApiDocs(document: OpenApiDocument, nonce: string): string {
  const sections = document.tags
    .map((tag) => {
      const operations = operationsOf(document).filter(({ operation }) => operation.tags.includes(tag.name));
      if (operations.length === 0) return '';
      return `<section id="tag-${slug(tag.name)}" aria-labelledby="tag-${slug(tag.name)}-title">
<h2 id="tag-${slug(tag.name)}-title">${escapeHtml(tag.name)}</h2>
<p>${inline(tag.description)}</p>
${operations.map(({ path, method, operation }) => operationSection(document, path, method, operation)).join('\n')}
</section>`;
    })
    .join('\n');
  const scheme = Object.entries(document.components.securitySchemes)
    .map(([name, s]) => `<li>Security scheme <code>${escapeHtml(name)}</code>: HTTP <code>${escapeHtml(s.scheme)}</code>, ${inline(s.description)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)}: reference</title>
<style nonce="${escapeHtml(nonce)}">${CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the reference</a>
<header class="top">
<h1>${escapeHtml(document.info.title)} <span class="meta">v${escapeHtml(document.info.version)}</span></h1>
<p>${inline(document.info.summary)} OpenAPI ${escapeHtml(document.openapi)}: <a href="${escapeHtml(API_V1_BASE_PATH)}/openapi.json">openapi.json</a></p>
</header>
<div class="layout">
${navigation(document)}
<main id="main">
<section id="overview" aria-labelledby="overview-title">
<h2 id="overview-title">Overview</h2>
<p>Base URL: <code>${escapeHtml(document.servers[0]?.url ?? API_V1_BASE_PATH)}</code> on this console.</p>
<ul class="schemes">${scheme}</ul>
<div class="prose">${markdown(document.info.description)}</div>
</section>
${sections}
${problemsSection(document)}
</main>
</div>
</body>
</html>
`;
}

/**
 * GET /api/docs. The page is made once; each answer carries its own nonce, which is why no
 * cache may keep it (a kept page's nonce would not match the next answer's policy).
 */
export function apiDocsPage(document: OpenApiDocument = openApiDocument()): RequestHandler {
  const marker = `nonce-${randomUUID()}`;
  let parts: string[] | undefined;
  return (_req, res) => {
    parts ??= renderApiDocs(document, marker).split(marker);
    res
      .status(200)
      .set('cache-control', 'no-store')
      .type('html')
      .send(parts.join(escapeHtml(cspNonce(res))));
  };
}
