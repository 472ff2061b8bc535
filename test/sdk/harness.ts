/**
 * How the SDK suite reaches the emulator. The same cases run over two transports:
 *
 * - `in-process`: the official `KMSClient` with a custom `requestHandler` that hands each signed
 *   request to `emulator.handle` and builds the SDK's `HttpResponse`; no socket.
 * - `loopback`: the same client over real HTTP to `serve({ port: 0 })`.
 *
 * Every case gets a fresh emulator on a manual clock and a deterministic crypto provider, of the
 * profile and region its suite runs under ({@link Setting}).
 */
import './silence-sdk-node-warning.js'
import { KMSClient, KMSServiceException } from '@aws-sdk/client-kms'
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http'
import { afterEach, beforeEach, expect } from 'vitest'
import { createEmulator, type Emulator, type ProfileName } from 'kms-key-import'
import { serve } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock, type ManualClock } from 'kms-key-import/testing'

/** The instant every case starts at. */
export const START = Date.parse('2026-01-01T00:00:00Z')
export const HOUR = 3600 * 1000
export const DAY = 24 * HOUR
export const REGION = 'us-east-1'
/** A region of the China partition (SM2, SM2PKE). */
export const CN = 'cn-north-1'
export const ACCOUNT = '111122223333'

/** Fake credentials: the emulator checks no signature. */
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }

/** The profile and region a suite runs under. */
export interface Setting {
  readonly profile: ProfileName
  readonly region: string
}

/** The classic profile in us-east-1. */
export const CLASSIC: Setting = { profile: 'classic', region: REGION }

/**
 * The ARN prefix of keys in a setting's account and region (`arn:aws-cn:` in the China partition).
 * @param setting - profile and region
 * @returns `arn:<partition>:kms:<region>:<account>:key/`
 */
export const keyArnPrefix = (setting: Setting): string => `arn:${setting.region.startsWith('cn-') ? 'aws-cn' : 'aws'}:kms:${setting.region}:${ACCOUNT}:key/`

/** What a case works with. */
export interface Kms {
  readonly client: KMSClient
  readonly clock: ManualClock
  readonly setting: Setting
}

/** One way of connecting the SDK client to a fresh emulator. */
export interface Transport {
  readonly name: string
  start(clock: ManualClock, setting: Setting): Promise<{ readonly client: KMSClient; close(): Promise<void> }>
}

const emulatorOptions = (clock: ManualClock, setting: Setting) => ({ profile: setting.profile, clock, crypto: createDeterministicProvider({ seed: 7 }), region: setting.region })

const headerOf = (request: HttpRequest, name: string): string =>
  Object.entries(request.headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? ''

/**
 * A `requestHandler` that calls `emulator.handle` directly: the request the SDK built and signed
 * goes in, an `HttpResponse` comes out.
 */
export const emulatorRequestHandler = (emulator: Emulator) => ({
  handle: async (request: HttpRequest): Promise<{ response: HttpResponse }> => {
    if (request.method !== 'POST' || request.path !== '/') throw new Error(`the SDK sent ${request.method} ${request.path}, not POST /`)
    const body: unknown = request.body
    const bytes = typeof body === 'string' ? body : body instanceof Uint8Array ? body : ''
    const wire = await emulator.handle({ target: headerOf(request, 'x-amz-target'), body: bytes })
    return { response: new HttpResponse({ statusCode: wire.status, headers: { ...wire.headers }, body: new TextEncoder().encode(wire.body) }) }
  },
})

export const inProcess: Transport = {
  name: 'in-process (custom requestHandler, no socket)',
  start: async (clock, setting) => {
    const emulator = createEmulator(emulatorOptions(clock, setting))
    const client = new KMSClient({ region: setting.region, credentials, maxAttempts: 1, requestHandler: emulatorRequestHandler(emulator) })
    return {
      client,
      close: async () => {
        client.destroy()
        emulator.close()
      },
    }
  },
}

export const loopback: Transport = {
  name: 'loopback HTTP (serve({ port: 0 }))',
  start: async (clock, setting) => {
    const server = await serve({ port: 0, quiet: true, ...emulatorOptions(clock, setting) })
    const client = new KMSClient({ region: setting.region, credentials, maxAttempts: 1, endpoint: server.url })
    return {
      client,
      close: async () => {
        client.destroy()
        await server.close()
      },
    }
  },
}

/**
 * Registers a fresh client and emulator around every case of the enclosing `describe`.
 * @param transport - how the client reaches the emulator
 * @param setting - the emulator's profile and region (default classic, us-east-1)
 * @returns a getter for the current case's client, clock and setting
 */
export const useKms = (transport: Transport, setting: Setting = CLASSIC): (() => Kms) => {
  let current: (Kms & { close(): Promise<void> }) | undefined
  beforeEach(async () => {
    const clock = manualClock(START)
    const { client, close } = await transport.start(clock, setting)
    current = { client, clock, setting, close }
  })
  afterEach(async () => {
    await current?.close()
    current = undefined
  })
  return () => {
    if (current === undefined) throw new Error('useKms: no case is running')
    return current
  }
}

/** The error a promise rejects with (fails when it resolves). */
export const rejection = async (p: Promise<unknown>): Promise<KMSServiceException> => {
  try {
    await p
  } catch (error) {
    expect(error).toBeInstanceOf(KMSServiceException)
    return error as KMSServiceException
  }
  throw new Error('expected the call to be refused, it succeeded')
}

/**
 * Asserts that a call is refused with exactly this exception and message, as the SDK surfaces it:
 * a modeled exception class (`instanceof`) or, for exceptions KMS's model does not list
 * (`ValidationException`, `SerializationException`), the generic `KMSServiceException` with
 * that `name`. Also checks the HTTP status and that the request id reached `$metadata`.
 */
export const expectRefusal = async (
  p: Promise<unknown>,
  expected: { readonly type: (abstract new (...args: never[]) => KMSServiceException) | string; readonly message: string; readonly status?: number },
): Promise<KMSServiceException> => {
  const error = await rejection(p)
  if (typeof expected.type === 'string') {
    expect(error.name).toBe(expected.type)
    expect(error.constructor).toBe(KMSServiceException)
  } else {
    expect(error).toBeInstanceOf(expected.type)
    expect(error.name).toBe(expected.type.name)
  }
  expect(error.message).toBe(expected.message)
  expect(error.$metadata.httpStatusCode).toBe(expected.status ?? 400)
  expect(error.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  return error
}
