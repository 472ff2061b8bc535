/**
 * The crypto provider: everything random or key-generating comes through this interface, so the
 * rules stay pure and tests can be deterministic. `createNodeProvider` (node:crypto) is the
 * default; `kms-key-import/testing` has a deterministic one backed by fixture keys.
 *
 * @module
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { KeySpec, WrappingAlgorithm, WrappingKeySpec } from '../model/enums.js'
import type { Secret } from '../model/secret.js'
import type { TokenContents } from './token.js'

/**
 * A wrapping key pair: the public half goes to the client, the private half into the token.
 * @since 0.1.0
 */
export interface WrappingKeyPair {
  /** The wrapping key spec. */
  readonly spec: WrappingKeySpec
  /** DER X.509 SubjectPublicKeyInfo. */
  readonly publicKey: Uint8Array
  /** PKCS#8 DER of the private key. */
  readonly privateKey: Secret
}

/**
 * Source of randomness and keys for the model.
 * @since 0.1.0
 */
export interface CryptoProvider {
  /** A name for logs. */
  readonly name: string
  /**
   * `length` random bytes.
   * @param length - byte count
   * @returns the bytes
   */
  randomBytes(length: number): Uint8Array
  /**
   * A fresh wrapping key pair of `spec`; Left with a reason when the provider cannot make one.
   * @param spec - the wrapping key spec
   * @returns the pair, or why not
   */
  wrappingKeyPair(spec: WrappingKeySpec): E.Either<string, WrappingKeyPair>
  /**
   * Decrypts wrapped key material with a wrapping private key; Left with a reason (never secret
   * bytes) when it does not decrypt. The built-in providers parse each private key once (the same
   * `Secret` of a token opened again is not parsed again).
   * @param algorithm - the wrapping algorithm the token names
   * @param privateKey - PKCS#8 DER of the wrapping private key
   * @param wrapped - EncryptedKeyMaterial
   * @returns the plaintext material, or why not
   */
  unwrap(algorithm: WrappingAlgorithm, privateKey: Secret, wrapped: Uint8Array): E.Either<string, Secret>
  /**
   * Seals the contents of a parameter set into an import token (AES-256-GCM under the sealing
   * key, a fresh nonce; see `sealToken`). A provider may remember what it sealed
   * (`withTokenCache`), so that opening the same bytes later costs less.
   * @param sealingKey - the service's sealing key
   * @param contents - the key ARN, wrapping algorithm and spec, private key, expiry
   * @returns the token bytes
   */
  sealImportToken(sealingKey: Secret, contents: TokenContents): Uint8Array
  /**
   * Opens an import token: exactly the contents it was sealed with, or Left when the bytes are
   * not a token sealed under this key. Whether it expired is the caller's rule (`now` only lets a
   * cache drop what has expired).
   * @param sealingKey - the service's sealing key
   * @param token - the presented bytes
   * @param now - the request's instant, epoch ms
   * @returns the contents, or `'invalid'`
   */
  openImportToken(sealingKey: Secret, token: Uint8Array, now: number): E.Either<'invalid', TokenContents>
  /**
   * New key material for an `AWS_KMS` key of `keySpec`.
   * @param keySpec - the key spec
   * @returns the material (PKCS#8 DER for asymmetric specs), or why not
   */
  generateKeyMaterial(keySpec: KeySpec): E.Either<string, Secret>
  /** Releases background resources (a key pool); idempotent. */
  close(): void
  /**
   * Optional: makes what a call will need and is slow to make (an RSA key pair) off the main
   * thread, and resolves to a provider that hands it out once, where the call asks for it, and is
   * this provider otherwise. The emulator awaits it before it runs the call, so the rules stay
   * synchronous and the event loop is never held by a key generation. A provider without it (the
   * deterministic one) is called synchronously.
   * @since 0.2.0
   */
  readonly acquire?: (need: SlowNeed) => Promise<CryptoProvider>
}

/**
 * Something a call needs that is slow to make: a wrapping key pair for GetParametersForImport,
 * key material for CreateKey.
 * @since 0.2.0
 */
export type SlowNeed =
  | {
    /** A wrapping key pair. */
    readonly kind: 'wrappingKeyPair';
    /** Of this spec. */
    readonly spec: WrappingKeySpec
  }
  | {
    /** Key material of an `AWS_KMS` key. */
    readonly kind: 'keyMaterial';
    /** Of this key spec. */
    readonly keySpec: KeySpec
  }
