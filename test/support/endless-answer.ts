/**
 * An endpoint's handler that answers 200 with a body that never ends (64 KiB chunks, written as
 * fast as the client reads): what the conformance kit must give up on at its answer cap.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * Reads the request, then writes a body without end until the client goes away.
 * @param req - the request
 * @param res - its answer
 */
export const endlessAnswer = (req: IncomingMessage, res: ServerResponse): void => {
  req.resume()
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk));
    }
    res.on('drain', pump)
    pump()
  })
}
