/**
 * SOAP 1.1 as the fake org speaks it: reading a request envelope (namespace-aware, no DOCTYPE,
 * the predefined entities and character references only), and writing answers and faults in the
 * shapes Salesforce's SOAP API sends.
 */

export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
export const PARTNER_NS = 'urn:partner.soap.sforce.com';
const FAULT_NS = 'urn:fault.partner.soap.sforce.com';

export interface Element {
  ns: string;
  name: string;
  children: Element[];
  text: string;
}

/** A request the SOAP stack cannot read; Salesforce answers these with a soapenv:Client fault. */
export class SoapClientError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(raw: string): string {
  return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new SoapClientError('The entity name must immediately follow the \'&\' in the entity reference.');
    const named = ENTITIES[ref];
    if (named) return named;
    const code = /^#x[0-9a-f]+$/i.test(ref) ? parseInt(ref.slice(2), 16) : /^#\d+$/.test(ref) ? Number(ref.slice(1)) : NaN;
    if (!(code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)))) {
      throw new SoapClientError(`The entity "${ref}" was referenced, but not declared.`);
    }
    return String.fromCodePoint(code);
  });
}

// One token at a time: a comment, a declaration or processing instruction, CDATA, a tag, or text.
const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|<!DOCTYPE|</gy;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;

/** Reads an XML document into elements named by namespace URI and local name. */
export function parseXml(xml: string): Element {
  if (!xml.trim()) throw new SoapClientError('Premature end of file.');
  const stack: { tag: string; element: Element; namespaces: Map<string, string> }[] = [];
  let root: Element | undefined;
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (TOKEN.lastIndex < xml.length && (match = TOKEN.exec(xml)) !== null) {
    const [token, cdata, closing, tag, attributes, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (token === '<!DOCTYPE') {
      // What Salesforce's parser says: it has DOCTYPEs switched off.
      throw new SoapClientError('DOCTYPE is disallowed when the feature "http://apache.org/xml/features/disallow-doctype-decl" set to true.');
    }
    if (token === '<') throw new SoapClientError('Unexpected character in markup.');
    if (text !== undefined || cdata !== undefined) {
      const value = cdata ?? decode(text!);
      if (top) top.element.text += value;
      else if (value.trim()) throw new SoapClientError('Content is not allowed in prolog.');
      continue;
    }
    if (!tag) continue; // a comment, the XML declaration
    if (closing) {
      if (top?.tag !== tag || attributes || selfClosing) throw new SoapClientError(`The end-tag for element type "${top?.tag ?? tag}" must end with a '>' delimiter.`);
      stack.pop();
      continue;
    }
    if (!top && root) throw new SoapClientError('The markup in the document following the root element must be well-formed.');
    const namespaces = new Map(top?.namespaces);
    for (const [, name, double, single] of (attributes ?? '').matchAll(ATTRIBUTE)) {
      if (name === 'xmlns') namespaces.set('', decode(double ?? single ?? ''));
      else if (name?.startsWith('xmlns:')) namespaces.set(name.slice(6), decode(double ?? single ?? ''));
    }
    const colon = tag.indexOf(':');
    const prefix = colon < 0 ? '' : tag.slice(0, colon);
    const ns = namespaces.get(prefix);
    if (ns === undefined && prefix) throw new SoapClientError(`The prefix "${prefix}" for element "${tag}" is not bound.`);
    const element: Element = { ns: ns ?? '', name: tag.slice(colon + 1), children: [], text: '' };
    if (top) top.element.children.push(element);
    else root = element;
    if (!selfClosing) stack.push({ tag, element, namespaces });
    if (stack.length > 64) throw new SoapClientError('Maximum element depth exceeded.');
  }
  if (TOKEN.lastIndex < xml.length || stack.length || !root) throw new SoapClientError('XML document structures must start and end within the same entity.');
  return root;
}

export function child(parent: Element | undefined, ns: string, name: string): Element | undefined {
  return parent?.children.find((c) => c.ns === ns && c.name === name);
}

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** A successful answer: `content` is the body's element, written in the partner namespace as the default. */
export function soapResponse(content: string): string {
  return `${XML_DECLARATION}<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns="${PARTNER_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${content}</soapenv:Body></soapenv:Envelope>`;
}

/**
 * An API fault as Salesforce writes one: `sf:<CODE>` with "<CODE>: <message>" as the faultstring
 * and the code and message again in the detail (LoginFault for login(), UnexpectedErrorFault
 * for others).
 */
export function apiFault(code: string, message: string, detailType: 'LoginFault' | 'UnexpectedErrorFault'): string {
  return (
    `${XML_DECLARATION}<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:sf="${FAULT_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault>` +
    `<faultcode>sf:${code}</faultcode><faultstring>${escape(`${code}: ${message}`)}</faultstring>` +
    `<detail><sf:${detailType} xsi:type="sf:${detailType}"><sf:exceptionCode>${code}</sf:exceptionCode><sf:exceptionMessage>${escape(message)}</sf:exceptionMessage></sf:${detailType}></detail>` +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}

/** A fault of the SOAP stack itself, before any API code runs: `soapenv:Client` and the parser's words. */
export function clientFault(message: string): string {
  return `${XML_DECLARATION}<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${escape(message)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}
