/**
 * How the real-client suites reach a fresh emulator: the aggregated `KMS` client of
 * `@aws-sdk/client-kms` (the class the AWS Encryption SDK and most applications call) either
 * in-process, through a `requestHandler` that calls `emulator.handle`, or over real HTTP to
 * `serve({ port: 0 })`. Fake credentials: the emulator checks no signature.
 */
import '../sdk/silence-sdk-node-warning.js'
import { KMS } from '@aws-sdk/client-kms'
import { createEmulator, type Emulator } from 'kms-key-import'
import { serve } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock, type ManualClock } from 'kms-key-import/testing'
import { emulatorRequestHandler } from '../sdk/harness.js'

export const REGION = 'us-east-1'
export const START = Date.parse('2026-01-01T00:00:00Z')
export const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }

/** A running emulator and a client connected to it. */
export interface Connected {
  readonly kms: KMS
  readonly emulator: Emulator
  readonly clock: ManualClock
  close(): Promise<void>
}

/** One way of connecting. */
export interface Transport {
  readonly name: string
  connect(profile?: 'classic' | '2023-10-10' | '2025-06-05'): Promise<Connected>
}

const options = (clock: ManualClock, profile: 'classic' | '2023-10-10' | '2025-06-05') =>
  ({ profile, clock, crypto: createDeterministicProvider({ seed: 14 }), region: REGION })

export const inProcess: Transport = {
  name: 'in-process',
  connect: async (profile = 'classic') => {
    const clock = manualClock(START)
    const emulator = createEmulator(options(clock, profile))
    const kms = new KMS({ region: REGION, credentials, maxAttempts: 1, requestHandler: emulatorRequestHandler(emulator) })
    return { kms, emulator, clock, close: async () => { kms.destroy(); emulator.close() } }
  },
}

export const overHttp: Transport = {
  name: 'over the HTTP endpoint',
  connect: async (profile = 'classic') => {
    const clock = manualClock(START)
    const server = await serve({ port: 0, quiet: true, ...options(clock, profile) })
    const kms = new KMS({ region: REGION, credentials, maxAttempts: 1, endpoint: server.url })
    return { kms, emulator: server.emulator, clock, close: async () => { kms.destroy(); await server.close() } }
  },
}

export const TRANSPORTS: readonly Transport[] = [inProcess, overHttp]
