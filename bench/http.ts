/**
 * `npm run bench:http`: the endpoint under load on loopback (autocannon), each figure beside a
 * baseline from the same run, then one PASS/FAIL line per target of docs/performance.md
 * ("The endpoint under load"). Servers are child processes on the compiled build; the load
 * generator runs here. Bounded in time: `BENCH_SECONDS` per measurement of the table (default 3);
 * the throughput targets are judged on paired rounds (`BENCH_ROUNDS`, default 5, of
 * `BENCH_ROUND_SECONDS`, default 2, each side); ≈6 minutes in all. Writes bench/http-results.json;
 * exits 1 when a target fails.
 *
 * `BENCH_ONLY=import npm run bench:http` runs only the import section (5: the main entry against
 * fp-ts + io-ts + immutable in 11 pairs of fresh processes, judged on the median of the pairs'
 * ratios, with the RSS after import), in seconds, and writes bench/http-results.partial.json instead. `BENCH_ONLY=generation`
 * runs only section 4 (DescribeKey idle, then during 8 RSA_4096 GetParametersForImport), in
 * 15–60 s, likewise; that section also prints the server's event-loop delay (p99 and max of
 * `monitorEventLoopDelay`) idle and during.
 *
 * Latencies (p50, p99) are computed from every response time autocannon's clients measured
 * (`process.hrtime`, fractions of a millisecond), not from autocannon's summary, whose
 * percentiles are whole milliseconds: at ≈1 ms a p99 ratio of those reads 1×, 2× or 3× by
 * rounding alone.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const root = fileURLToPath(new URL('..', import.meta.url))
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
/** Paired rounds of each throughput target, and the seconds of each side of a round. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 2)
/** Pairs of fresh processes of the import section. */
const IMPORT_PAIRS = 11
const scratch = mkdtempSync(join(tmpdir(), 'kki-bench-http-'))
const ONLY = process.env.BENCH_ONLY
if (ONLY !== undefined && ONLY !== 'import' && ONLY !== 'generation') {
  console.error(`BENCH_ONLY must be 'import' or 'generation' (or unset for every section): ${ONLY}`)
  process.exit(2)
}
/** Whether a section runs: every one by default, only the one named by BENCH_ONLY otherwise. */
const runs = (section: 'server' | 'generation' | 'import'): boolean => ONLY === undefined || ONLY === section

interface Child {
  readonly process: ChildProcess
  readonly url: string
  readonly port: number
  /** Lines the server printed after `ready`, each handed to the first waiter. */
  readonly lines: ((line: string) => void)[]
}

const start = (options: object): Promise<Child> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/http-server.ts'), JSON.stringify(options)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    const lines: ((line: string) => void)[] = []
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      let nl = out.indexOf('\n')
      while (nl >= 0) {
        const line = out.slice(0, nl)
        out = out.slice(nl + 1)
        const port = /^ready (\d+)/.exec(line)?.[1]
        if (port !== undefined) resolve({ process: child, url: `http://127.0.0.1:${port}`, port: Number(port), lines })
        else lines.shift()?.(line)
        nl = out.indexOf('\n')
      }
    })
    child.once('exit', (code) => reject(new Error(`bench server exited (${String(code)})`)))
  })
const stop = async (c: Child): Promise<void> => {
  if (c.process.exitCode !== null) return
  const exited = new Promise((r) => c.process.once('exit', r))
  c.process.kill('SIGTERM')
  await exited
}

/** CPU ticks (utime + stime, 1/100 s) of a process so far. */
const cpuTicks = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return Number(fields[11]) + Number(fields[12])
}
/**
 * Waits until a server is idle — under 5 % of a core over half a second — or 30 s have passed: a
 * server that has just created 100,000 keys still collects their garbage, and V8's concurrent
 * marking and sweeping threads take a core from the load generator meanwhile.
 */
const settle = async (c: Child): Promise<void> => {
  const pid = c.process.pid
  if (pid === undefined) return
  const until = performance.now() + 30_000
  let before = cpuTicks(pid)
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, 500))
    const now = cpuTicks(pid)
    if (now - before <= 2) return
    before = now
  }
}

/** The server's event-loop delay since the last reading (SIGUSR2: it prints `loop <p99 ms> <max ms>` and resets). */
const loopDelay = (c: Child): Promise<{ readonly p99: number; readonly max: number }> =>
  new Promise((resolve) => {
    c.lines.push((line) => {
      const [, p99, max] = line.split(' ')
      resolve({ p99: Number(p99), max: Number(max) })
    })
    c.process.kill('SIGUSR2')
  })

const headers = (op: string): Record<string, string> => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` })
const call = async (c: Child, op: string, body: object): Promise<Record<string, unknown>> => {
  const res = await fetch(c.url, { method: 'POST', headers: headers(op), body: JSON.stringify(body) })
  const json = (await res.json()) as Record<string, unknown>
  if (res.status !== 200) throw new Error(`${op}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

interface Row {
  readonly name: string
  readonly connections: number
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly non2xx: number
}
const rows: Row[] = []

/**
 * Every response time of an autocannon run, as its client measured it (`process.hrtime`, in ms
 * with fractions): autocannon's own percentiles are whole milliseconds, too coarse to compare
 * latencies of about a millisecond.
 */
const responseTimes = (instance: ReturnType<typeof autocannon>): (() => { readonly p50: number; readonly p99: number }) => {
  const times: number[] = []
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    times.push(ms)
  })
  return () => {
    const sorted = Float64Array.from(times).sort()
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
    return { p50: at(0.5), p99: at(0.99) }
  }
}

const printRow = (row: Row): void => console.log(`| ${row.name} | ${row.connections} | ${row.rps.toFixed(0)} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${row.non2xx} |`)

const load = async (name: string, c: Child, op: string, body: object, connections: number, duration = SECONDS): Promise<Row> => {
  const instance = autocannon({ url: c.url, connections, duration, method: 'POST', headers: headers(op), body: JSON.stringify(body) })
  const latency = responseTimes(instance)
  const r = await instance
  const row = { name, connections, rps: r.requests.average, ...latency(), non2xx: r.non2xx + r.errors }
  rows.push(row)
  printRow(row)
  return row
}

interface Target {
  readonly name: string
  readonly value: number
  readonly baseline: number
  readonly ratio: number
  readonly limit: string
  readonly pass: boolean
}
const targets: Target[] = []
/** The paired rounds of each throughput target: each round's ratio, subject and baseline (req/s). */
const rounds: { readonly name: string; readonly ratios: readonly number[]; readonly values: readonly number[]; readonly baselines: readonly number[] }[] = []
const target = (name: string, value: number, baseline: number, pass: (ratio: number) => boolean, limit: string): void => {
  const ratio = value / baseline
  targets.push({ name, value, baseline, ratio, limit, pass: pass(ratio) })
}

/**
 * A target judged on paired rounds: `subject` and `baseline` measured one after the other `rounds`
 * times, the order reversed every other round, each side once `servers` are idle; the target is
 * the median of the rounds' ratios (every ratio printed and kept in the results).
 */
const paired = async (
  name: string,
  options: { readonly rounds: number; readonly servers: readonly Child[]; readonly pass: (ratio: number) => boolean; readonly limit: string },
  subject: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<number> => {
  const side = async (measure: () => Promise<number>): Promise<number> => {
    for (const c of options.servers) await settle(c)
    return measure()
  }
  const values: number[] = []
  const bases: number[] = []
  const ratios: number[] = []
  for (let i = 0; i < options.rounds; i++) {
    let v: number
    let b: number
    if (i % 2 === 0) {
      v = await side(subject)
      b = await side(baseline)
    } else {
      b = await side(baseline)
      v = await side(subject)
    }
    values.push(v)
    bases.push(b)
    ratios.push(v / b)
  }
  const ratio = median(ratios)
  console.log(`- ${name}: ${ratios.map((r) => r.toFixed(2)).join(' ')} → median ${ratio.toFixed(2)}×`)
  rounds.push({ name, ratios, values, baselines: bases })
  targets.push({ name, value: median(values), baseline: median(bases), ratio, limit: options.limit, pass: options.pass(ratio) })
  return ratio
}

/** The request bodies of each operation, made against a fresh server. */
const bodiesFor = async (c: Child): Promise<Record<string, object>> => {
  const built: string = new URL('../dist/testing.js', import.meta.url).href
  const { wrapKeyMaterial } = (await import(built)) as typeof import('../src/testing.js')
  const sym = (await call(c, 'CreateKey', {})).KeyMetadata as { KeyId: string }
  const ext = (await call(c, 'CreateKey', { Origin: 'EXTERNAL' })).KeyMetadata as { KeyId: string }
  const p = await call(c, 'GetParametersForImport', { KeyId: ext.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
  const wrapped = Buffer.from(wrapKeyMaterial(new Uint8Array(Buffer.from(String(p.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', new Uint8Array(32).fill(7))).toString('base64')
  const importBody = { KeyId: ext.KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }
  await call(c, 'ImportKeyMaterial', importBody)
  return {
    DescribeKey: { KeyId: sym.KeyId },
    Encrypt: { KeyId: sym.KeyId, Plaintext: Buffer.from('bench').toString('base64') },
    CreateKey: {},
    ImportKeyMaterial: importBody,
  }
}

const spawnSyncText = (args: readonly string[]): string => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).stdout

/** An import's time (ms) and the RSS of its process after it (MiB); in `imports`, medians. */
interface Imported {
  readonly ms: number
  readonly rssMiB: number
}
let imports: { readonly entry: Imported, readonly base: Imported } | undefined
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN

const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024

const started = performance.now()
console.log(`kms-key-import bench:http — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${SECONDS} s per measurement\n`)
if (runs('server') || runs('generation')) console.log('| server / operation | connections | req/s | p50 ms | p99 ms | non-2xx |\n|---|---|---|---|---|---|')
try {
  if (runs('server')) {
    // 1. the HTTP stack's own limit
    const bare = await start({ bare: true })
    for (const n of [1, 8, 64]) await load('bare node:http (fixed JSON)', bare, 'DescribeKey', {}, n)
    await stop(bare)

    // 2. each operation, in memory and with --state
    for (const mode of ['memory', 'state'] as const) {
      const dir = mkdtempSync(join(scratch, 'state-'))
      const server = await start(mode === 'state' ? { stateFile: join(dir, 'kms.mdb') } : {})
      const bodies = await bodiesFor(server)
      for (const op of ['DescribeKey', 'Encrypt', 'CreateKey', 'ImportKeyMaterial']) {
        for (const n of [1, 8, 64]) await load(`${op}${mode === 'state' ? ' --state' : ''}`, server, op, bodies[op] ?? {}, n)
      }
      await stop(server)
    }

    // 2b. the throughput targets, in paired rounds (see `paired`) on servers started for them: the
    // table above measures each server once, minutes from its baseline, and on a shared 2-core
    // machine one such pair moves by ±20 %
    console.log(`\nThroughput targets, ${ROUNDS} paired rounds of ${ROUND_SECONDS} s each side (order reversed every other round):\n`)
    const rps = async (c: Child, op: string, body: object, n: number): Promise<number> => {
      const r = await autocannon({ url: c.url, connections: n, duration: ROUND_SECONDS, method: 'POST', headers: headers(op), body: JSON.stringify(body) })
      return r.requests.average
    }
    {
      const bareServer = await start({ bare: true })
      const memory = await start({})
      const dir = mkdtempSync(join(scratch, 'rounds-'))
      const state = await start({ stateFile: join(dir, 'kms.mdb') })
      const describe = (await bodiesFor(memory)).DescribeKey ?? {}
      await bodiesFor(state)
      for (const c of [bareServer, memory, state]) await settle(c)
      for (const n of [1, 8, 64]) {
        await paired(`DescribeKey req/s at ${n} connections vs the bare server`, { rounds: ROUNDS, servers: [memory, bareServer], pass: (r) => r >= 0.5, limit: '≥ 0.5×' }, () => rps(memory, 'DescribeKey', describe, n), () => rps(bareServer, 'DescribeKey', {}, n))
      }
      for (const n of [8, 64]) {
        await paired(`CreateKey req/s at ${n} connections with --state vs without`, { rounds: ROUNDS, servers: [state, memory], pass: (r) => r >= 0.5, limit: '≥ 0.5×' }, () => rps(state, 'CreateKey', {}, n), () => rps(memory, 'CreateKey', {}, n))
      }
      await Promise.all([stop(bareServer), stop(memory), stop(state)])
    }

    // 3. DescribeKey's p99 at 100,000 keys, with --state vs without, in paired rounds
    const preloaded = async (mode: 'memory' | 'state'): Promise<Child> => {
      const dir = mkdtempSync(join(scratch, 'big-'))
      const t = performance.now()
      const server = await start({ preload: 100_000, ...(mode === 'state' ? { stateFile: join(dir, 'kms.mdb') } : {}) })
      console.log(`| (100,000 keys created${mode === 'state' ? ' and committed' : ''} in ${((performance.now() - t) / 1000).toFixed(1)} s) | | | | | |`)
      return server
    }
    const bigMemory = await preloaded('memory')
    const bigState = await preloaded('state')
    const bigMemoryBody = (await bodiesFor(bigMemory)).DescribeKey ?? {}
    const bigStateBody = (await bodiesFor(bigState)).DescribeKey ?? {}
    const p99At100k = async (mode: 'memory' | 'state'): Promise<number> => {
      const row = await load(`DescribeKey at 100k keys${mode === 'state' ? ' --state' : ''}`, mode === 'state' ? bigState : bigMemory, 'DescribeKey', mode === 'state' ? bigStateBody : bigMemoryBody, 8, ROUND_SECONDS)
      return row.p99
    }
    await paired('DescribeKey p99 at 100k keys, 8 connections, with --state vs without', { rounds: ROUNDS, servers: [bigMemory, bigState], pass: (r) => r <= 1.2, limit: '≤ 1.2×' }, () => p99At100k('state'), () => p99At100k('memory'))
    await Promise.all([stop(bigMemory), stop(bigState)])
  }

  if (runs('generation')) {
    // 4. DescribeKey while 8 RSA_4096 wrapping key pairs are generated
    const rsa = await start({ profile: '2023-10-10', poolSize: 0 })
    const bodies = await bodiesFor(rsa)
    await loopDelay(rsa) // resets the server's event-loop histogram
    const idle = await load('DescribeKey idle (2023-10-10)', rsa, 'DescribeKey', bodies.DescribeKey ?? {}, 8)
    const idleLoop = await loopDelay(rsa)
    const ext = (await call(rsa, 'CreateKey', { Origin: 'EXTERNAL' })).KeyMetadata as { KeyId: string }
    const t0 = performance.now()
    const generations = Promise.all(Array.from({ length: 8 }, () => call(rsa, 'GetParametersForImport', { KeyId: ext.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' })))
    const during = autocannon({ url: rsa.url, connections: 8, duration: 120, method: 'POST', headers: headers('DescribeKey'), body: JSON.stringify(bodies.DescribeKey) })
    const duringLatency = responseTimes(during)
    await generations
    const genSeconds = (performance.now() - t0) / 1000
    during.stop()
    const d = await during
    const busyLoop = await loopDelay(rsa)
    const busy = { name: `DescribeKey during 8 RSA_4096 GetParametersForImport (${genSeconds.toFixed(1)} s)`, connections: 8, rps: d.requests.average, ...duringLatency(), non2xx: d.non2xx + d.errors }
    rows.push(busy)
    printRow(busy)
    console.log(`| (server event-loop delay: idle p99 ${idleLoop.p99.toFixed(2)} ms, max ${idleLoop.max.toFixed(2)} ms; during p99 ${busyLoop.p99.toFixed(2)} ms, max ${busyLoop.max.toFixed(2)} ms) | | | | | |`)
    await stop(rsa)
    target('DescribeKey p99 during 8 parallel RSA_4096 GetParametersForImport vs idle', busy.p99, idle.p99, (r) => r <= 3, '≤ 3×')
  }

  if (runs('import')) {
    // 5. importing the main entry vs fp-ts + io-ts + immutable alone: IMPORT_PAIRS pairs of fresh
    // processes, the two alternating (which goes first too), the target judged on the median of
    // the pairs' ratios; and each process's RSS once the import is done
    const importOnce = (code: string): Imported => {
      const out = spawnSyncText(['--input-type=module', '-e', `const t = performance.now(); ${code}; console.log(performance.now() - t, process.memoryUsage().rss)`])
      const [ms = NaN, bytes = NaN] = out.trim().split(' ').map(Number)
      return { ms, rssMiB: bytes / 2 ** 20 }
    }
    const entryCode = `await import(${JSON.stringify(join(root, 'dist/index.js'))})`
    const baseCode = "await import('fp-ts/lib/Either.js'); await import('io-ts'); await import('immutable')"
    const entries: Imported[] = []
    const bases: Imported[] = []
    const timed = (code: string, into: Imported[]) => (): Promise<number> => {
      const once = importOnce(code)
      into.push(once)
      return Promise.resolve(once.ms)
    }
    console.log('')
    await paired('import of the main entry vs fp-ts + io-ts + immutable', { rounds: IMPORT_PAIRS, servers: [], pass: (r) => r <= 1.5, limit: '≤ 1.5×' }, timed(entryCode, entries), timed(baseCode, bases))
    imports = {
      entry: { ms: median(entries.map((x) => x.ms)), rssMiB: median(entries.map((x) => x.rssMiB)) },
      base: { ms: median(bases.map((x) => x.ms)), rssMiB: median(bases.map((x) => x.rssMiB)) },
    }
    console.log(`import of the main entry: ${imports.entry.ms.toFixed(0)} ms, RSS ${imports.entry.rssMiB.toFixed(0)} MiB; fp-ts + io-ts + immutable alone: ${imports.base.ms.toFixed(0)} ms, RSS ${imports.base.rssMiB.toFixed(0)} MiB (medians of ${IMPORT_PAIRS} pairs of processes)`)
  }

  if (runs('server')) {
    // 6. RSS under 2,000 slow uploads (1 MiB announced, 64 KiB sent, then nothing)
    const slow = await start({})
    await call(slow, 'CreateKey', {})
    const rssIdle = rssOf(slow.process.pid ?? 0)
    const sockets: Socket[] = []
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    for (let i = 0; i < 2000; i++) {
      const s = connect(slow.port, '127.0.0.1')
      s.on('error', () => undefined)
      s.write(`POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.CreateKey\r\nContent-Length: ${1024 * 1024}\r\n\r\n`)
      s.write(chunk)
      sockets.push(s)
    }
    await new Promise((r) => setTimeout(r, 3000))
    const rssSlow = rssOf(slow.process.pid ?? 0)
    for (const s of sockets) s.destroy()
    await stop(slow)
    console.log(`server RSS: ${(rssIdle / 2 ** 20).toFixed(0)} MiB idle, ${(rssSlow / 2 ** 20).toFixed(0)} MiB under 2,000 slow 1 MiB uploads`)
    targets.push({ name: 'server RSS under 2,000 slow uploads (MiB) vs 300 MiB', value: rssSlow / 2 ** 20, baseline: 300, ratio: rssSlow / 2 ** 20 / 300, limit: '< 300 MiB', pass: rssSlow < 300 * 2 ** 20 })
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

console.log('\n## Targets\n')
for (const t of targets) console.log(`${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.value.toFixed(1)} vs ${t.baseline.toFixed(1)} = ${t.ratio.toFixed(2)}× (${t.limit})`)
const seconds = (performance.now() - started) / 1000
console.log(`\n${targets.filter((t) => t.pass).length}/${targets.length} targets pass, ${seconds.toFixed(0)} s`)
writeFileSync(join(root, ONLY === undefined ? 'bench/http-results.json' : 'bench/http-results.partial.json'), `${JSON.stringify({ node: process.version, cpus: cpus().length, seconds: SECONDS, roundSeconds: ROUND_SECONDS, rows, rounds, imports, targets }, null, 2)}\n`)
process.exitCode = targets.every((t) => t.pass) ? 0 : 1

