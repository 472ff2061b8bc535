/** The part of autocannon's API that bench/http.ts uses (the package ships no types). */
declare module 'autocannon' {
  interface Options {
    readonly url: string
    readonly connections?: number
    readonly duration?: number
    readonly method?: string
    readonly headers?: Readonly<Record<string, string>>
    readonly body?: string
    readonly pipelining?: number
  }
  interface Histogram {
    readonly average: number
    readonly p50: number
    readonly p99: number
    readonly max: number
  }
  interface Result {
    readonly requests: Histogram
    readonly latency: Histogram
    readonly non2xx: number
    readonly errors: number
    readonly timeouts: number
    readonly duration: number
  }
  interface Instance extends PromiseLike<Result> {
    stop(): void
    /** Every response, with the time its client measured (ms, with fractions). */
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this
  }
  function autocannon(options: Options): Instance & Promise<Result>
  export default autocannon
}
