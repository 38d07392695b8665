import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { addressBreakPoints, BreakableAddress } from './breakable-address';

describe('addressBreakPoints', () => {
  it('breaks after ://, dots, slashes and the port colon, never inside a number or a name', () => {
    expect(addressBreakPoints('http://127.0.0.1:4010/services/data')).toEqual(['http://', '127.', '0.', '0.', '1:', '4010/', 'services/', 'data']);
    expect(addressBreakPoints('https://acme-eu.my.salesforce.com')).toEqual(['https://', 'acme-', 'eu.', 'my.', 'salesforce.', 'com']);
  });

  it('breaks after ? and & in a query, and keeps :// whole', () => {
    expect(addressBreakPoints('https://h/p?a=1&b=2')).toEqual(['https://', 'h/', 'p?', 'a=1&', 'b=2']);
  });

  it('leaves an address without break points whole', () => {
    expect(addressBreakPoints('localhost')).toEqual(['localhost']);
    expect(addressBreakPoints('')).toEqual([]);
  });
});

describe('BreakableAddress', () => {
  it('puts a <wbr> at each break point and nothing else, so the text copies unchanged', () => {
    const html = renderToStaticMarkup(<BreakableAddress address="http://127.0.0.1:4010/data" />);
    expect(html).toBe('http://<wbr/>127.<wbr/>0.<wbr/>0.<wbr/>1:<wbr/>4010/<wbr/>data');
    expect(html.replace(/<wbr\/>/g, '')).toBe('http://127.0.0.1:4010/data');
  });
});
