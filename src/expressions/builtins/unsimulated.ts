// Types on APIM's allow-list (apim-policies.md §3.5) that the simulator does not model yet. They
// are declared so that a policy using them gets no false "unknown type" error: the checker warns
// that it cannot check them, and simulating them raises NotSupportedException saying so.
// To model one, declare it properly in its module and delete its line here.

import { type } from './define';

const UNSIMULATED: readonly [fullName: string, reason: string][] = [
  ['Newtonsoft.Json.Linq.JConstructor', 'JSON constructors are a legacy Newtonsoft feature.'],
  ['Newtonsoft.Json.Linq.JRaw', 'raw JSON tokens are not modelled.'],
  ['System.Security.Cryptography.AsymmetricAlgorithm', 'asymmetric keys are not modelled yet.'],
  ['System.Security.Cryptography.RSA', 'RSA signing and encryption are not modelled yet.'],
  ['System.Security.Cryptography.RSAEncryptionPadding', 'RSA is not modelled yet.'],
  ['System.Security.Cryptography.RSASignaturePadding', 'RSA is not modelled yet.'],
  ['System.Security.Cryptography.SymmetricAlgorithm', 'use the Encrypt/Decrypt helpers with an algorithm name ("Aes") instead.'],
  ['System.Security.Cryptography.CipherMode', 'symmetric algorithm objects are not modelled; Encrypt/Decrypt use CBC.'],
  ['System.Security.Cryptography.PaddingMode', 'symmetric algorithm objects are not modelled; Encrypt/Decrypt use PKCS7.'],
  ['System.Security.Cryptography.HMAC', 'use HMACSHA256 (or another concrete HMAC) instead.'],
  ['System.Security.Cryptography.KeyedHashAlgorithm', 'use HMACSHA256 (or another concrete HMAC) instead.'],
  ['System.Security.Cryptography.HashAlgorithmName', 'RSA is not modelled yet.'],
  ['System.Security.Cryptography.Oid', 'object identifiers are not modelled.'],
  ['System.Security.Cryptography.RNGCryptoServiceProvider', 'use Guid.NewGuid() or new Random() in the simulator.'],
  ['System.Security.Cryptography.X509Certificates.PublicKey', 'certificate public keys are not modelled yet.'],
  ['System.Security.Cryptography.X509Certificates.RSACertificateExtensions', 'RSA is not modelled yet.'],
  ['System.Security.Cryptography.X509Certificates.X509ContentType', 'certificate export is not modelled.'],
  ['System.Security.Cryptography.X509Certificates.X500DistinguishedName', 'use Subject and Issuer (strings) instead.'],
  ['System.Text.RegularExpressions.Capture', 'repeated-group captures are not modelled; use Group.Value.'],
  ['System.Text.RegularExpressions.CaptureCollection', 'repeated-group captures are not modelled; use Group.Value.'],
  ['System.TimeZone', 'the obsolete TimeZone class is not modelled; use TimeZoneInfo.'],
  ['System.TimeZoneInfo.AdjustmentRule', 'daylight saving rules are not exposed; TimeZoneInfo conversions apply them.'],
  ['System.TimeZoneInfo.TransitionTime', 'daylight saving rules are not exposed; TimeZoneInfo conversions apply them.'],
  ['System.Xml.Linq.XDeclaration', 'XML declarations are not modelled.'],
  ['System.Xml.Linq.XDocumentType', 'document types are not modelled.'],
  ['System.Xml.Linq.XObject', 'use XNode, XElement or XAttribute.'],
  ['System.Xml.Linq.XProcessingInstruction', 'processing instructions are not modelled.'],
  ['System.Xml.Linq.XNodeDocumentOrderComparer', 'node comparers are not modelled.'],
  ['System.Xml.Linq.XNodeEqualityComparer', 'node comparers are not modelled.'],
  ['System.Xml.XmlNodeType', 'node types are not modelled; test with "is XElement".'],
];

for (const [fullName, reason] of UNSIMULATED) {
  type({ fullName, doc: `Allowed by APIM; not simulated: ${reason}`, notSimulated: reason, members: [] });
}
