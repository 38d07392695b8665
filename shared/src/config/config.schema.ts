import { z } from 'zod';

/** The server's settings that the console needs before it acts (GET /api/config). */
export const ConsoleConfigSchema = z.object({
  /**
   * The largest Swagger or OpenAPI file the server accepts, in bytes (SWAGGER_MAX_BYTES,
   * 25,000,000 unless set). The wizard checks a chosen file against it before reading it.
   */
  swaggerMaxBytes: z.number().int().positive().describe('The largest Swagger or OpenAPI file accepted, in bytes'),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;
