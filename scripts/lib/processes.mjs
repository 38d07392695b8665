// Small helpers the launch scripts share: child processes that stop together, and readiness polling.
import { spawn } from 'node:child_process';

const children = new Set();

/**
 * Starts a child in its own process group, so that Ctrl+C (which signals the terminal's whole
 * foreground group) reaches only this script, which then signals each child exactly once: a
 * child signalled by both would take the second signal for "exit now" and fail.
 */
export function run(name, command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
  children.add(child);
  const prefix = (line) => (line ? `[${name}] ${line}` : line);
  child.stdout.on('data', (chunk) => process.stdout.write(chunk.toString().split('\n').map(prefix).join('\n')));
  child.stderr.on('data', (chunk) => process.stderr.write(chunk.toString().split('\n').map(prefix).join('\n')));
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`[${name}] stopped (${signal ?? `exit ${code}`}); stopping everything.`);
      stopAll(code || 1);
    }
  });
  return child;
}

let stopping = false;
/** Stops every child with `signal` (the one this script got, so the console's log names Ctrl+C's SIGINT) and exits. */
export function stopAll(code = 0, signal = 'SIGTERM') {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
  // The console lets requests in flight finish for up to 10 s; past that, the exit handler
  // below kills what is left.
  setTimeout(() => process.exit(code), 12_000).unref();
  if (children.size === 0) process.exit(code);
  else Promise.all([...children].map((c) => new Promise((r) => c.once('exit', r)))).then(() => process.exit(code));
}

// `on`, not `once`: Ctrl+C under pnpm arrives twice (from the terminal and forwarded by pnpm), and
// a second signal without a handler would kill this script, which pnpm reports as a failure.
// Stopping on request is a success: exit 0 once the children have stopped.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(0, signal));
// Children in their own process groups outlive this script unless it takes them along.
process.on('exit', () => {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Env for a child that writes logs: its stdout is a pipe to this script, so tell it whether
 * ours is a terminal (readable, coloured lines) unless the user chose a LOG_FORMAT.
 */
export function logEnv(env) {
  if (!process.stdout.isTTY || env.LOG_FORMAT) return env;
  return { ...env, LOG_FORMAT: 'pretty', ...(env.NO_COLOR === undefined ? { FORCE_COLOR: env.FORCE_COLOR ?? '1' } : {}) };
}

export async function waitForHttp(url, { timeoutMs = 60_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** OUTBOUND_ALLOW_HOSTS with one more host:port, keeping what the user set. */
export function allowHost(existing, hostPort) {
  const entries = (existing ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!entries.includes(hostPort)) entries.push(hostPort);
  return entries.join(',');
}
