import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Password hashing (scrypt, OWASP cost) and real servers on loopback make some tests slow on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
