/**
 * The libraries that only some profiles, key specs and wrapping algorithms need — SM2
 * (`sm-crypto-v2`), ASN.1 (`@peculiar/asn1-*`, `asn1js`), elliptic curves (`@noble/curves`) and
 * pure-JS RSA (`micro-rsa-dsa-dh`) — loaded on first use, synchronously (`require`, which loads ES
 * modules from Node 20.19 on), so the rules stay synchronous. Importing the package loads none of
 * them: an embedding project whose tests never import an ECC key or use SM2 never pays for them
 * (≈0.5 s and ≈20 MB at import, see docs/performance.md).
 *
 * @module
 */
import { createRequire } from 'node:module'

const load = createRequire(import.meta.url)

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
/** `micro-rsa-dsa-dh/rsa.js` (PKCS#1 v1.5 decryption Node 20 refuses). @internal */
export const microRsa = onFirstUse<typeof import('micro-rsa-dsa-dh/rsa.js')>('micro-rsa-dsa-dh/rsa.js')
