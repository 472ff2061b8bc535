/**
 * AWS JSON 1.1 encoding (docs/evidence.md §7): blobs as standard base64, timestamps as epoch seconds,
 * errors as `{"__type": …, "message": …}` with their HTTP status.
 *
 * @module
 */
import { httpStatusOf, type KmsException } from '../errors/exceptions.js'
import type { ModelOperationName } from './decode.js'
import { encodeResponseJson } from './encode.js'

/** An HTTP-shaped response. @since 0.1.0 */
export interface WireResponse {
  /** The HTTP status. */
  readonly status: number
  /** `content-type` and `x-amzn-requestid`, names in lowercase. */
  readonly headers: Readonly<Record<string, string>>
  /** The JSON body. */
  readonly body: string
}

/** The content type KMS answers with. @since 0.1.0 */
export const AMZ_JSON_1_1 = 'application/x-amz-json-1.1'

/**
 * A successful response, encoded by the operation's output shape in AWS's model.
 * @param operation - the operation
 * @param response - its response
 * @param requestId - the `x-amzn-RequestId`
 * @returns status 200 and the JSON body
 * @since 0.1.0
 */
export const okResponse = (operation: ModelOperationName, response: unknown, requestId: string): WireResponse => ({
  status: 200,
  headers: { 'content-type': AMZ_JSON_1_1, 'x-amzn-requestid': requestId },
  body: encodeResponseJson(operation, response),
})

/**
 * An error response, as KMS sends it.
 * @param error - the exception
 * @param requestId - the `x-amzn-RequestId`
 * @returns the status and `{"__type", "message"}` body
 * @since 0.1.0
 */
export const errorResponse = (error: KmsException, requestId: string): WireResponse => ({
  status: httpStatusOf(error._tag),
  headers: { 'content-type': AMZ_JSON_1_1, 'x-amzn-requestid': requestId },
  // AWS leaves some messages empty (InvalidCiphertextException of Decrypt, OBS): then it sends none.
  body: JSON.stringify(error.message === '' ? { __type: error._tag } : { __type: error._tag, message: error.message }),
})
