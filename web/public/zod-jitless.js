// Zod compiles object parsers with `new Function`, and probes whether it may whenever a schema is
// made. The console's Content-Security-Policy forbids eval, so that probe is reported as a violation.
// This classic script runs before every module script, so zod is jitless whichever chunk makes the
// first schema (zod reads this global object as its configuration).
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
