/**
 * The operations of AWS's KMS model this library does not serve, and why: they answer
 * UnknownOperationException with a message that says so (docs/evidence.md §12).
 *
 * @module
 */

/**
 * AWS's operations outside this library's scope, by the area they belong to.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, notServedOperations } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * assert.equal(notServedOperations.CreateGrant, 'grants')
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const res = await kms.handle({ target: 'TrentService.CreateGrant', body: '{}' })
 * assert.equal(JSON.parse(res.body).__type, 'UnknownOperationException')
 * assert.match(JSON.parse(res.body).message, /not served/)
 * ```
 * @since 0.2.0
 */
export const notServedOperations: Readonly<Record<string, string>> = Object.freeze({
  CreateGrant: 'grants',
  ListGrants: 'grants',
  ListRetirableGrants: 'grants',
  RetireGrant: 'grants',
  RevokeGrant: 'grants',
  ConnectCustomKeyStore: 'custom key stores',
  CreateCustomKeyStore: 'custom key stores',
  DeleteCustomKeyStore: 'custom key stores',
  DescribeCustomKeyStores: 'custom key stores',
  DisconnectCustomKeyStore: 'custom key stores',
  UpdateCustomKeyStore: 'custom key stores',
  DeriveSharedSecret: 'key agreement',
  Encapsulate: 'key encapsulation (ML-KEM)',
  Decapsulate: 'key encapsulation (ML-KEM)',
  GetKeyLastUsage: 'key usage tracking',
})
