/**
 * No RSA generation holds the event loop: while the endpoint generates an RSA-3072 wrapping key
 * pair (GetParametersForImport, profile 2023-10-10), RSA-3072 key material (CreateKey) or an RSA-3072
 * data key pair (GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext), a timer keeps firing and a
 * DescribeKey sent afterwards is answered first. The generation runs on the provider's RSA
 * workers — on Linux, while it runs, a thread of this process is at nice 19, the workers'
 * priority, and the main thread is not; the rule runs once the pair is ready. (How late the timer
 * gets is measured in `npm run bench:http`, not asserted here.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createNodeProvider } from 'kms-key-import'
import { serve } from 'kms-key-import/http'

/** Nice value of each thread of this process, by kernel thread id (Linux; empty elsewhere). */
const niceByThread = (): Map<number, number> => {
  const nice = new Map<number, number>()
  if (!existsSync('/proc/self/task')) return nice
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      nice.set(Number(tid), Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]))
    } catch {
      // the thread ended meanwhile
    }
  }
  return nice
}

/** The keys a request is made on. */
interface Keys {
  readonly external: string
  readonly symmetric: string
}

const post = async (url: string, op: string, body: object) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` }, body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('RSA generation and the event loop', () => {
  it.each([
    ['GetParametersForImport', (keys: Keys) => ({ KeyId: keys.external, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_3072' })],
    ['CreateKey', () => ({ KeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY' })],
    ['GenerateDataKeyPair', (keys: Keys) => ({ KeyId: keys.symmetric, KeyPairSpec: 'RSA_3072' })],
    ['GenerateDataKeyPairWithoutPlaintext', (keys: Keys) => ({ KeyId: keys.symmetric, KeyPairSpec: 'RSA_3072' })],
  ] as const)('%s with RSA-3072: the loop keeps turning and other requests are answered meanwhile', async (op, request) => {
    const server = await serve({ port: 0, quiet: true, profile: '2023-10-10', crypto: createNodeProvider({ pool: false }) })
    try {
      const idOf = async (body: object): Promise<string> => String(((await post(server.url, 'CreateKey', body)).body.KeyMetadata as { KeyId: string }).KeyId)
      const keys: Keys = { external: await idOf({ Origin: 'EXTERNAL' }), symmetric: await idOf({}) }
      const KeyId = keys.external
      const order: string[] = []
      let ticks = 0
      const timer = setInterval(() => ticks++, 10)
      const slow = post(server.url, op, request(keys)).then((r) => {
        order.push(op)
        return r
      })
      await new Promise((r) => setTimeout(r, 20))
      const described = await post(server.url, 'DescribeKey', { KeyId })
      order.push('DescribeKey')
      const ticksWhenDescribed = ticks
      // while the generation runs: the threads' priorities, looked at until a reniced one shows
      // (the worker renices itself once started) or the generation ends
      let finished = false
      void slow.then(() => { finished = true })
      let nice = niceByThread()
      while (!finished && nice.size > 0 && ![...nice.values()].includes(19)) {
        await new Promise((r) => setTimeout(r, 5))
        nice = niceByThread()
      }
      const generated = await slow
      clearInterval(timer)
      expect([described.status, generated.status]).toEqual([200, 200])
      expect(order).toEqual(['DescribeKey', op])
      expect(ticks).toBeGreaterThan(ticksWhenDescribed) // the timer fired while the generation ran
      if (nice.size > 0) {
        expect([...nice.values()]).toContain(19) // the generating worker
        expect(nice.get(process.pid)).toBeLessThan(19) // the event loop's thread
      }
    } finally {
      await server.close()
    }
  })
})
