/**
 * The SDK warns once per process that its releases from January 2027 need Node >= 22. This
 * project supports Node >= 20.19 and its lock file pins an SDK release that runs there; the
 * warning says nothing about the code under test, so the SDK tests silence it (the SDK's own
 * switch). Import this module before constructing a `KMSClient`.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
