import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ConsoleProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port>, read from the console's "ready" log line. */
  url: string;
  /** Resolves when the process has exited, however. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
}

/**
 * The console as an operator runs it: its own process, through tsx (so it needs no build), on a
 * free loopback port, with only the variables given. Resolves once it is ready; gives up after
 * `readyTimeoutMs`, killing the process.
 */
export function startConsoleProcess(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<ConsoleProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(serverDir, 'src/index.ts')], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the console was not ready within ${readyTimeoutMs / 1000} s:\n${output}`));
    }, readyTimeoutMs);
    let ready = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready) return;
      const line = /"url":"http:\/\/(?:localhost|127\.0\.0\.1):(\d+)"[^\n]*Keyway console is ready/.exec(output);
      if (line) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${line[1]}`, exited, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the console exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
}
