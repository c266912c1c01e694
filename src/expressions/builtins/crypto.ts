// System.Security.Cryptography hashing: SHA1/256/384/512, MD5 and their HMAC variants, as
// policies use them to sign and verify (webhook signatures, cache keys).

import { createHash, createHmac } from 'node:crypto';
import { argumentNull } from '../runtime/exceptions';
import { typeByFullName } from '../runtime/typeSystem';
import { TYPE } from '../runtime/values';
import { byteArray, toBytes } from './numbers';
import { ctor, method, prop, type } from './define';

class HashAlgorithm {
  constructor(
    readonly algorithm: string,
    public key?: Uint8Array,
  ) {}
  compute(data: Uint8Array): Uint8Array {
    const h = this.key ? createHmac(this.algorithm, this.key) : createHash(this.algorithm);
    h.update(data);
    return new Uint8Array(h.digest());
  }
}

type({
  fullName: 'System.Security.Cryptography.HashAlgorithm',
  doc: 'The base of hash algorithms: ComputeHash(bytes).',
  isInstance: (v) => v instanceof HashAlgorithm,
  members: [
    method('byte[] ComputeHash(byte[] buffer)', 'The hash of bytes.', (self: HashAlgorithm, [b]) => {
      if (b === null) throw argumentNull('buffer');
      return byteArray(self.compute(toBytes(b)));
    }),
    method('byte[] ComputeHash(byte[] buffer, int offset, int count)', 'The hash of part of the bytes.', (self: HashAlgorithm, [b, o, n]) => byteArray(self.compute(toBytes(b).slice(o, o + n)))),
    prop('int HashSize', 'The hash size in bits.', (self: HashAlgorithm) => createHash(self.algorithm).digest().length * 8),
    method('void Dispose()', 'Releases the algorithm (no effect in the simulator).', () => undefined),
  ],
});

const HASHES: readonly [string, string][] = [
  ['MD5', 'md5'],
  ['SHA1', 'sha1'],
  ['SHA256', 'sha256'],
  ['SHA384', 'sha384'],
  ['SHA512', 'sha512'],
];

for (const [name, alg] of HASHES) {
  type({
    fullName: `System.Security.Cryptography.${name}`,
    doc: `The ${name} hash: ${name}.Create().ComputeHash(bytes).`,
    base: 'System.Security.Cryptography.HashAlgorithm',
    isInstance: (v) => v instanceof HashAlgorithm && v.algorithm === alg && !v.key,
    members: [
      method(`static ${name} Create()`, `A ${name} instance.`, () => new HashAlgorithm(alg)),
      method('static byte[] HashData(byte[] source)', `The ${name} hash of bytes in one call.`, (_s, [b]) => byteArray(new HashAlgorithm(alg).compute(toBytes(b)))),
    ],
  });
  if (name !== 'MD5') {
    type({
      fullName: `System.Security.Cryptography.${name}Managed`,
      doc: `The ${name} hash (managed implementation).`,
      base: 'System.Security.Cryptography.HashAlgorithm',
      isInstance: (v) => v instanceof HashAlgorithm && v.algorithm === alg && !v.key,
      members: [ctor(`${name}Managed()`, `A ${name} instance.`, () => new HashAlgorithm(alg))],
    });
  }
  type({
    fullName: `System.Security.Cryptography.HMAC${name}`,
    doc: `HMAC with ${name}: new HMAC${name}(key).ComputeHash(data).`,
    base: 'System.Security.Cryptography.HashAlgorithm',
    isInstance: (v) => v instanceof HashAlgorithm && v.algorithm === alg && v.key !== undefined,
    members: [
      // .NET's random key is one hash block: 64 bytes, 128 for SHA-384 and SHA-512.
      ctor(`HMAC${name}()`, 'An HMAC with a random key (one hash block long).', (_a, info) => new HashAlgorithm(alg, new Uint8Array(name === 'SHA384' || name === 'SHA512' ? 128 : 64).map(() => Math.floor(info.rt.random() * 256)))),
      ctor(`HMAC${name}(byte[] key)`, 'An HMAC with a key.', ([k]) => {
        if (k === null) throw argumentNull('key');
        return new HashAlgorithm(alg, toBytes(k));
      }),
      prop('byte[] Key', 'The key.', (self: HashAlgorithm) => byteArray(self.key ?? new Uint8Array()), (self: HashAlgorithm, v) => {
        self.key = toBytes(v);
      }),
      method('static byte[] HashData(byte[] key, byte[] source)', `The HMAC${name} of bytes in one call.`, (_s, [k, b]) => byteArray(new HashAlgorithm(alg, toBytes(k)).compute(toBytes(b)))),
    ],
  });
}

// An instance reports its exact type: SHA256, HMACSHA256, ...
const NAMES = new Map(HASHES.map(([n, a]) => [a, n]));
Object.defineProperty(HashAlgorithm.prototype, TYPE, {
  get(this: HashAlgorithm) {
    const name = NAMES.get(this.algorithm) ?? 'HashAlgorithm';
    return typeByFullName(`System.Security.Cryptography.${this.key ? `HMAC${name}` : name}`);
  },
});
