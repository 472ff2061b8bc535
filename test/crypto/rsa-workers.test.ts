/**
 * The RSA workers (src/crypto/rsa-workers.ts): key pairs generated on worker threads, each
 * reniced to the lowest priority on Linux, at most as many as asked, started on first need, idle
 * ones unref'd, terminated by `close()` with every pending request answered; and the node
 * provider's acquisitions on them, which fall back to the on-demand path when the workers cannot
 * answer. RSA-2048 only (3072/4096 are slow here).
 */
import { spawnSync } from 'node:child_process'
import { constants, createPublicKey, privateDecrypt, publicEncrypt } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createNodeProvider } from 'kms-key-import'
import { createRsaWorkers, type RsaKeyObjects, type RsaWorkerProbe } from '../../src/crypto/rsa-workers.js'

const right = <A>(e: E.Either<string, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left)
  return e.right
}

/** Whether this OS names a thread's own id (the workers renice only there). */
const linux = existsSync('/proc/thread-self')

/** The nice value of a thread of this process, from the main thread: field 19 of /proc/<pid>/task/<tid>/stat. */
const niceOf = (tid: number): number => Number(readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16])

/** Waits (bounded) until a thread of this process is gone. */
const threadGone = async (tid: number): Promise<boolean> => {
  for (let i = 0; i < 200; i++) {
    if (!existsSync(`/proc/${process.pid}/task/${tid}`)) return true
    await new Promise((r) => setTimeout(r, 10))
  }
  return false
}

const roundTrips = (keys: RsaKeyObjects): boolean => {
  const secret = new Uint8Array(32).fill(9)
  const wrapped = publicEncrypt({ key: keys.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, secret)
  return Buffer.from(privateDecrypt({ key: keys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, wrapped)).equals(secret)
}

describe('RSA workers', () => {
  it('generate an RSA key pair of the size asked for, exponent 65537, whose private key decrypts what its public key encrypts', async () => {
    const workers = createRsaWorkers()
    try {
      const keys = right(await workers.generate(2048))
      expect([keys.publicKey.type, keys.privateKey.type]).toEqual(['public', 'private'])
      expect(keys.privateKey.asymmetricKeyDetails).toEqual({ modulusLength: 2048, publicExponent: 65537n })
      expect(keys.publicKey.equals(createPublicKey(keys.privateKey))).toBe(true) // the two halves of one pair
      expect(roundTrips(keys)).toBe(true)
      // each generation is a fresh pair
      const other = right(await workers.generate(2048))
      expect(other.publicKey.equals(keys.publicKey)).toBe(false)
    } finally {
      workers.close()
    }
  })

  it('answer a size node:crypto refuses with a Left, and keep serving', async () => {
    const workers = createRsaWorkers({ workers: 1 })
    try {
      for (const bits of [0, -1, Number.NaN, 1.5, 2 ** 40]) expect(E.isLeft(await workers.generate(bits))).toBe(true)
      expect(right(await workers.generate(2048)).privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
      expect(workers.stats().workers).toBe(1)
    } finally {
      workers.close()
    }
  })

  it('run on a worker thread, not the main thread, reniced to 19 on Linux (read inside the worker and from the main thread)', async () => {
    const workers = createRsaWorkers({ workers: 1 })
    try {
      const probe: RsaWorkerProbe = right(await workers.probe())
      expect(probe.threadId).toBeGreaterThan(0) // worker_threads' id of the main thread is 0
      if (linux) {
        expect(probe.tid).not.toBe(process.pid) // the main thread's kernel id is the process id
        expect(probe.priority).toBe(19)
        expect(niceOf(probe.tid ?? 0)).toBe(19)
        // only that thread: the main thread keeps its priority
        expect(niceOf(process.pid)).toBeLessThan(19)
      } else {
        // elsewhere the worker keeps normal priority, silently
        expect([probe.tid, probe.priority]).toEqual([undefined, undefined])
      }
    } finally {
      workers.close()
    }
  })

  it('start no thread before the first need, at most `workers` threads, and queue what they cannot take yet', async () => {
    const workers = createRsaWorkers({ workers: 2 })
    try {
      expect(workers.stats()).toEqual({ workers: 0, busy: 0, queued: 0, closed: false })
      // the first need (a probe) loads node:worker_threads and starts one thread
      right(await workers.probe())
      expect(workers.stats()).toEqual({ workers: 1, busy: 0, queued: 0, closed: false })
      const all = Promise.all([1, 2, 3, 4].map(() => workers.generate(2048)))
      expect(workers.stats()).toEqual({ workers: 2, busy: 2, queued: 2, closed: false })
      const keys = (await all).map(right)
      expect(keys.every((k) => k.privateKey.asymmetricKeyDetails?.modulusLength === 2048)).toBe(true)
      expect(workers.stats()).toEqual({ workers: 2, busy: 0, queued: 0, closed: false })
    } finally {
      workers.close()
    }
  })

  it('close() terminates the workers and answers every pending and queued generation with a Left; later ones get a Left at once', async () => {
    const workers = createRsaWorkers({ workers: 1 })
    const { tid } = right(await workers.probe())
    const pending = [workers.generate(2048), workers.generate(2048)]
    expect(workers.stats()).toMatchObject({ busy: 1, queued: 1 })
    workers.close()
    workers.close() // idempotent
    const answers = await Promise.all(pending)
    expect(answers.map(E.isLeft)).toEqual([true, true])
    expect(workers.stats()).toEqual({ workers: 0, busy: 0, queued: 0, closed: true })
    expect(E.isLeft(await workers.generate(2048))).toBe(true)
    if (linux && tid !== undefined) expect(await threadGone(tid)).toBe(true)
  })

  it('keep no process alive once idle: a script that generates once and never closes them exits', () => {
    const script = fileURLToPath(new URL('../perf/fixtures/exit-after-generation.ts', import.meta.url))
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 20_000 })
    expect([run.status, run.stdout.trim()]).toEqual([0, '2048'])
  })
})

describe('the node provider on its RSA workers', () => {
  it('acquires a wrapping pair and RSA key material on a worker', async () => {
    const provider = createNodeProvider({ pool: false })
    try {
      const forPair = await provider.acquire?.({ kind: 'wrappingKeyPair', spec: 'RSA_2048' })
      const forMaterial = await provider.acquire?.({ kind: 'keyMaterial', keySpec: 'RSA_2048' })
      expect(E.isRight(forPair?.wrappingKeyPair('RSA_2048') ?? E.left('none'))).toBe(true)
      expect(E.isRight(forMaterial?.generateKeyMaterial('RSA_2048') ?? E.left('none'))).toBe(true)
    } finally {
      provider.close()
    }
  })

  it('answers acquisitions pending at close() with a refusal, not a generation on the main thread (a stopping endpoint answers them 500)', async () => {
    for (const pool of [false, { size: { RSA_4096: 1 } }] as const) {
      const provider = createNodeProvider({ pool })
      const forPair = provider.acquire?.({ kind: 'wrappingKeyPair', spec: 'RSA_4096' })
      const forMaterial = provider.acquire?.({ kind: 'keyMaterial', keySpec: 'RSA_4096' })
      provider.close()
      const [p, m] = await Promise.all([forPair, forMaterial])
      const closed = E.left('the provider is closed (the endpoint is stopping)')
      expect(p?.wrappingKeyPair('RSA_4096')).toEqual(closed)
      expect(m?.generateKeyMaterial('RSA_4096')).toEqual(closed)
      // what needs no RSA generation is still made
      expect(E.isRight(m?.generateKeyMaterial('SYMMETRIC_DEFAULT') ?? E.left('no provider'))).toBe(true)
    }
  })
})
