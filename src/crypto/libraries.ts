/**
 * The libraries that only some profiles, key specs and wrapping algorithms need — SM2
 * (`sm-crypto-v2`), ASN.1 (`@peculiar/asn1-*`, `asn1js`), elliptic curves (`@noble/curves`) and
 * pure-JS RSA (`micro-rsa-dsa-dh`) — loaded on first use, synchronously (`require`, which loads ES
 * modules from Node 20.19 on), so the rules stay synchronous. Importing the package loads none of
 * them: an embedding project whose tests never import an ECC key or use SM2 never pays for them
 * (≈0.5 s and ≈20 MB at import, see docs/performance.md).
 *
 * So are the pure-JS hashes and ciphers of a few operations (`@noble/hashes`: MACs, RSA padding,
 * snapshots; `@noble/ciphers`: Encrypt's AES-GCM, RSA_AES_KEY_WRAP's AES-KWP): they are smaller,
 * but loading them and building their tables (AES's S-boxes and T-tables, SHA-2's constants) cost
 * ≈15 ms of the main entry's import (docs/performance.md, "lean start"). The first call of a getter
 * pays that once; later calls read a variable.
 *
 * @module
 */
import { nodeModule } from './builtins.js'

let required: NodeJS.Require | undefined
/** `require` for the CommonJS libraries below, made on first use. */
const load = (id: string): unknown => (required ??= nodeModule().createRequire(import.meta.url))(id)

/** A getter that loads module `id` the first time it is called. */
const onFirstUse = <T>(id: string): (() => T) => {
  let loaded: T | undefined
  return () => (loaded ??= load(id) as T)
}

/** `@noble/curves/nist.js` (P-256, P-384, P-521). @internal */
export const nistCurves = onFirstUse<typeof import('@noble/curves/nist.js')>('@noble/curves/nist.js')
/** `@noble/curves/secp256k1.js`. @internal */
export const secp256k1Curve = onFirstUse<typeof import('@noble/curves/secp256k1.js')>('@noble/curves/secp256k1.js')
/** `sm-crypto-v2` (SM2, SM3). @internal */
export const smCrypto = onFirstUse<typeof import('sm-crypto-v2')>('sm-crypto-v2')
/** `@peculiar/asn1-schema`. @internal */
export const asn1Schema = onFirstUse<typeof import('@peculiar/asn1-schema')>('@peculiar/asn1-schema')
/** `@peculiar/asn1-pkcs8`. @internal */
export const asn1Pkcs8 = onFirstUse<typeof import('@peculiar/asn1-pkcs8')>('@peculiar/asn1-pkcs8')
/** `@peculiar/asn1-ecc`. @internal */
export const asn1Ecc = onFirstUse<typeof import('@peculiar/asn1-ecc')>('@peculiar/asn1-ecc')
/** `@peculiar/asn1-x509`. @internal */
export const asn1X509 = onFirstUse<typeof import('@peculiar/asn1-x509')>('@peculiar/asn1-x509')
/** `@peculiar/asn1-rsa`. @internal */
export const asn1Rsa = onFirstUse<typeof import('@peculiar/asn1-rsa')>('@peculiar/asn1-rsa')
/** `asn1js`. @internal */
export const asn1js = onFirstUse<typeof import('asn1js')>('asn1js')
/**
 * `asn1js.fromBER` of untrusted bytes, made total: for most malformed input asn1js answers offset
 * -1, but for some it throws (≈0.3 % of random 48-byte strings: `Offset is outside the bounds of
 * the DataView`, `Wrong input string for conversion`).
 * @param ab - the bytes
 * @returns asn1js's parse, or undefined when it threw
 * @internal
 */
export const parseBer = (ab: ArrayBuffer): ReturnType<typeof import('asn1js').fromBER> | undefined => {
  try {
    return asn1js().fromBER(ab)
  } catch {
    return undefined
  }
}
/** `@noble/hashes/sha2.js` (SHA-224, SHA-256, SHA-384, SHA-512). @internal */
export const sha2 = onFirstUse<typeof import('@noble/hashes/sha2.js')>('@noble/hashes/sha2.js')
/** `@noble/hashes/legacy.js` (SHA-1). @internal */
export const legacyHashes = onFirstUse<typeof import('@noble/hashes/legacy.js')>('@noble/hashes/legacy.js')
/** `@noble/hashes/hmac.js`. @internal */
export const hmacLibrary = onFirstUse<typeof import('@noble/hashes/hmac.js')>('@noble/hashes/hmac.js')
/** `@noble/hashes/hkdf.js`. @internal */
export const hkdfLibrary = onFirstUse<typeof import('@noble/hashes/hkdf.js')>('@noble/hashes/hkdf.js')
/** `@noble/ciphers/aes.js` (AES-GCM, AES-KWP). @internal */
export const aes = onFirstUse<typeof import('@noble/ciphers/aes.js')>('@noble/ciphers/aes.js')
/** `micro-rsa-dsa-dh/rsa.js` (PKCS#1 v1.5 decryption Node 20 refuses). @internal */
export const microRsa = onFirstUse<typeof import('micro-rsa-dsa-dh/rsa.js')>('micro-rsa-dsa-dh/rsa.js')
