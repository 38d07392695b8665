import { z } from 'zod';

// Zod compiles object parsers with `new Function` when it may, and probes for that when a schema is
// made. The console's Content-Security-Policy forbids eval, so the probe only fails and is reported as
// a violation; jitless skips it. Imported before anything that makes a schema (see main.tsx).
z.config({ jitless: true });
