/**
 * What every benchmark section shares: paired measurements on tinybench, rows, targets and the
 * table printer. A figure is never printed alone: each row carries the baseline it is judged
 * against, measured in the same run.
 *
 * Pairing: the subject and its baseline run in alternating rounds (baseline first on even rounds,
 * subject first on odd ones), and each one's samples from every round are pooled before the
 * median is taken. On a small, noisy machine a slow minute then hits both sides alike instead of
 * whichever happened to run during it. {@link measurePaired} goes further for a subject that
 * contains its baseline (ImportKeyMaterial contains an RSA decryption): both are timed in the
 * same iterations, back to back.
 */
import { Bench, type Fn, type FnReturnedObject } from 'tinybench'

/** One measured task. */
export interface Measured {
  readonly name: string
  /** Median latency, ms (or the figure, in `unit`). */
  readonly median: number
  /** Unit of `median` and `p75` (default ms). */
  readonly unit?: 'ms' | 'MB'
  /** 75th percentile, ms. */
  readonly p75: number
  readonly samples: number
  /**
   * For a subject measured in pairs: the median, over iterations, of subject ÷ baseline within the
   * same iteration. Both halves of a pair see the same machine, so a burst of load from elsewhere
   * cancels out of the ratio instead of landing on whichever side it happened to hit.
   */
  readonly pairedRatio?: number
}

/** A row of a section's table: a figure and its same-run baseline. */
export interface Row {
  readonly what: string
  readonly subject: Measured
  readonly baseline: Measured
  /** subject median ÷ baseline median. */
  readonly ratio: number
  readonly note?: string
}

/** A target, checked on the figures of this run. */
export interface Target {
  readonly name: string
  readonly pass: boolean
  readonly detail: string
}

/** What a section returns. */
export interface Section {
  readonly title: string
  readonly rows: readonly Row[]
  readonly targets: readonly Target[]
  /** Extra facts for results.json (sizes, pool statistics …). */
  readonly facts?: Readonly<Record<string, unknown>>
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Rounds of alternation (default 6). */
  readonly rounds?: number
  /** Time budget per task per round, ms (default 150). */
  readonly time?: number
  /** Minimum iterations per task per round (default 16). */
  readonly iterations?: number
  /** Warm-up time before the first round, ms per task (default 100). */
  readonly warmupTime?: number
  /** Warm-up iterations before the first round (default 8); no warm-up when both are 0. */
  readonly warmupIterations?: number
  /** Runs before each call of a task, outside its timing. */
  readonly beforeEach?: Readonly<Record<string, () => void | Promise<void>>>
}

const started = performance.now()

/**
 * A progress line on stderr (the tables go to stdout): seconds since the run began, and what is
 * being measured now. A full run takes minutes; each line says it is still moving.
 * @param text - what starts now
 * @returns nothing
 */
export const progress = (text: string): void => {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}\n`)
}

const median = (xs: readonly number[], q = 0.5): number => {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return Number.NaN
  const i = (s.length - 1) * q
  const lo = Math.floor(i)
  const hi = Math.ceil(i)
  return (s[lo] ?? Number.NaN) + ((s[hi] ?? Number.NaN) - (s[lo] ?? Number.NaN)) * (i - lo)
}

/**
 * Measures tasks in alternating rounds and pools their samples.
 * @param tasks - name → function (sync or async); all are measured under the same options
 * @param options - rounds, time, iterations, warm-up
 * @returns one {@link Measured} per task, in the order given
 */
export const measure = async (tasks: readonly (readonly [string, Fn])[], options: MeasureOptions = {}): Promise<readonly Measured[]> => {
  const rounds = options.rounds ?? 6
  const samples = new Map<string, number[]>(tasks.map(([name]) => [name, []]))
  for (let round = 0; round < rounds; round++) {
    const warm = round === 0 && ((options.warmupTime ?? 100) > 0 || (options.warmupIterations ?? 8) > 0)
    const bench = new Bench({
      time: options.time ?? 150,
      iterations: options.iterations ?? 16,
      warmup: warm,
      warmupTime: options.warmupTime ?? 100,
      warmupIterations: options.warmupIterations ?? 8,
      retainSamples: true,
      throws: true,
    })
    const order = round % 2 === 0 ? tasks : [...tasks].reverse()
    for (const [name, fn] of order) {
      const before = options.beforeEach?.[name]
      // Say whether it is async: otherwise tinybench calls a plain function once to find out.
      const async = fn.constructor.name === 'AsyncFunction'
      bench.add(name, fn, before === undefined ? { async } : { async, beforeEach: before })
    }
    await bench.run()
    for (const task of bench.tasks) {
      const r = task.result
      if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`)
      // no spread: a fast task yields more samples than a call's arguments may hold
      for (const x of r.latency.samples ?? []) samples.get(task.name)?.push(x)
    }
  }
  return tasks.map(([name]) => {
    const xs = samples.get(name) ?? []
    return { name, median: median(xs), p75: median(xs, 0.75), samples: xs.length }
  })
}

/** Calls of each side timed back to back in one iteration of {@link measurePaired}. */
const BLOCK = 4

/**
 * Measures a subject against a baseline it contains, in pairs: every tinybench iteration times a
 * block of {@link BLOCK} calls of each, back to back, first one then the other in alternate
 * iterations, and takes each block's per-call median. The subject's samples are the task's
 * (tinybench's task-supplied `overriddenDuration`); the baseline's are taken in the same
 * iterations with the same clock, and the ratio of the two in each iteration is kept. Each
 * baseline sample is then a millisecond or two away from a subject sample: a neighbour process
 * that steals the CPU or a frequency change hits both alike, and the median of the same-iteration
 * ratios lets it cancel out. Blocks rather than single calls, because alternating call by call
 * makes each side evict the other's caches, which doubles the apparent overhead. `time` is roughly
 * the wall-clock budget of the whole measurement (see the scaling below).
 * @param subject - name and function
 * @param baseline - name and function
 * @param options - time, iterations, warm-up (one round); `beforeEach[subject name]` runs before
 *   each pair, untimed (inside tinybench's iteration, outside both timings)
 * @returns the subject's and the baseline's figures
 */
export const measurePaired = async (
  subject: readonly [string, () => unknown],
  baseline: readonly [string, () => unknown],
  options: MeasureOptions = {},
): Promise<readonly [Measured, Measured]> => summarize(subject[0], baseline[0], [await pairedSamples(subject, baseline, options)])

/** The raw figures of one paired measurement: per-iteration subject and baseline, and their ratios. */
interface PairedSamples {
  readonly subject: readonly number[]
  readonly baseline: readonly number[]
  readonly ratios: readonly number[]
}

/** Pools the samples of one or more paired measurements of the same pair into its two figures. */
const summarize = (subjectName: string, baselineName: string, parts: readonly PairedSamples[]): readonly [Measured, Measured] => {
  const xs = parts.flatMap((p) => p.subject)
  const bs = parts.flatMap((p) => p.baseline)
  const ratios = parts.flatMap((p) => p.ratios)
  return [
    { name: subjectName, median: median(xs), p75: median(xs, 0.75), samples: xs.length, pairedRatio: median(ratios) },
    { name: baselineName, median: median(bs), p75: median(bs, 0.75), samples: bs.length },
  ]
}

/**
 * Several pairs measured in rounds: each round measures every pair for `time / rounds`, in turn
 * (the order reversed on odd rounds), and each pair's samples from every round are pooled. A slow
 * phase of the machine lasting a few seconds then lands on a slice of every pair instead of the
 * whole of one, and the median of same-iteration ratios sees it as the minority it is.
 * @param pairs - subject and baseline of each pair, and optionally its own time budget
 * @param options - as for {@link measurePaired}, plus `rounds` (default 4); `time` is each pair's
 *   total (rough) wall-clock budget, unless the pair gives its own
 * @returns each pair's two figures, in the order given
 */
export const measurePairedInRounds = async (
  pairs: readonly (readonly [readonly [string, () => unknown], readonly [string, () => unknown], number?])[],
  options: MeasureOptions = {},
): Promise<readonly (readonly [Measured, Measured])[]> => {
  const rounds = options.rounds ?? 4
  const parts = pairs.map((): PairedSamples[] => [])
  for (let round = 0; round < rounds; round++) {
    const order = pairs.map((_, i) => i)
    if (round % 2 === 1) order.reverse()
    for (const i of order) {
      const pair = pairs[i]
      if (pair === undefined) continue
      parts[i]?.push(await pairedSamples(pair[0], pair[1], {
        ...options,
        time: (pair[2] ?? options.time ?? 500) / rounds,
        iterations: Math.ceil((options.iterations ?? 64) / rounds),
        // tinybench's own warm-up only once per pair
        ...(round === 0 ? {} : { warmupTime: 0, warmupIterations: 0 }),
      }))
    }
  }
  return pairs.map(([subject, baseline], i) => summarize(subject[0], baseline[0], parts[i] ?? []))
}

const pairedSamples = async (
  subject: readonly [string, () => unknown],
  baseline: readonly [string, () => unknown],
  options: MeasureOptions,
): Promise<PairedSamples> => {
  const baselineSamples: number[] = []
  const ratios: number[] = []
  let phase: 'warmup' | 'run' = 'warmup'
  let n = 0
  const time = async (f: () => unknown): Promise<number> => {
    const t0 = performance.now()
    await f()
    return performance.now() - t0
  }
  const prepare = options.beforeEach?.[subject[0]]
  // tinybench spends its time budget in the durations the task reports: here one call of the
  // subject per iteration, while an iteration runs 2 × BLOCK calls (2 with `prepare`). Scaled, so
  // that `time` is roughly the wall-clock budget (exactly so when both sides cost the same; a
  // subject dearer than its baseline, or a `prepare`, makes the run longer).
  const callsPerIteration = prepare === undefined ? 2 * BLOCK : 2
  const bench = new Bench({
    time: (options.time ?? 500) / callsPerIteration,
    warmup: (options.warmupTime ?? 100) > 0 || (options.warmupIterations ?? 8) > 0,
    iterations: options.iterations ?? 64,
    warmupTime: options.warmupTime ?? 100,
    warmupIterations: options.warmupIterations ?? 8,
    retainSamples: true,
    throws: true,
  })
  // Each iteration times a short block of the baseline and a block of the subject, back to back
  // (order alternating), and reports their per-call medians: both see the same machine state,
  // and neither pays for the other evicting its caches call by call.
  const block = async (f: () => unknown): Promise<number> => {
    const xs: number[] = []
    for (let i = 0; i < BLOCK; i++) xs.push(await time(f))
    return median(xs)
  }
  bench.add(subject[0], async (): Promise<FnReturnedObject> => {
    let s: number
    let b: number
    if (prepare !== undefined) {
      await prepare()
      b = await time(baseline[1])
      s = await time(subject[1])
    } else if (n++ % 2 === 0) {
      b = await block(baseline[1])
      s = await block(subject[1])
    } else {
      s = await block(subject[1])
      b = await block(baseline[1])
    }
    if (phase === 'run') {
      baselineSamples.push(b)
      ratios.push(s / b)
    }
    return { overriddenDuration: s }
  }, { async: true, beforeAll: (mode) => { phase = mode === 'run' ? 'run' : 'warmup' } })
  await bench.run()
  const task = bench.tasks[0]
  const r = task?.result
  if (r === undefined || r.state !== 'completed') throw new Error(`${subject[0]}: ${r?.state ?? 'missing'}`)
  return { subject: [...(r.latency.samples ?? [])], baseline: baselineSamples, ratios }
}

/**
 * A row from a subject and its baseline.
 * @param what - what the row measures
 * @param subject - the figure
 * @param baseline - its baseline
 * @param note - optional remark
 * @returns the row
 */
export const row = (what: string, subject: Measured, baseline: Measured, note?: string): Row =>
  ({ what, subject, baseline, ratio: subject.median / baseline.median, ...(note === undefined ? {} : { note }) })

/**
 * Formats milliseconds for the tables: µs below 1 ms.
 * @param ms - milliseconds
 * @returns e.g. `41.2 µs`, `3.71 ms`, `1.12 s`
 */
export const fmt = (ms: number, unit: 'ms' | 'MB' = 'ms'): string =>
  unit === 'MB' ? `${ms.toFixed(1)} MB` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`

/**
 * A ratio for the tables: `1.084×`, `12.5×`, or `1/3218` when the subject costs a small fraction
 * of its baseline.
 * @param ratio - subject ÷ baseline
 * @returns the text
 */
export const ratioText = (ratio: number): string =>
  ratio < 0.1 ? `1/${(1 / ratio).toFixed(0)}` : ratio >= 100 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(ratio >= 10 ? 1 : 3)}×`

/**
 * Prints a section as a Markdown table (the README takes it as printed).
 * @param section - the section
 * @returns nothing
 */
export const printSection = (section: Section): void => {
  const lines = [
    `### ${section.title}`,
    '',
    '| measured | median | baseline (same run) | baseline median | ratio | samples |',
    '| --- | ---: | --- | ---: | ---: | ---: |',
    ...section.rows.map((r) =>
      `| ${r.what}${r.note === undefined ? '' : ` (${r.note})`} | ${fmt(r.subject.median, r.subject.unit)} | ${r.baseline.name} | ${fmt(r.baseline.median, r.baseline.unit)} | ${ratioText(r.ratio)} | ${r.subject.samples} / ${r.baseline.samples} |`),
    '',
  ]
  console.log(lines.join('\n'))
}

/**
 * A target line: `PASS name — detail` or `FAIL …`.
 * @param t - the target
 * @returns the line
 */
export const targetLine = (t: Target): string => `${t.pass ? 'PASS' : 'FAIL'}  ${t.name} — ${t.detail}`

/**
 * A figure from samples timed by hand (for measurements whose every iteration needs untimed
 * preparation of its own, e.g. a fresh parameter set per import).
 * @param name - the task
 * @param samples - times, ms
 * @param ratios - for a subject timed in pairs: subject ÷ baseline per iteration
 * @returns the figure
 */
export const measuredOf = (name: string, samples: readonly number[], ratios?: readonly number[]): Measured => ({
  name, median: median(samples), p75: median(samples, 0.75), samples: samples.length, ...(ratios === undefined ? {} : { pairedRatio: median(ratios) }),
})
