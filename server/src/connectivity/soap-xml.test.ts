import { describe, expect, it } from 'vitest';
import { childElement, decodeXmlText, escapeXml, pathElement, readSoapBody, readXml, SOAP_ENVELOPE_NS, XmlReadError } from './soap-xml';

const PARTNER = 'urn:partner.soap.sforce.com';

describe('readXml', () => {
  it('names elements by namespace, whatever prefix or default declaration the document uses', () => {
    const documents = [
      `<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NS}" xmlns="${PARTNER}"><soapenv:Body><loginResponse><result/></loginResponse></soapenv:Body></soapenv:Envelope>`,
      `<S:Envelope xmlns:S="${SOAP_ENVELOPE_NS}"><S:Body><p:loginResponse xmlns:p="${PARTNER}"><p:result/></p:loginResponse></S:Body></S:Envelope>`,
      `<Envelope xmlns="${SOAP_ENVELOPE_NS}"><Body><loginResponse xmlns="${PARTNER}"><result/></loginResponse></Body></Envelope>`,
    ];
    for (const doc of documents) {
      const root = readXml(doc);
      expect([root.ns, root.local]).toEqual([SOAP_ENVELOPE_NS, 'Envelope']);
      const response = pathElement(root, SOAP_ENVELOPE_NS, 'Body')?.children[0];
      expect([response?.ns, response?.local]).toEqual([PARTNER, 'loginResponse']);
      expect(childElement(response, PARTNER, 'result')).toBeDefined();
      expect(childElement(response, 'urn:other', 'result')).toBeUndefined();
    }
  });

  it('gives a prefix its inner declaration, and xmlns="" takes the default namespace away', () => {
    const root = readXml('<a:x xmlns:a="urn:one" xmlns="urn:d"><a:y xmlns:a="urn:two"/><z xmlns=""/><w/></a:x>');
    expect(root.children.map((c) => [c.ns, c.local])).toEqual([
      ['urn:two', 'y'],
      ['', 'z'],
      ['urn:d', 'w'],
    ]);
  });

  it('decodes the predefined entities, character references and CDATA, and skips comments and the declaration', () => {
    const root = readXml(
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?><!-- a comment --><r a="&quot;&#x41;&apos;">&lt;&amp;&gt;&#233;&#x1F600;<![CDATA[<&raw>]]><!-- x --></r>',
    );
    expect(root.text).toBe('<&>é😀<&raw>');
    expect(root.attributes.get('a')).toBe('"A\'');
  });

  it('keeps each element\'s own text apart from its children\'s', () => {
    const root = readXml('<r> <a>one</a> <b>two<c>three</c></b> </r>');
    expect(root.text.trim()).toBe('');
    expect(childElement(root, null, 'b')?.text).toBe('two');
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE r><r/>'],
    ['an undeclared prefix', '<p:r/>'],
    ['an unknown entity', '<r>&nbsp;</r>'],
    ['a bare ampersand', '<r>a & b</r>'],
    ['a reference to NUL', '<r>&#0;</r>'],
    ['a reference to a surrogate', '<r>&#xD800;</r>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', '<a/>junk'],
    ['no root at all', '  '],
    ['"<" in an attribute', '<a b="<"/>'],
    ['an attribute without a value', '<a b/>'],
    ['an attribute given twice', '<a b="1" b="2"/>'],
    ['a "<" that starts no tag', '<a>< b</a>'],
    ['an unterminated comment', '<a><!-- </a>'],
    ['an unterminated CDATA section', '<a><![CDATA[ </a>'],
    ['a prefix bound to nothing', '<a xmlns:p=""/>'],
  ])('refuses %s', (_what, doc) => {
    expect(() => readXml(doc)).toThrow(XmlReadError);
  });

  it('attack: an element with more attributes than any SOAP answer has is refused; thousands of namespace declarations over thousands of elements stay cheap', () => {
    const attributes = Array.from({ length: 65 }, (_, i) => `a${i}="x"`).join(' ');
    expect(() => readXml(`<r ${attributes}/>`)).toThrow(/more than 64 attributes/);
    // 60 declarations on the root and 4,900 children: each child shares its parent's scope instead of copying it.
    const declarations = Array.from({ length: 60 }, (_, i) => `xmlns:p${i}="urn:n${i}"`).join(' ');
    const root = readXml(`<r ${declarations}>${'<p7:c/>'.repeat(4900)}</r>`);
    expect(root.children).toHaveLength(4900);
    expect(root.children[0]).toMatchObject({ ns: 'urn:n7', local: 'c' });
  });

  it('attack: entity definitions (a billion laughs, an external entity) are refused, not expanded', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><lolz>&lol9;</lolz>`;
    const external = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>';
    for (const doc of [laughs, external]) {
      const started = performance.now();
      expect(() => readXml(doc)).toThrow(/DOCTYPE/);
      expect(performance.now() - started).toBeLessThan(50);
    }
  });

  it('refuses nesting and element counts beyond its bounds', () => {
    expect(() => readXml(`${'<a>'.repeat(33)}${'</a>'.repeat(33)}`)).toThrow(/nested more than 32/);
    expect(readXml(`${'<a>'.repeat(32)}${'</a>'.repeat(32)}`).local).toBe('a');
    expect(() => readXml(`<r>${'<a/>'.repeat(5_000)}</r>`)).toThrow(/more than 5000 elements/);
  });

  it('reads a 64 KiB document of unclosed tags and junk quickly', () => {
    for (const doc of ['<a '.repeat(21_000), `<r>${'&amp'.repeat(16_000)}</r>`, `<r a="${'x'.repeat(65_000)}`]) {
      const started = performance.now();
      expect(() => readXml(doc)).toThrow(XmlReadError);
      expect(performance.now() - started).toBeLessThan(200);
    }
  });
});

describe('escapeXml and decodeXmlText', () => {
  it('round-trip every XML special', () => {
    const text = `a<b>&c"d'e</urn:password>&amp;`;
    expect(escapeXml(text)).toBe('a&lt;b&gt;&amp;c&quot;d&apos;e&lt;/urn:password&gt;&amp;amp;');
    expect(decodeXmlText(escapeXml(text))).toBe(text);
    expect(readXml(`<r a="${escapeXml(text)}">${escapeXml(text)}</r>`)).toMatchObject({ text, attributes: new Map([['a', text]]) });
  });
});

describe('readSoapBody', () => {
  it('reads a Salesforce fault: the faultcode, the faultstring and the detail\'s exceptionCode', () => {
    const fault = readSoapBody(
      readXml(
        `<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NS}" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring><detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode><sf:exceptionMessage>Invalid username, password, security token; or user locked out.</sf:exceptionMessage></sf:LoginFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
      ),
    );
    expect(fault).toEqual({
      fault: {
        faultCode: 'sf:INVALID_LOGIN',
        faultString: 'INVALID_LOGIN: Invalid username, password, security token; or user locked out.',
        exceptionCode: 'INVALID_LOGIN',
      },
    });
  });

  it('gives the first element of the body otherwise, and nothing for what is not a SOAP 1.1 envelope', () => {
    const body = readSoapBody(readXml(`<e:Envelope xmlns:e="${SOAP_ENVELOPE_NS}"><e:Header/><e:Body> <x:logoutResponse xmlns:x="${PARTNER}"/></e:Body></e:Envelope>`));
    expect(body && 'content' in body && body.content.local).toBe('logoutResponse');
    expect(readSoapBody(readXml('<Envelope><Body><x/></Body></Envelope>'))).toBeUndefined();
    expect(readSoapBody(readXml('<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><x/></e:Body></e:Envelope>'))).toBeUndefined();
    expect(readSoapBody(readXml(`<e:Envelope xmlns:e="${SOAP_ENVELOPE_NS}"><e:Body/></e:Envelope>`))).toBeUndefined();
  });
});
