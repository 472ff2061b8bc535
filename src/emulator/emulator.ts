/**
 * The in-process emulator: the thin, stateful shell around the pure operations. It holds the
 * current store, reads the injected clock, serializes overlapping calls so no update is lost, and
 * speaks AWS JSON 1.1 through {@link Emulator.handle}.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type Clock, systemClock } from '../clock.js'
import { createNodeProvider } from '../crypto/node-provider.js'
import type { CryptoProvider, SlowNeed } from '../crypto/provider.js'
import { createTokenCache, DEFAULT_TOKEN_CACHE_SIZE, withTokenCache } from '../crypto/token-cache.js'
import { materialIdSecret } from '../material/material-id.js'
import { exception, type KMSInternalException, type KmsException, type UnknownOperationException } from '../errors/exceptions.js'
import { Messages, renderMessage } from '../errors/messages.js'
import type { KmsEvent } from '../model/events.js'
import { AccountId, keyIdFromBytes } from '../model/ids.js'
import { emptyStore, type KeyStore } from '../model/key-store.js'
import { isRegionName, partitionOf } from '../model/region.js'
import { Secret } from '../model/secret.js'
import { settleStore } from '../model/settle.js'
import type { OperationEnv } from '../operations/support/env.js'
import { isOperationName, type OperationName } from '../operations/support/registry.js'
import { notServedOperations } from '../operations/support/not-served.js'
import { dispatch, parseBody, route, type ErrorOf, type RequestOf, type ResponseOf } from '../protocol/index.js'
import { defaultProfile, resolveProfile, type ProfileSelector } from '../profiles/index.js'
import type { Profile } from '../profiles/profile.js'
import { errorResponse, okResponse, type WireResponse } from '../protocol/wire.js'
import { fromSnapshot, toSnapshot, type Snapshot, type SnapshotError } from '../persistence/snapshot.js'
import type { JournalFactory } from './journal.js'
import { acquire, slowNeedOf, slowNeedOfWire } from './acquire.js'

/** Options of {@link createEmulator}; all optional. @since 0.1.0 */
export interface EmulatorOptions {
  /** Rule profile, by name or value (default `classic`, the seed's). */
  readonly profile?: ProfileSelector | Profile
  /** Region (default `us-east-1`); `cn-*` regions are the China partition. */
  readonly region?: string
  /** 12-digit account id (default `111122223333`). */
  readonly accountId?: string
  /** Source of time (default the system clock). */
  readonly clock?: Clock
  /** Randomness and keys (default the node:crypto provider). */
  readonly crypto?: CryptoProvider
  /** 32-byte key that seals import tokens; default: fresh random bytes per emulator. */
  readonly sealingKey?: Uint8Array
  /**
   * Called with each model event (expired material, deleted keys), oldest first.
   * @param event - the event
   */
  readonly onEvent?: (event: KmsEvent) => void
  /**
   * How many import tokens this emulator keeps opened, with their private keys parsed, so that
   * ImportKeyMaterial with a token it issued costs little more than the RSA decryption (see
   * `TokenCache`; least recently used dropped first). Default 1024 (at most ≈10 MB with
   * RSA-4096 keys); 0 turns the cache off. Results never depend on it.
   */
  readonly tokenCacheSize?: number
  /**
   * A snapshot to start from (from {@link Emulator.snapshot}, or its JSON parsed); needs the
   * `sealingKey` it was taken with. Its profile, region and account apply unless given here, and
   * must agree when they are.
   */
  readonly state?: unknown
  /**
   * Makes each call's changes durable before the call is answered (see `Journal`; `serve` with a
   * state database gives one). A call whose changes cannot be made durable is answered
   * `KMSInternalException`. Default: none, the store lives in memory only.
   * @since 0.2.0
   */
  readonly journal?: JournalFactory
}

/** A request to {@link Emulator.handle}. @since 0.1.0 */
export interface WireRequest {
  /** The `X-Amz-Target` header, e.g. `TrentService.GetParametersForImport`. */
  readonly target: string
  /** The JSON body, as text or bytes (UTF-8). An empty body is `{}`. */
  readonly body: string | Uint8Array
  /**
   * The Region the request is for (the HTTP endpoint takes it from the SigV4 credential scope of
   * the `Authorization` header); default the emulator's Region. A Region outside the emulator's
   * partition, or not a Region name, is answered InvalidSignatureException.
   * @since 0.2.0
   */
  readonly region?: string | undefined
}

/**
 * The typed result of {@link Emulator.invoke}: the operation's response, or its error (a request
 * that does not decode included), or UnknownOperationException for a name not served, or (with a
 * `journal`, since 0.2.0) KMSInternalException when the call's changes could not be made durable.
 * @typeParam N - the operation
 * @since 0.1.0
 */
export type InvokeResult<N extends OperationName> = E.Either<ErrorOf<N> | UnknownOperationException | KMSInternalException, ResponseOf<N>>

/**
 * An emulator instance.
 * @since 0.1.0
 */
export interface Emulator {
  /** The profile in force. */
  readonly profile: Profile
  /** The default Region: of calls that name none. The emulator serves every Region of its partition. */
  readonly region: string
  /** The account id. */
  readonly accountId: string
  /**
   * Serves one AWS JSON 1.1 request. Never rejects; any input gets an AWS-shaped answer.
   * @param request - target and body
   * @returns the HTTP status, headers and JSON body KMS would send
   */
  handle(request: WireRequest): Promise<WireResponse>
  /**
   * Runs one operation with a typed request and returns its typed result. The request is decoded
   * and checked as AWS's model says, exactly as `handle` does.
   * @param operation - operation name
   * @param request - the request of that operation (SDK-shaped: `Uint8Array` blobs, `Date` timestamps),
   *   typed by AWS's model (`Model.XRequest`): an AWS SDK v3 `XCommandInput` is not assignable as it
   *   is, since it admits `undefined` for required members and enum values of later APIs (check
   *   those first)
   * @param region - the Region of the call (default the emulator's); a Region of another
   *   partition, or not a Region name, is misuse: the promise rejects with a TypeError
   * @returns the response, or the operation's exception (`Left`); a name not served is
   *   UnknownOperationException
   */
  invoke<N extends OperationName>(operation: N, request: RequestOf<N>, region?: string): Promise<InvokeResult<N>>
  /**
   * The current store (immutable).
   * @returns the store
   */
  store(): KeyStore
  /**
   * The current state as a versioned, JSON-serialisable snapshot, every secret sealed under the
   * sealing key. Restore it with `createEmulator({ state, sealingKey })`.
   * @returns the snapshot
   */
  snapshot(): Snapshot
  /** Stops background work of the provider (its key pool) and drops the token cache; idempotent. */
  close(): void
}

const DEFAULT_REGION = 'us-east-1'
const DEFAULT_ACCOUNT = '111122223333'

/**
 * Creates an in-process emulator.
 * @param options - all optional
 * @returns the emulator
 * @throws TypeError for an unknown profile, a malformed region or account id, or a sealing key
 *   that is not 32 bytes (misuse, not a rule); RangeError for a negative or fractional
 *   `tokenCacheSize`
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ profile: 'classic', crypto: createDeterministicProvider() })
 * const res = await kms.handle({ target: 'TrentService.CreateKey', body: '{"Origin":"EXTERNAL"}' })
 * assert.equal(res.status, 200)
 * assert.equal(JSON.parse(res.body).KeyMetadata.KeyState, 'PendingImport')
 * kms.close()
 * ```
 * @since 0.1.0
 */
export const createEmulator = (options: EmulatorOptions = {}): Emulator => {
  const restored = restoreEmulator(options)
  if (E.isLeft(restored)) throw new TypeError(`cannot restore the snapshot: ${restored.left.message}`)
  return restored.right
}

/**
 * Like {@link createEmulator}, but a snapshot that cannot be restored (corrupted, another version,
 * another sealing key, another profile/region/account than asked) is a `Left`, not a throw.
 * Nothing is half-loaded.
 * @param options - as for createEmulator; `state` is the snapshot
 * @returns the emulator, or why the snapshot was refused
 * @throws TypeError for misuse: an unknown profile, a malformed region or account id, a sealing
 *   key that is not 32 bytes, or `state` without `sealingKey`; RangeError for a negative or
 *   fractional `tokenCacheSize`. A snapshot's own profile, region or account that cannot be used
 *   is a `Left`, like any other refused snapshot.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, restoreEmulator, storeSize } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const sealingKey = new Uint8Array(32).fill(1)
 * const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey })
 * await kms.invoke('CreateKey', {})
 * const saved: unknown = JSON.parse(JSON.stringify(kms.snapshot()))
 * const again = restoreEmulator({ state: saved, sealingKey, crypto: createDeterministicProvider() })
 * assert.ok(again._tag === 'Right')
 * assert.equal(storeSize(again.right.store()), 1)
 * const elsewhere = restoreEmulator({ state: saved, sealingKey, region: 'eu-west-1', crypto: createDeterministicProvider() })
 * assert.equal(elsewhere._tag, 'Left') // the snapshot was taken in us-east-1
 * ```
 * @since 0.1.0
 */
export const restoreEmulator = (options: EmulatorOptions = {}): E.Either<SnapshotError, Emulator> => {
  if (options.sealingKey !== undefined && options.sealingKey.length !== 32) throw new TypeError('sealingKey must be 32 bytes')
  if (options.state !== undefined && options.sealingKey === undefined) throw new TypeError('restoring a snapshot needs the sealingKey it was taken with')
  // Misuse is refused before anything is built: the default provider owns a pool, to be closed.
  if (typeof options.profile === 'string' && resolveProfile(options.profile) === undefined) throw new TypeError(`unknown profile: ${options.profile}`)
  if (options.region !== undefined && !isRegionName(options.region)) throw new TypeError(`not a region name: ${options.region}`)
  if (options.accountId !== undefined && !AccountId.is(options.accountId)) throw new TypeError('accountId must be 12 digits')
  const tokenCache = createTokenCache(options.tokenCacheSize ?? DEFAULT_TOKEN_CACHE_SIZE)
  const crypto = withTokenCache(options.crypto ?? createNodeProvider(), tokenCache)
  const sealingKey = Secret.of(options.sealingKey ?? crypto.randomBytes(32))
  const loaded = options.state === undefined ? undefined : fromSnapshot(options.state, sealingKey)
  if (loaded !== undefined && E.isLeft(loaded)) {
    if (options.crypto === undefined) crypto.close()
    return loaded
  }
  const from = loaded?.right.context
  const differs = (setting: 'profile' | 'region' | 'account', given: string | undefined, saved: string | undefined): SnapshotError | undefined =>
    given !== undefined && saved !== undefined && given !== saved
      ? { _tag: 'SnapshotError', message: `the snapshot was taken with ${setting} ${saved}, not ${given}`, mismatch: { setting, saved, given } }
      : undefined
  const givenProfile = typeof options.profile === 'object' ? options.profile.name : options.profile === undefined ? undefined : resolveProfile(options.profile)?.name
  const mismatch = differs('profile', givenProfile, from?.profile) ?? differs('region', options.region, from?.region) ?? differs('account', options.accountId, from?.accountId)
  if (mismatch !== undefined) {
    if (options.crypto === undefined) crypto.close()
    return E.left(mismatch)
  }
  const profileSelector = options.profile ?? from?.profile
  const profile = typeof profileSelector === 'object' ? profileSelector : profileSelector === undefined ? defaultProfile : resolveProfile(profileSelector)
  const region = options.region ?? from?.region ?? DEFAULT_REGION
  // The options were checked above: what is left to refuse here comes from the snapshot.
  if (profile === undefined || !isRegionName(region)) {
    if (options.crypto === undefined) crypto.close()
    const message = profile === undefined ? `the snapshot names an unknown profile: ${String(profileSelector)}` : `the snapshot names no region: ${region}`
    return E.left({ _tag: 'SnapshotError', message })
  }
  const accountId = options.accountId ?? from?.accountId ?? DEFAULT_ACCOUNT
  if (!AccountId.is(accountId)) {
    if (options.crypto === undefined) crypto.close()
    return E.left({ _tag: 'SnapshotError', message: `the snapshot names no account id: ${accountId}` })
  }
  const clock = options.clock ?? systemClock()
  const idSecret = materialIdSecret(sealingKey)
  const onEvent = options.onEvent ?? (() => undefined)

  let store = loaded?.right.store ?? emptyStore()
  let queue: Promise<unknown> = Promise.resolve()

  /** Runs `f` after every earlier call has finished: calls never interleave, so no update is lost. */
  const serialized = <A>(f: () => A): Promise<A> => {
    const run = queue.then(f)
    queue = run.catch(() => undefined)
    return run
  }

  const partition = partitionOf(region)
  const envAt = (now: number, provider: CryptoProvider, callRegion: string): OperationEnv => ({
    profile, region: callRegion, partition, accountId, now, crypto: provider, sealingKey, materialIdSecret: idSecret,
  })
  /** Whether a Region can be served: a Region name of this emulator's partition (one world: one account, one partition). */
  const servesRegion = (r: string): boolean => isRegionName(r) && partitionOf(r) === partition

  const emit = (events: readonly KmsEvent[]): void => {
    for (const e of events) {
      try {
        onEvent(e)
      } catch {
        // an embedder's logger must not break the model
      }
    }
  }

  /** Runs a served operation on the current store at the clock's instant, in a Region: the one path of handle and invoke. */
  const run = <N extends OperationName>(name: N, input: unknown, provider: CryptoProvider, callRegion: string): E.Either<ErrorOf<N>, ResponseOf<N>> => {
    const now = clock.now()
    const settled = settleStore(store, now)
    store = settled.store
    emit(settled.events)
    const result = dispatch(envAt(now, provider, callRegion), store, name, input)
    if (E.isLeft(result)) return result
    store = result.right.store
    emit(result.right.events)
    return E.right(result.right.response)
  }

  const requestId = (): string => keyIdFromBytes(crypto.randomBytes(16))

  const journal = options.journal?.({ profile: profile.name, region, accountId, restore: (s) => { store = s } })
  const notDurable = (): KMSInternalException => exception('KMSInternalException', 'An internal error occurred.')
  /**
   * Runs `f` serialized, then, with a journal, waits (outside the queue, so later calls run
   * meanwhile) until what it changed or read is durable; `failed` answers when it cannot be.
   */
  const journaled = async <A>(f: () => A, failed: () => A): Promise<A> => {
    if (journal === undefined) return serialized(f)
    const [result, durable] = await serialized(() => {
      const before = store
      const a = f()
      return [a, journal.commit(before, store)] as const
    })
    return (await durable) ? result : failed()
  }
  /**
   * Runs `call` with the provider it needs: what it needs that is slow to make (an RSA key pair)
   * is made first, off the main thread (see ./acquire.ts); without such a need, at once.
   */
  const withNeed = <A>(need: SlowNeed | undefined, call: (provider: CryptoProvider) => Promise<A>): Promise<A> =>
    need === undefined ? call(crypto) : acquire(crypto, need).then((p) => call(p === crypto ? p : withTokenCache(p, tokenCache)))

  const handleNow = (request: WireRequest, provider: CryptoProvider): WireResponse => {
    const id = requestId()
    const name = route(request.target)
    if (E.isLeft(name)) return errorResponse(name.left, id)
    const callRegion = typeof request.region === 'string' ? request.region : region
    if (!servesRegion(callRegion)) return errorResponse(exception('InvalidSignatureException', Messages.regionOutOfScope), id)
    const input = parseBody(request.body)
    const result: E.Either<KmsException, unknown> = E.isLeft(input) ? input : run(name.right, input.right, provider, callRegion)
    return E.isLeft(result) ? errorResponse(result.left, id) : okResponse(name.right, result.right, id)
  }

  const unknownOperation = (name: unknown): E.Either<UnknownOperationException, never> => {
    const area = typeof name === 'string' && Object.hasOwn(notServedOperations, name) ? notServedOperations[name] : undefined
    return E.left(exception('UnknownOperationException', area === undefined
      ? renderMessage(Messages.unknownOperation, { target: String(name) })
      : renderMessage(Messages.notServed, { operation: String(name), area })))
  }

  return E.right({
    profile,
    region,
    accountId,
    handle: (request) =>
      withNeed(crypto.acquire === undefined ? undefined : slowNeedOfWire(request.target, request.body), (provider) => journaled(() => {
        try {
          return handleNow(request, provider)
        } catch {
          return errorResponse(notDurable(), requestId())
        }
      }, () => errorResponse(notDurable(), requestId()))),
    invoke: <N extends OperationName>(name: N, request: RequestOf<N>, callRegion: string = region) => {
      if (!servesRegion(callRegion)) return Promise.reject(new TypeError(`not a Region of the partition ${partition}: ${String(callRegion)}`))
      return withNeed(crypto.acquire === undefined ? undefined : slowNeedOf(name, request), (provider) => journaled(
        (): InvokeResult<N> => (isOperationName(name) ? run(name, request, provider, callRegion) : unknownOperation(name)),
        (): InvokeResult<N> => E.left(notDurable()),
      ))
    },
    store: () => store,
    snapshot: () => toSnapshot(store, { profile: profile.name, region, accountId }, sealingKey, crypto.randomBytes),
    close: () => {
      crypto.close()
      tokenCache.clear()
    },
  })
}
