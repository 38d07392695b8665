/**
 * A small, strict XML reader for SOAP answers, and the SOAP 1.1 envelope around them.
 *
 * It reads well-formed XML into a tree of elements named by namespace and local name, with the
 * five predefined entities and character references decoded. It refuses what a SOAP answer never
 * needs and what makes XML dangerous: any DOCTYPE (so no entity definitions, no external
 * entities, nothing to expand), undeclared prefixes, unknown entities, mismatched tags, and
 * nesting or element counts beyond small bounds. The caller bounds the input's size.
 */

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface XmlElement {
  /** The namespace URI; '' for an element in no namespace. */
  ns: string;
  local: string;
  /** Attributes by their name as written (prefix included), values decoded. */
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA), decoded; its children's text is not included. */
  text: string;
}

export class XmlReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlReadError';
  }
}

export interface XmlLimits {
  maxDepth: number;
  maxElements: number;
}

const DEFAULT_LIMITS: XmlLimits = { maxDepth: 32, maxElements: 5_000 };

// XML 1.0 names, with the non-ASCII name characters taken broadly: SOAP from Salesforce is ASCII.
const NAME_START = 'A-Za-z_\\u00C0-\\uFFFF';
const NAME_CHAR = `${NAME_START}0-9.\\-\\u00B7`;
const NCNAME = `[${NAME_START}][${NAME_CHAR}]*`;
const QNAME = new RegExp(`^(?:(${NCNAME}):)?(${NCNAME})$`);
/** One attribute, read from `lastIndex` on: whitespace, name, '=', a quoted value. */
const ATTRIBUTE = new RegExp(`\\s+(${NCNAME}(?::${NCNAME})?)\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'y');
const TAG_END = /\s*(\/?)>/y;
const TAG_NAME = new RegExp(`${NCNAME}(?::${NCNAME})?`, 'y');
const REFERENCE = /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; any other '&' is an error. */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  let decoded = '';
  let last = 0;
  for (const match of raw.matchAll(REFERENCE)) {
    const between = raw.slice(last, match.index);
    if (between.includes('&')) throw new XmlReadError('an "&" that is not an entity or character reference');
    decoded += between;
    const [, hex, dec, name] = match;
    if (name) {
      decoded += PREDEFINED[name]!;
    } else {
      const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
      const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!allowed) throw new XmlReadError('a character reference to a character XML does not allow');
      decoded += String.fromCodePoint(code);
    }
    last = match.index + match[0].length;
  }
  const rest = raw.slice(last);
  if (rest.includes('&')) throw new XmlReadError('an "&" that is not an entity or character reference');
  return decoded + rest;
}

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

interface OpenElement {
  qname: string;
  element: XmlElement;
  /** Prefix -> namespace in scope for this element and its content ('' is the default namespace). */
  scope: ReadonlyMap<string, string>;
}

/** Reads a whole document and returns its root element, or throws XmlReadError saying what is wrong. */
/** No SOAP answer Salesforce sends has an element with more; a reply that has is not one. */
const MAX_ATTRIBUTES = 64;

export function readXml(input: string, limits: XmlLimits = DEFAULT_LIMITS): XmlElement {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let pos = 0;

  const addText = (raw: string, decode: boolean) => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (raw.trim()) throw new XmlReadError('text outside the root element');
      return;
    }
    top.element.text += decode ? decodeXmlText(raw) : raw;
  };
  const skipPast = (terminator: string, what: string) => {
    const end = text.indexOf(terminator, pos);
    if (end < 0) throw new XmlReadError(`an unterminated ${what}`);
    const content = text.slice(pos, end);
    pos = end + terminator.length;
    return content;
  };

  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) {
      addText(text.slice(pos), true);
      break;
    }
    if (lt > pos) addText(text.slice(pos, lt), true);
    pos = lt;

    if (text.startsWith('<?', pos)) {
      pos += 2;
      skipPast('?>', 'processing instruction');
    } else if (text.startsWith('<!--', pos)) {
      pos += 4;
      skipPast('-->', 'comment');
    } else if (text.startsWith('<![CDATA[', pos)) {
      pos += 9;
      if (!stack.length) throw new XmlReadError('CDATA outside the root element');
      addText(skipPast(']]>', 'CDATA section'), false);
    } else if (text.startsWith('<!', pos)) {
      // DOCTYPE, and with it every entity definition: a SOAP message must not have one (SOAP 1.1 §3).
      throw new XmlReadError('a DOCTYPE or other declaration, which a SOAP message must not contain');
    } else if (text.startsWith('</', pos)) {
      TAG_NAME.lastIndex = pos + 2;
      const name = TAG_NAME.exec(text)?.[0];
      const top = stack.pop();
      if (!name || !top || top.qname !== name) throw new XmlReadError('an end tag that does not match its start tag');
      TAG_END.lastIndex = pos + 2 + name.length;
      const end = TAG_END.exec(text);
      if (!end || end[1]) throw new XmlReadError('a malformed end tag');
      pos = TAG_END.lastIndex;
    } else {
      TAG_NAME.lastIndex = pos + 1;
      const qname = TAG_NAME.exec(text)?.[0];
      if (!qname) throw new XmlReadError('a "<" that does not start a tag');
      pos += 1 + qname.length;
      const attributes = new Map<string, string>();
      for (;;) {
        ATTRIBUTE.lastIndex = pos;
        const attribute = ATTRIBUTE.exec(text);
        if (!attribute) break;
        const name = attribute[1]!;
        if (attributes.has(name)) throw new XmlReadError('an attribute given twice');
        if (attributes.size >= MAX_ATTRIBUTES) throw new XmlReadError(`an element with more than ${MAX_ATTRIBUTES} attributes`);
        attributes.set(name, decodeXmlText(attribute[2] ?? attribute[3] ?? ''));
        pos = ATTRIBUTE.lastIndex;
      }
      TAG_END.lastIndex = pos;
      const end = TAG_END.exec(text);
      if (!end) throw new XmlReadError('a malformed start tag');
      pos = TAG_END.lastIndex;

      const parent = stack[stack.length - 1];
      if (!parent && root) throw new XmlReadError('more than one root element');
      if (stack.length >= limits.maxDepth) throw new XmlReadError(`elements nested more than ${limits.maxDepth} deep`);
      if (++elements > limits.maxElements) throw new XmlReadError(`more than ${limits.maxElements} elements`);

      // A new scope only where an element declares a namespace: copying the parent's map for every
      // element would make thousands of declarations times thousands of elements quadratic.
      const declares = [...attributes.keys()].some((name) => name === 'xmlns' || name.startsWith('xmlns:'));
      let scope: ReadonlyMap<string, string> = parent?.scope ?? new Map([['xml', XML_NS]]);
      if (declares) {
        const own = new Map(scope);
        for (const [name, value] of attributes) {
          if (name === 'xmlns') own.set('', value);
          else if (name.startsWith('xmlns:')) {
            if (!value) throw new XmlReadError('a namespace prefix bound to nothing');
            own.set(name.slice(6), value);
          }
        }
        scope = own;
      }
      const [, prefix, local] = QNAME.exec(qname)!;
      const ns = scope.get(prefix ?? '');
      if (ns === undefined && prefix !== undefined) throw new XmlReadError(`the undeclared namespace prefix "${prefix}"`);
      const element: XmlElement = { ns: ns ?? '', local: local!, attributes, children: [], text: '' };
      if (parent) parent.element.children.push(element);
      else root = element;
      if (!end[1]) stack.push({ qname, element, scope });
    }
  }

  if (stack.length) throw new XmlReadError('the document ends inside an element');
  if (!root) throw new XmlReadError('no root element');
  return root;
}

/** The first child element with this namespace and local name (any namespace when `ns` is null). */
export function childElement(parent: XmlElement | undefined, ns: string | null, local: string): XmlElement | undefined {
  return parent?.children.find((child) => child.local === local && (ns === null || child.ns === ns));
}

/** The element reached by following children of these local names, in one namespace. */
export function pathElement(parent: XmlElement | undefined, ns: string | null, ...locals: string[]): XmlElement | undefined {
  return locals.reduce<XmlElement | undefined>((at, local) => childElement(at, ns, local), parent);
}

export interface SoapFault {
  /** The faultcode as written, a qualified name such as "sf:INVALID_LOGIN" or "soapenv:Client". */
  faultCode: string;
  faultString: string;
  /** The detail's exceptionCode (Salesforce's ExceptionCode), when it has one. */
  exceptionCode?: string;
}

export type SoapBody = { fault: SoapFault } | { content: XmlElement };

/**
 * The SOAP 1.1 Body of a document: its fault, or its first element. Undefined when the document
 * is not a SOAP 1.1 envelope with a body.
 */
export function readSoapBody(root: XmlElement): SoapBody | undefined {
  if (root.ns !== SOAP_ENVELOPE_NS || root.local !== 'Envelope') return undefined;
  const body = childElement(root, SOAP_ENVELOPE_NS, 'Body');
  const first = body?.children[0];
  if (!first) return undefined;
  if (first.ns === SOAP_ENVELOPE_NS && first.local === 'Fault') {
    // SOAP 1.1 §4.4: the fault's own children are unqualified; some servers qualify them anyway.
    const faultCode = childElement(first, null, 'faultcode')?.text.trim() ?? '';
    const faultString = childElement(first, null, 'faultstring')?.text.trim() ?? '';
    const detail = childElement(first, null, 'detail');
    const exceptionCode = detail?.children.map((d) => childElement(d, null, 'exceptionCode')?.text.trim()).find(Boolean);
    return { fault: { faultCode, faultString, exceptionCode } };
  }
  return { content: first };
}
