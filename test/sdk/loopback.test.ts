/** The SDK suite over real HTTP to `serve({ port: 0 })` on 127.0.0.1. */
import { loopback } from './harness.js'
import { sdkSuite } from './suite.js'

sdkSuite(loopback)
