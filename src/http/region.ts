/**
 * The Region of a request, the way AWS clients say it: the Region of the SigV4 credential scope
 * in the `Authorization` header (`Credential=<key id>/<date>/<region>/<service>/aws4_request`),
 * as LocalStack and moto route it. The signature itself is not checked.
 *
 * @module
 */

const CREDENTIAL = /Credential=[^/,\s]*\/\d{8}\/([^/,\s]+)\/[^/,\s]+\/aws4_request/

/**
 * The Region of a SigV4 `Authorization` header's credential scope.
 * @param authorization - the header's value (absent for an unsigned request)
 * @returns the Region, or undefined when the header names none
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { regionOfAuthorization } from 'kms-key-import/http'
 * const header = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/kms/aws4_request, SignedHeaders=host, Signature=00'
 * assert.equal(regionOfAuthorization(header), 'eu-west-1')
 * assert.equal(regionOfAuthorization(undefined), undefined)
 * assert.equal(regionOfAuthorization('Basic dXNlcjpwYXNz'), undefined)
 * ```
 * @since 0.2.0
 */
export const regionOfAuthorization = (authorization: string | undefined): string | undefined => {
  if (authorization === undefined || !authorization.startsWith('AWS4-')) return undefined
  return CREDENTIAL.exec(authorization)?.[1]
}
