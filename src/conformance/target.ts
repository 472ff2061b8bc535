/**
 * Targets: anything that answers one AWS JSON 1.1 KMS request. The conformance kit drives the
 * in-process reference and the system under test through this one interface.
 *
 * @module
 */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { setTimeout as sleep } from 'node:timers/promises'
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import type { Emulator } from '../emulator/emulator.js'
import { errorNameOf } from './session.js'

/** One request to a {@link Target}. @since 0.2.0 */
export interface TargetRequest {
  /** The `X-Amz-Target` header, e.g. `TrentService.CreateKey`. */
  readonly target: string
  /** The JSON body. */
  readonly body: string
  /** The region the request is for (the SigV4 credential scope of an HTTP target). */
  readonly region: string
}

/** The answer of a {@link Target}. @since 0.2.0 */
export interface TargetResponse {
  /** The HTTP status. */
  readonly status: number
  /** The JSON body as text. */
  readonly body: string
}

/**
 * Anything that answers KMS requests: `{ target, body, region } → { status, body }`.
 * @since 0.2.0
 */
export interface Target {
  /** A short description for reports (`in-process`, the endpoint URL, …). */
  readonly name: string
  /**
   * Sends one request.
   * @param request - the operation and its JSON body
   * @returns the status and JSON body; rejects only when the target cannot be reached
   */
  send(request: TargetRequest): Promise<TargetResponse>
}

/**
 * The in-process emulator as a {@link Target} (its `handle`, in the request's Region: one emulator
 * serves every Region of its partition, as one endpoint routes by the credential scope).
 * @param emulator - the emulator
 * @param name - the name reports give it (default `in-process`)
 * @returns the target
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { inProcessTarget } from 'kms-key-import/conformance'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const target = inProcessTarget(createEmulator({ crypto: createDeterministicProvider() }))
 * const res = await target.send({ target: 'TrentService.CreateKey', body: '{"Origin":"EXTERNAL"}', region: 'us-east-1' })
 * assert.equal(res.status, 200)
 * assert.equal(JSON.parse(res.body).KeyMetadata.KeyState, 'PendingImport')
 * ```
 * @since 0.2.0
 */
export const inProcessTarget = (emulator: Emulator, name = 'in-process'): Target => ({
  name,
  send: async ({ target, body, region }) => {
    const res = await emulator.handle({ target, body, region })
    return { status: res.status, body: res.body }
  },
})

/** Options of {@link httpTarget}. @since 0.2.0 */
export interface HttpTargetOptions {
  /** The endpoint URL, e.g. `http://localhost:4566` or `https://kms.eu-west-1.amazonaws.com`. */
  readonly endpoint: string
  /**
   * Credentials to sign with (SigV4, service `kms`): an identity or a provider such as the default
   * AWS credential chain. Default: the dummy identity {@link DUMMY_CREDENTIALS}, which emulators
   * accept and which lets those that route by credential scope find the region.
   */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
  /** Longest wait for one whole answer, from sending the request to the answer's last byte, ms (default 30 000). */
  readonly timeoutMs?: number
  /**
   * Most bytes of one answer's body (default {@link MAX_ANSWER_BYTES}): a longer answer is given up
   * as it arrives, so that an endpoint cannot fill the memory.
   */
  readonly maxAnswerBytes?: number
  /**
   * Most times one request is sent while the endpoint asks the client to slow down
   * ({@link isThrottled}: HTTP 429 or 503, `ThrottlingException`), as AWS SDKs retry it (default 3;
   * 1: never again). Between attempts the target waits a random time up to 200 ms, then 400 ms, ….
   * The last attempt's answer is the answer.
   */
  readonly maxAttempts?: number
}

/**
 * The most bytes {@link httpTarget} reads of one answer by default: 1 MiB. No KMS answer comes near
 * it (a key policy is at most 32 KiB, a page of ListAliases a few dozen KiB).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { MAX_ANSWER_BYTES } from 'kms-key-import/conformance'
 * assert.equal(MAX_ANSWER_BYTES, 1024 * 1024)
 * ```
 * @since 0.2.0
 */
export const MAX_ANSWER_BYTES = 1024 * 1024

/** An answer's exception name as an AWS SDK reads it ({@link errorNameOf}), if its body is a JSON object naming one. */
const exceptionIn = (body: string): string | undefined => {
  try {
    const v = JSON.parse(body) as unknown
    return typeof v === 'object' && v !== null ? errorNameOf(v as Readonly<Record<string, unknown>>) : undefined
  } catch {
    return undefined
  }
}

/**
 * Whether an answer asks the client to slow down and try again, as AWS SDKs judge it: HTTP 429 or
 * 503, or the exception `ThrottlingException`. Such a request was not run (AWS's and this
 * project's endpoint throttle before running it), so sending it again runs it once.
 * @param res - an answer
 * @returns true for a throttling answer
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { isThrottled } from 'kms-key-import/conformance'
 * assert.equal(isThrottled({ status: 400, body: '{"__type":"ThrottlingException","message":"Rate exceeded"}' }), true)
 * assert.equal(isThrottled({ status: 503, body: 'Service Unavailable' }), true)
 * assert.equal(isThrottled({ status: 400, body: '{"__type":"NotFoundException"}' }), false)
 * ```
 * @since 0.2.0
 */
export const isThrottled = (res: TargetResponse): boolean =>
  res.status === 429 || res.status === 503 || (res.status === 400 && exceptionIn(res.body) === 'ThrottlingException')

/** What a failed exchange's error says, in words: Node's own texts (`aborted`, `Parse Error: …`) name neither the cause nor the endpoint. */
const failureText = (error: NodeJS.ErrnoException): string => {
  if (error.code === 'ECONNRESET' || error.message === 'aborted') return 'the connection was closed before the whole answer arrived'
  if (error.code?.startsWith('HPE_') === true) return `the answer is not HTTP (${error.message})`
  return error.message
}

/**
 * The credentials an HTTP target signs with when none are given: not secret, accepted by
 * emulators (LocalStack, moto) that do not check signatures.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { DUMMY_CREDENTIALS } from 'kms-key-import/conformance'
 * assert.equal(DUMMY_CREDENTIALS.accessKeyId, 'test')
 * ```
 * @since 0.2.0
 */
export const DUMMY_CREDENTIALS: AwsCredentialIdentity = Object.freeze({ accessKeyId: 'test', secretAccessKey: 'test' })

/**
 * Any AWS JSON 1.1 KMS endpoint as a {@link Target}: each request is a SigV4-signed `POST /`
 * with `X-Amz-Target` and `Content-Type: application/x-amz-json-1.1`.
 * @param options - endpoint, credentials, timeout
 * @returns the target
 * @throws TypeError when the endpoint is not an http(s) URL
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { httpTarget } from 'kms-key-import/conformance'
 * import { serve } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const server = await serve({ port: 0, quiet: true, crypto: createDeterministicProvider() })
 * const target = httpTarget({ endpoint: server.url })
 * const res = await target.send({ target: 'TrentService.DescribeKey', body: '{"KeyId":"alias/none"}', region: 'us-east-1' })
 * assert.equal(res.status, 400)
 * assert.equal(JSON.parse(res.body).__type, 'NotFoundException')
 * await server.close()
 * ```
 * @since 0.2.0
 */
export const httpTarget = (options: HttpTargetOptions): Target => {
  const url = new URL(options.endpoint)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`the endpoint must be an http(s) URL: ${options.endpoint}`)
  const credentials = options.credentials ?? DUMMY_CREDENTIALS
  const signers = new Map<string, SignatureV4>()
  const signerFor = (region: string): SignatureV4 => {
    const known = signers.get(region)
    if (known !== undefined) return known
    const signer = new SignatureV4({ service: 'kms', region, credentials, sha256: Hash.bind(null, 'sha256'), applyChecksum: true })
    signers.set(region, signer)
    return signer
  }
  const path = url.pathname === '' ? '/' : url.pathname
  return {
    name: url.origin,
    send: async ({ target, body, region }) => {
      const signed = await signerFor(region).sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port !== '' ? { port: Number(url.port) } : {}),
        path,
        query: {},
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': target,
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      })
      const timeoutMs = options.timeoutMs ?? 30_000
      const maxBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES
      const operation = target.replace(/^TrentService\./, '')
      const once = (): Promise<TargetResponse> => new Promise<TargetResponse>((resolve, reject) => {
        const send = url.protocol === 'https:' ? httpsRequest : httpRequest
        // the whole exchange has one deadline: an answer that trickles in, a byte before each idle
        // timeout, must not hold a run forever
        const deadline = setTimeout(() => req.destroy(new Error(`no whole answer within ${timeoutMs} ms`)), timeoutMs)
        let failed = false
        const fail = (error: Error): void => {
          clearTimeout(deadline)
          if (failed) return
          failed = true
          reject(new Error(`${operation} to ${url.origin}: ${failureText(error)}`, { cause: error }))
        }
        const tooLong = (): Error => new Error(`the answer is longer than ${maxBytes} bytes (no KMS answer comes near it)`)
        const req = send(
          { method: 'POST', protocol: url.protocol, hostname: url.hostname, port: url.port, path, headers: signed.headers },
          (res) => {
            if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
              req.destroy(tooLong())
              return
            }
            const chunks: Buffer[] = []
            let bytes = 0
            res.on('data', (chunk: Buffer) => {
              bytes += chunk.length
              if (bytes > maxBytes) req.destroy(tooLong())
              else chunks.push(chunk)
            })
            res.on('end', () => {
              clearTimeout(deadline)
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
            })
            res.on('error', fail)
          },
        )
        req.on('error', fail)
        req.end(body)
      })
      const attempts = Math.max(1, options.maxAttempts ?? 3)
      for (let attempt = 1; ; attempt++) {
        const res = await once()
        if (attempt >= attempts || !isThrottled(res)) return res
        await sleep(Math.random() * 200 * 2 ** (attempt - 1))
      }
    },
  }
}
