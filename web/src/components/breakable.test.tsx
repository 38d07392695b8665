import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Breakable, breakPoints } from './breakable';

describe('breakPoints', () => {
  it('breaks an email after the @ and before each dot, keeping every word whole', () => {
    expect(breakPoints('e2e-admin@example.test')).toEqual(['e2e-admin@', 'example', '.test']);
    expect(breakPoints('ana.lopez@sales.acme.com')).toEqual(['ana', '.lopez@', 'sales', '.acme', '.com']);
  });

  it('breaks an address after :// and slashes, before dots, after a port colon, never inside a number or a name', () => {
    expect(breakPoints('http://127.0.0.1:4010/services/data', 'address')).toEqual(['http://', '127', '.0', '.0', '.1:', '4010/', 'services/', 'data']);
    expect(breakPoints('https://acme-eu.my.salesforce.com', 'address')).toEqual(['https://', 'acme-', 'eu', '.my', '.salesforce', '.com']);
  });

  it('breaks an address after ? and & in a query, and keeps :// whole', () => {
    expect(breakPoints('https://h/p?a=1&b=2', 'address')).toEqual(['https://', 'h/', 'p?', 'a=1&', 'b=2']);
  });

  it('leaves text without break points as it is', () => {
    expect(breakPoints('localhost')).toEqual(['localhost']);
    expect(breakPoints('localhost', 'address')).toEqual(['localhost']);
    expect(breakPoints('')).toEqual([]);
  });
});

describe('Breakable', () => {
  it('puts a <wbr> at each break point and keeps each piece on one line', () => {
    const html = renderToStaticMarkup(<Breakable text="a-b@c.d" />);
    expect(html).toBe('<span style="white-space:nowrap">a-b@</span><wbr/><span style="white-space:nowrap">c</span><wbr/><span style="white-space:nowrap">.d</span>');
    expect(html.replace(/<[^>]+>/g, '')).toBe('a-b@c.d');
  });

  it('copies an address unchanged', () => {
    const html = renderToStaticMarkup(<Breakable text="http://127.0.0.1:4010/data" kind="address" />);
    expect(html.replace(/<[^>]+>/g, '')).toBe('http://127.0.0.1:4010/data');
    expect(html.match(/<wbr\/>/g)).toHaveLength(6);
  });

  it('lets a very long piece wrap, so that it cannot overflow a narrow screen', () => {
    const long = 'x'.repeat(40);
    expect(renderToStaticMarkup(<Breakable text={`${long}@a.b`} />)).toMatch(new RegExp(`^${long}@<wbr/>`));
  });
});
