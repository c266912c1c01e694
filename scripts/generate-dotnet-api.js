#!/usr/bin/env node
// Generates data/dotnet-api.json: every public member of every type that APIM allows in policy
// expressions with "All" members (apim-policies.md §3.5), as C# signatures in the form the
// builtins declare them (`static Guid NewGuid()`, `byte[] ToByteArray()`, `Guid(byte[] b)`).
//
// Sources (read with git from local clones; nothing is downloaded here):
//   --standard DIR   a clone of github.com/dotnet/standard: the .NET Standard 2.1 reference
//                    assemblies' source, src/netstandard/ref/*.cs, at the commit given by --commit
//                    (default: the last that changed System.cs, 2019-07-18, 6782774d)
//   --newtonsoft DIR a clone of github.com/JamesNK/Newtonsoft.Json: Src/Newtonsoft.Json/Linq/*.cs
//                    and the public API of the types named below, at its HEAD
//
// Left out, because a policy expression cannot use them: members taking or returning spans,
// memory or pointers, ref/in parameters, operators and conversions (used as operators, not by
// name), events, explicit interface implementations, and obsolete members marked as errors.
//
//   node scripts/generate-dotnet-api.js --standard /path/to/standard --newtonsoft /path/to/Newtonsoft.Json
'use strict';

const { execFileSync } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
if (process.argv.includes('--members')) {
  writeMissingMembers();
  process.exit(0);
}
const standard = arg('standard');
const newtonsoft = arg('newtonsoft');
if (!standard || !newtonsoft) {
  console.error('usage: node scripts/generate-dotnet-api.js --standard <dotnet/standard clone> --newtonsoft <Newtonsoft.Json clone> [--commit SHA]');
  process.exit(2);
}
const git = (dir, ...a) => execFileSync('git', ['--git-dir', dir.endsWith('.git') || !require('node:fs').existsSync(path.join(dir, '.git')) ? dir : path.join(dir, '.git'), ...a], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const standardCommit = arg('commit', git(standard, 'log', '--all', '--format=%H', '-1', '--', 'src/netstandard/ref/System.cs').trim());
const newtonsoftCommit = git(newtonsoft, 'rev-parse', 'HEAD').trim();

/** The types APIM allows with all their members (apim-policies.md §3.5, 2026 revision). */
const ALL_MEMBERS = [
  'Newtonsoft.Json.Formatting',
  'Newtonsoft.Json.Linq.Extensions', 'Newtonsoft.Json.Linq.JArray', 'Newtonsoft.Json.Linq.JConstructor', 'Newtonsoft.Json.Linq.JContainer', 'Newtonsoft.Json.Linq.JObject',
  'Newtonsoft.Json.Linq.JProperty', 'Newtonsoft.Json.Linq.JRaw', 'Newtonsoft.Json.Linq.JToken', 'Newtonsoft.Json.Linq.JTokenType', 'Newtonsoft.Json.Linq.JValue',
  'System.Array', 'System.BitConverter', 'System.Boolean', 'System.Byte', 'System.Char',
  'System.Collections.Generic.Dictionary`2', 'System.Collections.Generic.HashSet`1', 'System.Collections.Generic.ICollection`1', 'System.Collections.Generic.IDictionary`2',
  'System.Collections.Generic.IEnumerable`1', 'System.Collections.Generic.IEnumerator`1', 'System.Collections.Generic.IList`1', 'System.Collections.Generic.IReadOnlyCollection`1',
  'System.Collections.Generic.IReadOnlyDictionary`2', 'System.Collections.Generic.ISet`1', 'System.Collections.Generic.KeyValuePair`2', 'System.Collections.Generic.List`1',
  'System.Collections.Generic.Queue`1', 'System.Collections.Generic.Stack`1',
  'System.Convert', 'System.DateTimeOffset', 'System.Decimal', 'System.Double',
  'System.Exception', 'System.Guid', 'System.Int16', 'System.Int32', 'System.Int64', 'System.IO.StringReader', 'System.IO.StringWriter', 'System.Linq.Enumerable', 'System.Math', 'System.MidpointRounding',
  'System.Net.WebUtility', 'System.Nullable', 'System.Random', 'System.SByte',
  'System.Security.Cryptography.AsymmetricAlgorithm', 'System.Security.Cryptography.CipherMode', 'System.Security.Cryptography.HashAlgorithm', 'System.Security.Cryptography.HashAlgorithmName',
  'System.Security.Cryptography.HMAC', 'System.Security.Cryptography.HMACMD5', 'System.Security.Cryptography.HMACSHA1', 'System.Security.Cryptography.HMACSHA256', 'System.Security.Cryptography.HMACSHA384',
  'System.Security.Cryptography.HMACSHA512', 'System.Security.Cryptography.KeyedHashAlgorithm', 'System.Security.Cryptography.MD5', 'System.Security.Cryptography.Oid', 'System.Security.Cryptography.PaddingMode',
  'System.Security.Cryptography.RNGCryptoServiceProvider', 'System.Security.Cryptography.RSA', 'System.Security.Cryptography.RSAEncryptionPadding', 'System.Security.Cryptography.RSASignaturePadding',
  'System.Security.Cryptography.SHA1', 'System.Security.Cryptography.SHA1Managed', 'System.Security.Cryptography.SHA256', 'System.Security.Cryptography.SHA256Managed', 'System.Security.Cryptography.SHA384',
  'System.Security.Cryptography.SHA384Managed', 'System.Security.Cryptography.SHA512', 'System.Security.Cryptography.SHA512Managed',
  'System.Security.Cryptography.SymmetricAlgorithm',
  'System.Security.Cryptography.X509Certificates.PublicKey', 'System.Security.Cryptography.X509Certificates.RSACertificateExtensions', 'System.Security.Cryptography.X509Certificates.X509Certificate',
  'System.Security.Cryptography.X509Certificates.X509Certificate2', 'System.Security.Cryptography.X509Certificates.X509ContentType', 'System.Security.Cryptography.X509Certificates.X509NameType',
  'System.Single', 'System.String', 'System.StringComparer', 'System.StringComparison', 'System.StringSplitOptions', 'System.Text.Encoding',
  'System.Text.RegularExpressions.RegexOptions',
  'System.Text.StringBuilder', 'System.TimeSpan', 'System.TimeZone', 'System.TimeZoneInfo', 'System.TimeZoneInfo.AdjustmentRule', 'System.TimeZoneInfo.TransitionTime', 'System.Tuple',
  'System.UInt16', 'System.UInt32', 'System.UInt64', 'System.Uri', 'System.UriPartial',
  'System.Xml.Linq.Extensions', 'System.Xml.Linq.XAttribute', 'System.Xml.Linq.XCData', 'System.Xml.Linq.XComment', 'System.Xml.Linq.XContainer', 'System.Xml.Linq.XDeclaration',
  'System.Xml.Linq.XDocument', 'System.Xml.Linq.XDocumentType', 'System.Xml.Linq.XElement', 'System.Xml.Linq.XName', 'System.Xml.Linq.XNamespace', 'System.Xml.Linq.XNode',
  'System.Xml.Linq.XNodeDocumentOrderComparer', 'System.Xml.Linq.XNodeEqualityComparer', 'System.Xml.Linq.XObject', 'System.Xml.Linq.XProcessingInstruction', 'System.Xml.Linq.XText',
  'System.Xml.XmlNodeType',
];
/** Allowed "all except": SymmetricAlgorithm's parameterless Create(), XDocument's Load. */
const EXCEPT = { 'System.Security.Cryptography.SymmetricAlgorithm': (sig) => /^static SymmetricAlgorithm Create\(\)$/.test(sig), 'System.Xml.Linq.XDocument': (sig) => /\bLoad\(/.test(sig) };

const NAMESPACES = [
  'System.Collections.Generic', 'System.Collections.ObjectModel', 'System.Collections', 'System.Globalization', 'System.IO', 'System.Linq', 'System.Net', 'System.Text.RegularExpressions', 'System.Text',
  'System.Security.Cryptography.X509Certificates', 'System.Security.Cryptography', 'System.Security', 'System.Xml.Linq', 'System.Xml.Schema', 'System.Xml', 'System.Threading.Tasks', 'System.Threading',
  'System.Runtime.Serialization', 'System.Runtime.CompilerServices', 'System.Numerics', 'System.Reflection', 'System.ComponentModel', 'System.Dynamic', 'System.Linq.Expressions',
  'Newtonsoft.Json.Linq', 'Newtonsoft.Json.Serialization', 'Newtonsoft.Json', 'System',
];
/** A type as the builtins write it: namespaces dropped, global:: dropped. */
function shortType(t) {
  let s = t.replace(/global::/g, '').replace(/\s+/g, ' ').trim();
  for (const ns of NAMESPACES) s = s.split(`${ns}.`).join('');
  return s.replace(/\s*,\s*/g, ', ');
}
const UNUSABLE = /\b(ReadOnlySpan|Span|ReadOnlyMemory|Memory|IntPtr|UIntPtr|TypedReference|ArgIterator|IAsyncEnumerable|ValueTask|Task|CancellationToken)\b|\*/;

async function main() {
  const { loadCSharpParser } = require(path.join(root, 'out', 'src', 'expressions', 'csharpTreeSitter.js'));
  const parser = await loadCSharpParser();
  /** fullName (with `N for generics, nested with '.') → signatures */
  const types = new Map();
  /** fullName → its base class as written (namespace-qualified in the reference sources) */
  const baseNames = new Map();

  function walk(node, ns, outer, publicOnly) {
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'namespace_declaration' || c.type === 'file_scoped_namespace_declaration') {
        const name = c.childForFieldName('name')?.text ?? '';
        const body = c.childForFieldName('body') ?? c;
        walk(body, ns ? `${ns}.${name}` : name, undefined, publicOnly);
        continue;
      }
      if (c.type === 'preproc_if' || c.type === 'preproc_else' || c.type === 'preproc_elif' || c.type === 'declaration_list') {
        walk(c, ns, outer, publicOnly);
        continue;
      }
      if (!/^(class|struct|interface|enum|record)_declaration$/.test(c.type)) continue;
      const mods = modifiers(c);
      if (publicOnly && !mods.includes('public') && !outer?.isInterface) continue;
      const name = c.childForFieldName('name')?.text;
      const tpl = c.childForFieldName('type_parameters') ?? c.namedChildren.find((x) => x?.type === 'type_parameter_list');
      const tps = tpl?.namedChildren.filter((x) => x?.type === 'type_parameter').length ?? 0;
      const full = `${outer ? outer.full : ns}.${name}${tps ? `\`${tps}` : ''}`;
      const info = { full, simple: name, isInterface: c.type === 'interface_declaration', isEnum: c.type === 'enum_declaration' };
      // The base class: the first of the base list that is not an interface (IComparable, IList<T>, …).
      const baseList = c.namedChildren.find((x) => x?.type === 'base_list');
      if (baseList && c.type === 'class_declaration') {
        const first = splitTop(baseList.text.replace(/^:\s*/, ''))[0]?.trim();
        const simpleBase = first && shortType(first).replace(/<.*$/, '');
        if (first && simpleBase && !/^I[A-Z]/.test(simpleBase.slice(simpleBase.lastIndexOf('.') + 1))) baseNames.set(full, first.replace(/<.*$/, '').replace(/^global::/, ''));
      }
      const list = types.get(full) ?? [];
      types.set(full, list);
      const body = c.childForFieldName('body');
      if (!body) continue;
      if (info.isEnum) {
        for (const m of body.namedChildren) if (m?.type === 'enum_member_declaration') list.push(`static ${name} ${m.childForFieldName('name')?.text}`);
        continue;
      }
      members(body, info, list, publicOnly);
      walk(body, ns, info, publicOnly);
    }
  }

  function modifiers(n) {
    return n.namedChildren.filter((x) => x?.type === 'modifier').map((x) => x.text);
  }

  function attributesSayObsoleteError(n) {
    return n.namedChildren.some((x) => x?.type === 'attribute_list' && /Obsolete[^)]*,\s*true|Obsolete[^)]*error:\s*true/.test(x.text));
  }

  function params(listNode) {
    if (!listNode) return { text: '', usable: true };
    const inner = listNode.text.replace(/^[([]|[)\]]$/g, '');
    // Attributes ([NotNullWhen(true)]) go; array ranks ([], [,]) stay.
    const parts = splitTop(inner).map((p) => p.replace(/\[\s*[A-Za-z][^\]]*\]\s*/g, '').trim()).filter(Boolean);
    let usable = true;
    const out = parts.map((p) => {
      let rest = p;
      let optional = false;
      const eq = topLevelEquals(rest);
      if (eq >= 0) {
        optional = true;
        rest = rest.slice(0, eq).trim();
      }
      let prefix = '';
      for (;;) {
        const m = /^(this|params|out|ref|in|scoped)\s+/.exec(rest);
        if (!m) break;
        if (m[1] === 'ref' || m[1] === 'in' || m[1] === 'scoped') usable = false;
        if (m[1] === 'params' || m[1] === 'out' || m[1] === 'this') prefix += `${m[1]} `;
        rest = rest.slice(m[0].length);
      }
      const sp = rest.lastIndexOf(' ');
      const type = shortType(rest.slice(0, sp));
      if (UNUSABLE.test(type)) usable = false;
      return `${prefix}${type} ${rest.slice(sp + 1)}${optional ? ' = default' : ''}`;
    });
    return { text: out.join(', '), usable };
  }

  function members(body, type, list, publicOnly) {
    for (const m of body.namedChildren) {
      if (!m) continue;
      if (m.type === 'preproc_if' || m.type === 'preproc_else' || m.type === 'preproc_elif') {
        members(m, type, list, publicOnly);
        continue;
      }
      const mods = modifiers(m);
      const isPublic = mods.includes('public') || (type.isInterface && !mods.includes('private'));
      if (publicOnly && !isPublic) continue;
      if (m.namedChildren.some((x) => x?.type === 'explicit_interface_specifier')) continue;
      if (attributesSayObsoleteError(m)) continue;
      const st = mods.includes('static') || mods.includes('const') ? 'static ' : '';
      switch (m.type) {
        case 'method_declaration': {
          const ret = shortType(m.childForFieldName('returns')?.text ?? m.childForFieldName('type')?.text ?? 'void');
          const name = m.childForFieldName('name')?.text;
          const tp = (m.childForFieldName('type_parameters') ?? m.namedChildren.find((x) => x?.type === 'type_parameter_list'))?.text ?? '';
          const p = params(m.childForFieldName('parameters'));
          if (!p.usable || UNUSABLE.test(ret) || mods.includes('protected') || /^ref /.test(ret)) continue;
          list.push(`${st}${ret} ${name}${tp.replace(/\s+/g, ' ')}(${p.text})`);
          break;
        }
        case 'constructor_declaration': {
          if (mods.includes('static') || mods.includes('protected')) continue;
          const p = params(m.childForFieldName('parameters'));
          if (!p.usable) continue;
          list.push(`${type.simple}(${p.text})`);
          break;
        }
        case 'property_declaration': {
          const t = shortType(m.childForFieldName('type')?.text ?? 'object');
          if (UNUSABLE.test(t) || mods.includes('protected')) continue;
          const setter = /(^|[{;}]\s*)set\s*[;{]/.test(m.childForFieldName('accessors')?.text ?? '') ? ' { set; }' : '';
          list.push(`${st}${t} ${m.childForFieldName('name')?.text}${setter}`);
          break;
        }
        case 'indexer_declaration': {
          const t = shortType(m.childForFieldName('type')?.text ?? 'object');
          const p = params(m.childForFieldName('parameters'));
          if (!p.usable || UNUSABLE.test(t) || mods.includes('protected')) continue;
          list.push(`${t} this[${p.text}]`);
          break;
        }
        case 'field_declaration': {
          if (mods.includes('protected')) continue;
          const decl = m.namedChildren.find((x) => x?.type === 'variable_declaration');
          const t = shortType(decl?.childForFieldName('type')?.text ?? 'object');
          for (const v of decl?.namedChildren ?? []) if (v?.type === 'variable_declarator') list.push(`${st}${t} ${(v.childForFieldName('name') ?? v.namedChild(0))?.text}`);
          break;
        }
        default:
          break; // operators, conversions, events, destructors, nested types (walked separately)
      }
    }
  }

  function splitTop(text) {
    const out = [];
    let depth = 0;
    let cur = '';
    let quote = false;
    for (const ch of text) {
      if (ch === '"') quote = !quote;
      if (!quote) {
        if ('<([{'.includes(ch)) depth++;
        else if ('>)]}'.includes(ch)) depth--;
      }
      if (ch === ',' && depth === 0 && !quote) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur.trim()) out.push(cur);
    return out;
  }
  function topLevelEquals(text) {
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if ('<([{'.includes(ch)) depth++;
      else if ('>)]}'.includes(ch)) depth--;
      else if (ch === '=' && depth === 0) return i;
    }
    return -1;
  }

  const refFiles = git(standard, 'ls-tree', '-r', '--name-only', standardCommit, 'src/netstandard/ref/').split('\n').filter((f) => f.endsWith('.cs'));
  // This tree-sitter grammar does not take `ref partial struct` or `ref readonly` returns: both
  // belong to span types and members, which are left out anyway.
  const plain = (text) => text.replace(/\bref (?=partial struct)/g, '').replace(/\bref readonly /g, '').replace(/public ref (?=[\w.<>\[\]]+ )/g, 'public ');
  for (const f of refFiles) walk(parser.parse(plain(git(standard, 'show', `${standardCommit}:${f}`))).rootNode, '', undefined, true);
  const linqFiles = git(newtonsoft, 'ls-tree', '-r', '--name-only', 'HEAD', 'Src/Newtonsoft.Json/').split('\n').filter((f) => /^Src\/Newtonsoft\.Json\/(Linq\/[^/]+|Formatting)\.cs$/.test(f));
  for (const f of linqFiles) walk(parser.parse(git(newtonsoft, 'show', `HEAD:${f}`)).rootNode, '', undefined, true);

  const out = {};
  const bases = {};
  const missing = [];
  for (const t of ALL_MEMBERS) {
    const sigs = types.get(t);
    if (!sigs) {
      missing.push(t);
      continue;
    }
    const except = EXCEPT[t];
    out[t] = [...new Set(sigs)].filter((s) => !except?.(s)).sort();
    const b = baseNames.get(t);
    if (b) {
      // Qualify the base with the type's namespace when the source wrote it short (Newtonsoft's JContainer).
      const ns = t.slice(0, t.lastIndexOf('.'));
      bases[t] = b.includes('.') ? b : `${ns}.${b}`;
    }
  }
  if (missing.length) throw new Error(`not found in the sources: ${missing.join(', ')}`);
  const data = {
    about: 'Every public member of every type APIM allows with all its members (apim-policies.md §3.5), generated by scripts/generate-dotnet-api.js; signatures as src/expressions/builtins/define.ts reads them.',
    sources: {
      'System.*': `github.com/dotnet/standard ${standardCommit} src/netstandard/ref/*.cs (.NET Standard 2.1 reference assemblies)`,
      'Newtonsoft.Json.*': `github.com/JamesNK/Newtonsoft.Json ${newtonsoftCommit} Src/Newtonsoft.Json/Linq/*.cs, Formatting.cs`,
    },
    types: out,
    bases,
  };
  writeFileSync(path.join(root, 'data', 'dotnet-api.json'), `${JSON.stringify(data, null, 1)}\n`);
  console.log(`${Object.keys(out).length} types, ${Object.values(out).reduce((n, l) => n + l.length, 0)} members → data/dotnet-api.json`);
}

/**
 * Writes src/expressions/builtins/listedMembers.generated.ts: the listing's members that no builtin
 * declares by hand (needs no clone: reads data/dotnet-api.json and the compiled builtins in out/).
 */
function writeMissingMembers() {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  const { missingByHand, missingBases } = require(path.join(root, 'out', 'src', 'expressions', 'builtins', 'listed.js'));
  require(path.join(root, 'out', 'src', 'expressions', 'builtins', 'index.js'));
  const listing = JSON.parse(require('node:fs').readFileSync(path.join(root, 'data', 'dotnet-api.json'), 'utf8'));
  const missing = missingByHand(listing.types);
  const count = Object.values(missing).reduce((n, l) => n + l.length, 0);
  const body = Object.entries(missing)
    .map(([t, sigs]) => `  ${JSON.stringify(t)}: [\n${sigs.map((x) => `    ${JSON.stringify(x)},`).join('\n')}\n  ],`)
    .join('\n');
  const file = `// Generated by \`npm run generate:dotnet-api\` (scripts/generate-dotnet-api.js --members) from
// data/dotnet-api.json: the members of allowed .NET types that no builtin declares by hand
// (${count} of ${Object.values(listing.types).reduce((n, l) => n + l.length, 0)}). Do not edit; declare a member in its builtin module and regenerate.

export const LISTED_MEMBERS: Readonly<Record<string, readonly string[]>> = {
${body}
};

/** Base classes that no builtin gives these types (so RSA has AsymmetricAlgorithm's KeySize). */
export const LISTED_BASES: Readonly<Record<string, string>> = {
${Object.entries(missingBases(listing.bases)).map(([t, b]) => `  ${JSON.stringify(t)}: ${JSON.stringify(b)},`).join('\n')}
};
`;
  writeFileSync(path.join(root, 'src', 'expressions', 'builtins', 'listedMembers.generated.ts'), file);
  console.log(`${count} members not declared by hand → src/expressions/builtins/listedMembers.generated.ts`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
