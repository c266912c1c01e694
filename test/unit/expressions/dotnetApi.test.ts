// Every public member of every type APIM allows with all its members (data/dotnet-api.json, from
// the .NET Standard 2.1 reference sources and Newtonsoft.Json's) is known to the checker: declared
// by hand (and run), or declared from the listing (typed, warned about, NotSupportedException when
// run). The generated list of the latter must match the builtins as they are.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { evaluateExpression } from '../../../src/expressions/evaluate';
import { declares, listedTarget, missingBases, missingByHand, readListedSignature } from '../../../src/expressions/builtins/listed';
import { LISTED_BASES, LISTED_MEMBERS } from '../../../src/expressions/builtins/listedMembers.generated';
import { checkExpression } from '../../../src/expressions/checker';
import { loadCSharpParser, parsePolicyExpression } from '../../../src/expressions/expressionParser';
import { repoRoot } from '../helpers';

const listing = JSON.parse(readFileSync(path.join(repoRoot, 'data', 'dotnet-api.json'), 'utf8')) as { sources: Record<string, string>; types: Record<string, string[]>; bases: Record<string, string> };

describe('the .NET API of the types APIM allows', () => {
  test('the listing names its sources and covers every "All" type of the allow-list', () => {
    assert.match(listing.sources['System.*'] ?? '', /dotnet\/standard [0-9a-f]{40}/);
    assert.match(listing.sources['Newtonsoft.Json.*'] ?? '', /JamesNK\/Newtonsoft\.Json [0-9a-f]{40}/);
    assert.equal(Object.keys(listing.types).length, 118);
    for (const t of ['System.String', 'System.Guid', 'System.Linq.Enumerable', 'Newtonsoft.Json.Linq.JToken', 'System.Xml.Linq.XNode', 'System.Security.Cryptography.X509Certificates.X509Certificate2']) {
      assert.ok((listing.types[t]?.length ?? 0) > 0, t);
    }
  });

  test('every member of every listed type is known to the checker', () => {
    const unknown: string[] = [];
    let members = 0;
    for (const [declaring, sigs] of Object.entries(listing.types)) {
      for (const sig of sigs) {
        members++;
        const read = readListedSignature(declaring, sig);
        const target = listedTarget(declaring, read);
        if (!target || !declares(target, read.member, false)) unknown.push(`${declaring}: ${sig}`);
      }
    }
    assert.ok(members > 2500, `${members} members`);
    assert.deepEqual(unknown, []);
  });

  test('listedMembers.generated.ts is current (run npm run generate:dotnet-api after declaring a member)', () => {
    assert.deepEqual(missingByHand(listing.types), LISTED_MEMBERS);
    assert.deepEqual(missingBases(listing.bases), LISTED_BASES);
  });

  test('members the issue named as missing are known: Guid.ToByteArray, new Guid(byte[]), X509Certificate2 overloads, GetCertHash, GetRSAPrivateKey, XNode.ReadFrom', () => {
    const known = (declaring: string, sig: string): boolean => {
      const read = readListedSignature(declaring, sig);
      const target = listedTarget(declaring, read);
      return !!target && declares(target, read.member, false);
    };
    assert.ok(known('System.Guid', 'byte[] ToByteArray()'));
    assert.ok(known('System.Guid', 'Guid(byte[] b)'));
    assert.ok(known('System.Security.Cryptography.X509Certificates.X509Certificate2', 'X509Certificate2(byte[] rawData, string password)'));
    assert.ok(known('System.Security.Cryptography.X509Certificates.X509Certificate', 'byte[] GetCertHash()'));
    assert.ok(known('System.Security.Cryptography.X509Certificates.RSACertificateExtensions', 'static RSA GetRSAPrivateKey(this X509Certificate2 certificate)'));
    assert.ok(known('System.Xml.Linq.XNode', 'static XNode ReadFrom(XmlReader reader)'));
  });
});

describe('a member known from the listing only', () => {
  test('checks with a warning that the simulator does not run it, and its result type flows on', async () => {
    await loadCSharpParser();
    const parsed = parsePolicyExpression('@(new X509Certificate2(new byte[0], "pw").GetRSAPublicKey().KeySize)');
    assert.ok(parsed?.body);
    const r = checkExpression(parsed.body, { globals: { context: 'IContext' } });
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.ok(r.diagnostics.some((d) => d.code === 'notSimulated'));
    const typo = parsePolicyExpression('@(new X509Certificate2(new byte[0], "pw").GetRSAPublicKey().KeySise)');
    assert.ok(typo?.body);
    assert.ok(checkExpression(typo.body, { globals: { context: 'IContext' } }).diagnostics.some((d) => d.code === 'unknownMember'));
  });

  test('running it raises NotSupportedException naming the member', async () => {
    const r = await evaluateExpression('@(Math.Sinh(1.0))');
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'exception');
    assert.match(r.error.message, /System\.Math: static double Sinh\(double value\)' is a \.NET member APIM allows, but the simulator does not run it yet/);
  });
});
