import express from 'express';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../http/content-security-policy';
import { API_DOCS_PATH, apiDocsPage, renderApiDocs } from './docs-page';
import { openApiDocument, operationsOf, type OpenApiDocument } from './openapi';

/** The page behind the console's own headers, as the app serves it. */
function docsApp(document?: OpenApiDocument) {
  const app = express();
  app.use(securityHeaders());
  app.get(API_DOCS_PATH, apiDocsPage(document));
  return app;
}

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'wbr']);

/** Every element closed, in order: a stack over the tags (the page writes no comments or raw text elements but <style>). */
function unbalanced(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = html.replace(/<style[^>]*>[\s\S]*?<\/style>/, '<style></style>');
  for (const [, closing, name] of body.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g)) {
    if (VOID.has(name!)) continue;
    if (!closing) stack.push(name!);
    else if (stack.pop() !== name) problems.push(`</${name}> closes ${stack.at(-1) ?? 'nothing'}`);
  }
  return [...problems, ...stack.map((name) => `<${name}> never closed`)];
}

describe('GET /api/docs', () => {
  it('renders the document as a page under the console\'s Content-Security-Policy: one nonced style, no script, no style attribute', async () => {
    const app = docsApp();
    const first = await supertest(app).get(API_DOCS_PATH).expect(200).expect('content-type', /^text\/html; charset=utf-8/);
    expect(first.headers['cache-control']).toBe('no-store');
    const policy = first.headers['content-security-policy'] as string;
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src-attr 'none'");
    expect(policy).not.toContain('unsafe-inline');
    const nonce = /style-src-elem 'self' 'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();

    const html = first.text;
    expect([...html.matchAll(/<style\b[^>]*>/g)].map((m) => m[0])).toEqual([`<style nonce="${nonce}">`]);
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // Nothing to load: no stylesheet, image, font or frame, from here or elsewhere.
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|source)\b/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/url\(/i);

    const second = await supertest(app).get(API_DOCS_PATH).expect(200);
    const secondNonce = /'nonce-([^']+)'/.exec(second.headers['content-security-policy'] as string)?.[1];
    expect(secondNonce).not.toBe(nonce);
    expect(second.text).toContain(`<style nonce="${secondNonce}">`);
  });

  it('has a section per endpoint, with its method, path, parameters, body, responses, examples and problem codes', async () => {
    const { text: html } = await supertest(docsApp()).get(API_DOCS_PATH).expect(200);
    const document = openApiDocument();
    for (const { path, method, operation } of operationsOf(document)) {
      const section = new RegExp(`<section class="operation" id="op-${operation.operationId}"[\\s\\S]*?</section>`).exec(html)?.[0];
      expect(section, operation.operationId).toBeDefined();
      expect(section).toContain(`>${method.toUpperCase()}</span> <code class="path">/api/v1${path}</code>`);
      expect(section).toContain(operation.summary);
      expect(section).toContain('<h4>Responses</h4>');
      for (const status of Object.keys(operation.responses)) expect(section, `${operation.operationId} ${status}`).toContain(`>${status}<`);
      expect(html).toContain(`href="#op-${operation.operationId}"`);
    }
    const create = /<section class="operation" id="op-createConnection"[\s\S]*?<\/section>/.exec(html)![0];
    expect(create).toContain('<th scope="col">Write-only</th>');
    expect(create).toContain('<code>auth.specName</code>');
    expect(create).toContain('<code>x-sandbox-name</code>');
    expect(create).toContain('<span class="spec-name">salesforce</span> · OAuth2 Client Credential</summary>');
    // The Salesforce client secret, write-only, in the auth params table.
    expect(create).toMatch(/<code>clientSecret<\/code>[\s\S]*?string \(password\)[\s\S]*?badge-write-only/);
    expect(create).toContain('curl -X POST &quot;$KEYWAY_URL/api/v1/connections&quot;');
    const patch = /<section class="operation" id="op-updateConnection"[\s\S]*?<\/section>/.exec(html)![0];
    expect(patch).toContain('<code>application/json-patch+json</code>');
    expect(patch).toContain('<code>precondition_failed</code>');
    expect(patch).toContain('<code>precondition_required</code>');
    expect(html).toContain('<h2 id="problems-title">Problem details</h2>');

    // Every link within the page lands somewhere.
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(targets.filter((target) => !ids.has(target))).toEqual([]);
    expect(unbalanced(html)).toEqual([]);
  });

  it('escapes every string it takes from the document', () => {
    const document = structuredClone(openApiDocument());
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    document.info.title = hostile;
    document.info.description = `Hello ${hostile} and \`${hostile}\` and [a link](javascript:alert(3))`;
    const operation = document.paths['/connections']!.get!;
    operation.summary = hostile;
    operation.description = hostile;
    const schema = document.components.schemas.Connection as { properties: Record<string, unknown> };
    schema.properties[hostile] = { type: 'string', description: hostile, enum: [hostile] };
    document.components.responses.NotFound!['x-problem-codes'] = [{ code: hostile, meaning: hostile }];

    const html = renderApiDocs(document, '"><script>alert(4)</script>');
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('[a link](javascript:alert(3))');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('<style nonce="&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;">');
    expect(unbalanced(html)).toEqual([]);
  });
});
