/**
 * What a child process writes on stdout, awaited by the tests that drive servers and helpers in
 * child processes (a URL printed at start, a line per command).
 */
import type { ChildProcess } from 'node:child_process'

/**
 * The first text matching `pattern` in what `child` writes on stdout from now on; rejected when
 * the child exits first (the message holds what it wrote meanwhile).
 * @param child - the child process, its stdout piped
 * @param pattern - what to wait for
 * @returns the matched text
 */
export const outputMatching = (child: ChildProcess, pattern: RegExp): Promise<string> => new Promise((resolve, reject) => {
  let text = ''
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8')
    const match = pattern.exec(text)
    if (match === null) return
    child.stdout?.off('data', onData)
    child.off('exit', onExit)
    resolve(match[0])
  }
  const onExit = (code: number | null): void => reject(new Error(`child exited (${String(code)}) before ${String(pattern)}: ${text}`))
  child.stdout?.on('data', onData)
  child.once('exit', onExit)
})

/**
 * The next line `child` writes on stdout, without its newline.
 * @param child - the child process, its stdout piped
 * @returns the line
 */
export const nextLine = async (child: ChildProcess): Promise<string> => (await outputMatching(child, /^[^\n]*\n/)).slice(0, -1)
