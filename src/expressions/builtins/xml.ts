// System.Xml.Linq basics: XDocument, XElement, XAttribute, XName, XNamespace and the node types,
// parsed with fast-xml-parser (preserveOrder keeps document order). Names carry namespaces the
// .NET way: Element("x") finds only an x in no namespace; use ns + "x" for a namespaced one.
// ToString() indents with two spaces and omits the XML declaration, as XNode.ToString() does.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DotNetException, argumentNull } from '../runtime/exceptions';
import { iterate } from '../runtime/iteration';
import { toDisplayString } from '../runtime/operators';
import { NO_CONVERSION, bindClass, makeNumber, registerExplicitConversion, registerImplicitConversion } from '../runtime/typeSystem';
import { CsList } from './collections';
import { ctor, method, prop, type } from './define';

export class XName {
  constructor(
    readonly namespaceName: string,
    readonly localName: string,
  ) {}
  equals(o: unknown): boolean {
    return o instanceof XName && o.namespaceName === this.namespaceName && o.localName === this.localName;
  }
  toString(): string {
    return this.namespaceName ? `{${this.namespaceName}}${this.localName}` : this.localName;
  }
  static get(text: string): XName {
    const m = /^\{([^}]*)\}(.+)$/.exec(text);
    if (m) return new XName(m[1] as string, m[2] as string);
    if (!text || /[\s<>&"'{}]/.test(text)) throw new DotNetException('System.Xml.XmlException', `The '${text}' name is not a valid XML name.`);
    return new XName('', text);
  }
}

export class XNamespace {
  constructor(readonly namespaceName: string) {}
  equals(o: unknown): boolean {
    return o instanceof XNamespace && o.namespaceName === this.namespaceName;
  }
}

export abstract class XNode {
  parent: XContainer | undefined;
}

export class XText extends XNode {
  constructor(public value: string) {
    super();
  }
}
export class XCData extends XText {}
export class XComment extends XNode {
  constructor(public value: string) {
    super();
  }
}

export abstract class XContainer extends XNode {
  readonly nodes: XNode[] = [];
  add(content: unknown): void {
    if (content === null || content === undefined) return;
    if (content instanceof XAttribute) {
      if (!(this instanceof XElement)) throw new DotNetException('System.ArgumentException', 'An attribute cannot be added to a document.');
      this.setAttribute(content);
      return;
    }
    if (content instanceof XNode) {
      const node = content.parent ? cloneNode(content) : content;
      node.parent = this;
      this.nodes.push(node);
      return;
    }
    if (typeof content !== 'string' && (Array.isArray(content) || (typeof content === 'object' && Symbol.iterator in (content as object)))) {
      for (const x of iterate(content)) this.add(x);
      return;
    }
    const text = toDisplayString(content);
    const last = this.nodes[this.nodes.length - 1];
    if (last instanceof XText && !(last instanceof XCData)) last.value += text;
    else {
      const t = new XText(text);
      t.parent = this;
      this.nodes.push(t);
    }
  }
  elements(name?: XName): XElement[] {
    return this.nodes.filter((n): n is XElement => n instanceof XElement && (!name || n.name.equals(name)));
  }
  descendants(name?: XName): XElement[] {
    const out: XElement[] = [];
    const walk = (c: XContainer): void => {
      for (const n of c.nodes) {
        if (n instanceof XElement) {
          if (!name || n.name.equals(name)) out.push(n);
          walk(n);
        }
      }
    };
    walk(this);
    return out;
  }
}

export class XAttribute {
  parent: XElement | undefined;
  constructor(
    readonly name: XName,
    public value: string,
  ) {}
}

export class XElement extends XContainer {
  readonly attributes: XAttribute[] = [];
  /** The prefix the element had in the parsed text, to write it back the same way. */
  prefix?: string;
  constructor(public name: XName) {
    super();
  }
  attribute(name: XName): XAttribute | undefined {
    return this.attributes.find((a) => a.name.equals(name));
  }
  setAttribute(a: XAttribute): void {
    const i = this.attributes.findIndex((x) => x.name.equals(a.name));
    if (i >= 0) throw new DotNetException('System.InvalidOperationException', `Duplicate attribute: ${a.name.toString()}.`);
    a.parent = this;
    this.attributes.push(a);
  }
  get value(): string {
    let s = '';
    const walk = (c: XContainer): void => {
      for (const n of c.nodes) {
        if (n instanceof XText) s += n.value;
        else if (n instanceof XElement) walk(n);
      }
    };
    walk(this);
    return s;
  }
}

export class XDocument extends XContainer {
  get root(): XElement | null {
    return this.nodes.find((n): n is XElement => n instanceof XElement) ?? null;
  }
}

function cloneNode(n: XNode): XNode {
  if (n instanceof XElement) {
    const e = new XElement(n.name);
    e.prefix = n.prefix;
    for (const a of n.attributes) e.setAttribute(new XAttribute(a.name, a.value));
    for (const c of n.nodes) e.add(cloneNode(c));
    return e;
  }
  if (n instanceof XCData) return new XCData(n.value);
  if (n instanceof XText) return new XText(n.value);
  if (n instanceof XComment) return new XComment(n.value);
  if (n instanceof XDocument) {
    const d = new XDocument();
    for (const c of n.nodes) d.add(cloneNode(c));
    return d;
  }
  return n;
}

// ------------------------------------------------------------------ parsing

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  processEntities: true,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function parseXml(text: string): XDocument {
  if (text === null || text === undefined) throw argumentNull('text');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new DotNetException('System.Xml.XmlException', `${valid.err.msg} Line ${valid.err.line}, position ${valid.err.col}.`);
  const doc = new XDocument();
  const build = (items: Ordered[], into: XContainer, scope: Record<string, string>): void => {
    for (const item of items) {
      const key = Object.keys(item).find((k) => k !== ':@') as string;
      const content = item[key] as Ordered[];
      if (key === '?xml') continue;
      if (key === '#text') {
        const t = String((item as { '#text': unknown })['#text']);
        // Whitespace between elements is not kept, as XElement.Parse does by default.
        if (into instanceof XDocument || t.trim() !== '' || !into.nodes.length) {
          if (t.trim() !== '') into.add(t);
        }
        continue;
      }
      if (key === '#comment') {
        const c = new XComment(String((content[0] as { '#text'?: unknown })?.['#text'] ?? ''));
        c.parent = into;
        into.nodes.push(c);
        continue;
      }
      if (key === '#cdata') {
        const c = new XCData(String((content[0] as { '#text'?: unknown })?.['#text'] ?? ''));
        c.parent = into;
        into.nodes.push(c);
        continue;
      }
      const attrs = item[':@'] ?? {};
      const inner: Record<string, string> = { ...scope };
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'xmlns') inner[''] = v;
        else if (k.startsWith('xmlns:')) inner[k.slice(6)] = v;
      }
      const colon = key.indexOf(':');
      const prefix = colon > 0 ? key.slice(0, colon) : '';
      const local = colon > 0 ? key.slice(colon + 1) : key;
      const el = new XElement(new XName(inner[prefix] ?? '', local));
      if (prefix) el.prefix = prefix;
      for (const [k, v] of Object.entries(attrs)) {
        const ac = k.indexOf(':');
        const an = k === 'xmlns' ? new XName('http://www.w3.org/2000/xmlns/', 'xmlns') : k.startsWith('xmlns:') ? new XName('http://www.w3.org/2000/xmlns/', k.slice(6)) : ac > 0 ? new XName(inner[k.slice(0, ac)] ?? '', k.slice(ac + 1)) : new XName('', k);
        el.setAttribute(new XAttribute(an, v));
      }
      el.parent = into;
      into.nodes.push(el);
      build(content, el, inner);
    }
  };
  build(parser.parse(text) as Ordered[], doc, {});
  return doc;
}

// ------------------------------------------------------------------ writing

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function attrName(a: XAttribute, el: XElement): string {
  if (a.name.namespaceName === 'http://www.w3.org/2000/xmlns/') return a.name.localName === 'xmlns' ? 'xmlns' : `xmlns:${a.name.localName}`;
  if (!a.name.namespaceName) return a.name.localName;
  const decl = findPrefix(el, a.name.namespaceName);
  return decl ? `${decl}:${a.name.localName}` : a.name.localName;
}

function findPrefix(el: XElement | undefined, ns: string): string | undefined {
  for (let e: XNode | undefined = el; e instanceof XElement; e = e.parent) {
    const a = e.attributes.find((x) => x.name.namespaceName === 'http://www.w3.org/2000/xmlns/' && x.value === ns && x.name.localName !== 'xmlns');
    if (a) return a.name.localName;
  }
  return undefined;
}

function defaultNamespace(el: XNode | undefined): string {
  for (let e: XNode | undefined = el; e instanceof XElement; e = e.parent) {
    const a = e.attributes.find((x) => x.name.namespaceName === 'http://www.w3.org/2000/xmlns/' && x.name.localName === 'xmlns');
    if (a) return a.value;
    if (!e.prefix && e.name.namespaceName && e !== el) return e.name.namespaceName;
  }
  return '';
}

function writeNode(n: XNode, indent: string, indented: boolean): string {
  if (n instanceof XCData) return `<![CDATA[${n.value}]]>`;
  if (n instanceof XText) return escapeText(n.value);
  if (n instanceof XComment) return `<!--${n.value}-->`;
  if (n instanceof XDocument) return n.nodes.map((c) => writeNode(c, indent, indented)).join(indented ? '\n' : '');
  if (!(n instanceof XElement)) return '';
  const prefix = n.prefix ?? (n.name.namespaceName ? findPrefix(n, n.name.namespaceName) : undefined);
  const tag = prefix ? `${prefix}:${n.name.localName}` : n.name.localName;
  const attrs = n.attributes.map((a) => ` ${attrName(a, n)}="${escapeAttr(a.value)}"`);
  // A namespace of a new element not declared above it: declare it as the default namespace.
  if (!prefix && n.name.namespaceName && defaultNamespace(n.parent) !== n.name.namespaceName && !n.attributes.some((a) => a.name.localName === 'xmlns')) attrs.unshift(` xmlns="${escapeAttr(n.name.namespaceName)}"`);
  const open = `<${tag}${attrs.join('')}`;
  if (n.nodes.length === 0) return `${open} />`;
  const onlyText = n.nodes.every((c) => c instanceof XText);
  const mixed = n.nodes.some((c) => c instanceof XText) && !onlyText;
  if (onlyText || mixed || !indented) return `${open}>${n.nodes.map((c) => writeNode(c, '', false)).join('')}</${tag}>`;
  const childIndent = `${indent}  `;
  return `${open}>\n${n.nodes.map((c) => childIndent + writeNode(c, childIndent, true)).join('\n')}\n${indent}</${tag}>`;
}

// ------------------------------------------------------------------ conversions

function toXName(v: unknown): XName {
  if (v instanceof XName) return v;
  if (typeof v === 'string') return XName.get(v);
  throw argumentNull('name');
}

registerImplicitConversion('System.Xml.Linq.XName', (v) => (typeof v === 'string' ? XName.get(v) : NO_CONVERSION));
registerImplicitConversion('System.Xml.Linq.XNamespace', (v) => (typeof v === 'string' ? new XNamespace(v) : NO_CONVERSION));

const VALUE_CONVERSIONS: readonly [string, (s: string) => unknown][] = [
  ['System.String', (s) => s],
  ['System.Int32', (s) => makeNumber('int', BigInt(s.trim()), true)],
  ['System.Int64', (s) => BigInt(s.trim())],
  ['System.Boolean', (s) => s.trim().toLowerCase() === 'true'],
];
for (const [target, fn] of VALUE_CONVERSIONS) {
  registerExplicitConversion(target, (v) => {
    if (v instanceof XElement) return fn(v.value);
    if (v instanceof XAttribute) return fn(v.value);
    return NO_CONVERSION;
  });
}

function list(items: unknown[]): CsList {
  return new CsList(items);
}

const containerMembers = [
  method('XElement Element(XName name)', 'The first child element with the name, or null.', (self: XContainer, [n]) => self.elements(toXName(n))[0] ?? null),
  method('IEnumerable<XElement> Elements()', 'The child elements.', (self: XContainer) => list(self.elements())),
  method('IEnumerable<XElement> Elements(XName name)', 'The child elements with the name.', (self: XContainer, [n]) => list(self.elements(toXName(n)))),
  method('IEnumerable<XElement> Descendants()', 'Every element below, in document order.', (self: XContainer) => list(self.descendants())),
  method('IEnumerable<XElement> Descendants(XName name)', 'Every element below with the name.', (self: XContainer, [n]) => list(self.descendants(toXName(n)))),
  method('IEnumerable<XNode> Nodes()', 'The child nodes.', (self: XContainer) => list([...self.nodes])),
  prop('XNode FirstNode', 'The first child node, or null.', (self: XContainer) => self.nodes[0] ?? null),
  prop('XNode LastNode', 'The last child node, or null.', (self: XContainer) => self.nodes[self.nodes.length - 1] ?? null),
  method('void Add(object content)', 'Adds content: elements, attributes, text or sequences of them.', (self: XContainer, [c]) => self.add(c)),
  method('void Add(params object[] content)', 'Adds several pieces of content.', (self: XContainer, [c]) => self.add(c)),
  method('void AddFirst(object content)', 'Adds content at the start.', (self: XContainer, [c]) => {
    const tmp = new XElement(new XName('', 'tmp'));
    tmp.add(c);
    for (const n of tmp.nodes) n.parent = self;
    self.nodes.unshift(...tmp.nodes);
  }),
  method('void RemoveNodes()', 'Removes the child nodes.', (self: XContainer) => void (self.nodes.length = 0)),
];

function removeNode(n: XNode): void {
  const p = n.parent;
  if (!p) throw new DotNetException('System.InvalidOperationException', 'The parent is missing.');
  p.nodes.splice(p.nodes.indexOf(n), 1);
  n.parent = undefined;
}

type({
  fullName: 'System.Xml.Linq.XNode',
  doc: 'A node of an XML tree.',
  isInstance: (v) => v instanceof XNode,
  members: [
    prop('XElement Parent', 'The parent element, or null.', (self: XNode) => (self.parent instanceof XElement ? self.parent : null)),
    method('void Remove()', 'Removes the node from its parent.', (self: XNode) => removeNode(self)),
    method('void ReplaceWith(object content)', 'Replaces the node with other content.', (self: XNode, [c]) => {
      const p = self.parent;
      if (!p) throw new DotNetException('System.InvalidOperationException', 'The parent is missing.');
      const i = p.nodes.indexOf(self);
      const tmp = new XElement(new XName('', 'tmp'));
      tmp.add(c);
      for (const n of tmp.nodes) n.parent = p;
      p.nodes.splice(i, 1, ...tmp.nodes);
    }),
    prop('XNode NextNode', 'The next sibling node, or null.', (self: XNode) => (self.parent ? (self.parent.nodes[self.parent.nodes.indexOf(self) + 1] ?? null) : null)),
    method('string ToString()', 'The XML text, indented.', (self: XNode) => writeNode(self, '', true)),
  ],
});

type({ fullName: 'System.Xml.Linq.XContainer', doc: 'A node with children: XElement or XDocument.', base: 'System.Xml.Linq.XNode', isInstance: (v) => v instanceof XContainer, members: containerMembers });

bindClass(
  XElement,
  type({
    fullName: 'System.Xml.Linq.XElement',
    doc: 'An XML element: XElement.Parse(text), el.Element("name").Value, el.Attribute("id")?.Value.',
    base: 'System.Xml.Linq.XContainer',
    isInstance: (v) => v instanceof XElement,
    members: [
      ctor('XElement(XName name)', 'An empty element.', ([n]) => new XElement(toXName(n))),
      ctor('XElement(XName name, params object[] content)', 'An element with content: attributes, elements, text.', ([n, content]) => {
        const e = new XElement(toXName(n));
        e.add(content);
        return e;
      }),
      method('static XElement Parse(string text)', 'Parses one XML element; XmlException when the text is not XML.', (_s, [t]) => {
        const root = parseXml(t).root;
        if (!root) throw new DotNetException('System.Xml.XmlException', 'Root element is missing.');
        root.parent = undefined;
        return root;
      }),
      prop('XName Name', 'The element name (namespace and local name).', (self: XElement) => self.name, (self: XElement, v) => {
        self.name = toXName(v);
        self.prefix = undefined;
      }),
      prop('string Value', 'The concatenated text of the element; setting it replaces the content with text.', (self: XElement) => self.value, (self: XElement, v) => {
        self.nodes.length = 0;
        self.add(toDisplayString(v));
      }),
      prop('bool HasElements', 'Whether the element has child elements.', (self: XElement) => self.nodes.some((n) => n instanceof XElement)),
      prop('bool HasAttributes', 'Whether the element has attributes.', (self: XElement) => self.attributes.length > 0),
      prop('bool IsEmpty', 'Whether the element has no content.', (self: XElement) => self.nodes.length === 0),
      method('XAttribute Attribute(XName name)', 'The attribute with the name, or null.', (self: XElement, [n]) => self.attribute(toXName(n)) ?? null),
      method('IEnumerable<XAttribute> Attributes()', 'The attributes.', (self: XElement) => list([...self.attributes])),
      method('IEnumerable<XAttribute> Attributes(XName name)', 'The attributes with the name.', (self: XElement, [n]) => list(self.attributes.filter((a) => a.name.equals(toXName(n))))),
      method('void SetAttributeValue(XName name, object value)', 'Sets, adds or (with null) removes an attribute.', (self: XElement, [n, v]) => {
        const name = toXName(n);
        const a = self.attribute(name);
        if (v === null) {
          if (a) self.attributes.splice(self.attributes.indexOf(a), 1);
        } else if (a) a.value = toDisplayString(v);
        else self.setAttribute(new XAttribute(name, toDisplayString(v)));
      }),
      method('void SetElementValue(XName name, object value)', 'Sets, adds or (with null) removes a child element’s text.', (self: XElement, [n, v]) => {
        const name = toXName(n);
        const el = self.elements(name)[0];
        if (v === null) {
          if (el) removeNode(el);
        } else if (el) {
          el.nodes.length = 0;
          el.add(toDisplayString(v));
        } else {
          const e = new XElement(name);
          e.add(toDisplayString(v));
          self.add(e);
        }
      }),
      method('void SetValue(object value)', 'Replaces the content with text.', (self: XElement, [v]) => {
        self.nodes.length = 0;
        self.add(toDisplayString(v));
      }),
      method('void RemoveAll()', 'Removes attributes and content.', (self: XElement) => {
        self.nodes.length = 0;
        self.attributes.length = 0;
      }),
      method('void RemoveAttributes()', 'Removes the attributes.', (self: XElement) => void (self.attributes.length = 0)),
      method('IEnumerable<XElement> DescendantsAndSelf()', 'This element and every element below.', (self: XElement) => list([self, ...self.descendants()])),
      method('IEnumerable<XElement> Ancestors()', 'The elements above, nearest first.', (self: XElement) => {
        const out: XElement[] = [];
        for (let p = self.parent; p instanceof XElement; p = p.parent) out.push(p);
        return list(out);
      }),
    ],
  }),
);

bindClass(
  XDocument,
  type({
    fullName: 'System.Xml.Linq.XDocument',
    doc: 'An XML document: XDocument.Parse(text).Root.',
    base: 'System.Xml.Linq.XContainer',
    allowed: ['Parse', 'Root', 'Add', 'Element', 'Elements', 'Descendants', 'Nodes', 'FirstNode', 'LastNode', 'ToString', 'Declaration', 'RemoveNodes', 'AddFirst'],
    isInstance: (v) => v instanceof XDocument,
    members: [
      ctor('XDocument()', 'An empty document.', () => new XDocument()),
      ctor('XDocument(params object[] content)', 'A document with content.', ([c]) => {
        const d = new XDocument();
        d.add(c);
        return d;
      }),
      method('static XDocument Parse(string text)', 'Parses an XML document; XmlException when the text is not XML.', (_s, [t]) => parseXml(t)),
      prop('XElement Root', 'The root element, or null.', (self: XDocument) => self.root),
    ],
  }),
);

bindClass(
  XAttribute,
  type({
    fullName: 'System.Xml.Linq.XAttribute',
    doc: 'An XML attribute: its Name and Value.',
    isInstance: (v) => v instanceof XAttribute,
    members: [
      ctor('XAttribute(XName name, object value)', 'An attribute.', ([n, v]) => {
        if (v === null) throw argumentNull('value');
        return new XAttribute(toXName(n), toDisplayString(v));
      }),
      prop('XName Name', 'The attribute name.', (self: XAttribute) => self.name),
      prop('string Value', 'The attribute value.', (self: XAttribute) => self.value, (self: XAttribute, v) => {
        self.value = toDisplayString(v);
      }),
      prop('XElement Parent', 'The element it belongs to.', (self: XAttribute) => self.parent ?? null),
      method('void Remove()', 'Removes the attribute from its element.', (self: XAttribute) => {
        const p = self.parent;
        if (!p) throw new DotNetException('System.InvalidOperationException', 'The parent is missing.');
        p.attributes.splice(p.attributes.indexOf(self), 1);
        self.parent = undefined;
      }),
      method('string ToString()', '`name="value"`.', (self: XAttribute) => `${self.name.localName}="${escapeAttr(self.value)}"`),
    ],
  }),
);

bindClass(
  XName,
  type({
    fullName: 'System.Xml.Linq.XName',
    doc: 'An XML name: a namespace and a local name. A string converts to it: "x" or "{urn:ns}x".',
    valueType: false,
    isInstance: (v) => v instanceof XName,
    members: [
      prop('string LocalName', 'The name without namespace.', (self: XName) => self.localName),
      prop('string NamespaceName', 'The namespace URI, or "".', (self: XName) => self.namespaceName),
      prop('XNamespace Namespace', 'The namespace.', (self: XName) => new XNamespace(self.namespaceName)),
      method('static XName Get(string expandedName)', 'A name from "local" or "{namespace}local".', (_s, [t]) => XName.get(t)),
      method('string ToString()', '"local" or "{namespace}local".', (self: XName) => self.toString()),
    ],
  }),
);

bindClass(
  XNamespace,
  type({
    fullName: 'System.Xml.Linq.XNamespace',
    doc: 'An XML namespace: XNamespace ns = "urn:x"; ns + "local" is a name in it.',
    isInstance: (v) => v instanceof XNamespace,
    members: [
      prop('string NamespaceName', 'The namespace URI.', (self: XNamespace) => self.namespaceName),
      prop('static XNamespace None', 'No namespace.', () => new XNamespace('')),
      method('static XNamespace Get(string namespaceName)', 'A namespace.', (_s, [t]) => new XNamespace(t)),
      method('XName GetName(string localName)', 'A name in this namespace.', (self: XNamespace, [l]) => new XName(self.namespaceName, l)),
      method('static XName op_Addition(XNamespace ns, string localName)', 'ns + "local".', (_s, [ns, l]: [XNamespace, string]) => new XName(ns.namespaceName, l)),
      method('string ToString()', 'The namespace URI.', (self: XNamespace) => self.namespaceName),
    ],
  }),
);

for (const [cls, name, base] of [
  [XText, 'XText', 'System.Xml.Linq.XNode'],
  [XCData, 'XCData', 'System.Xml.Linq.XText'],
  [XComment, 'XComment', 'System.Xml.Linq.XNode'],
] as const) {
  bindClass(
    cls,
    type({
      fullName: `System.Xml.Linq.${name}`,
      doc: `An XML ${name.slice(1).toLowerCase()} node.`,
      base,
      isInstance: (v) => v instanceof cls,
      members: [
        ctor(`${name}(string value)`, `A ${name.slice(1).toLowerCase()} node.`, ([v]) => new cls(v ?? '')),
        prop('string Value', 'The text.', (self: XText | XComment) => self.value, (self: XText | XComment, v) => {
          self.value = toDisplayString(v);
        }),
      ],
    }),
  );
}

