// Small helpers the launch scripts share: child processes that stop together, and readiness polling.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const STOP_WITH_LAUNCHER = fileURLToPath(new URL('./stop-with-launcher.mjs', import.meta.url));

const children = new Set();
/** Every child's process group, kept after the child exits: a wrapper (tsx) can exit before the program it started. */
const groups = new Set();

/**
 * Starts a child in its own process group, so that Ctrl+C (which signals the terminal's whole
 * foreground group) reaches only this script, which then signals each child exactly once: a
 * child signalled by both would take the second signal for "exit now" and fail.
 *
 * Its own group also means that nothing reaches it if this script is killed outright (kill -9,
 * an editor's Stop button), so it runs under stop-with-launcher.mjs, which stops it when this
 * script's end closes the pipe on its standard input.
 */
export function run(name, command, args, options = {}) {
  const child = spawn(process.execPath, [STOP_WITH_LAUNCHER, command, ...args], { ...options, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  children.add(child);
  groups.add(child.pid);
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
  // The console finishes requests in flight for up to 10 s and gives itself 10 s more to close
  // (server/src/index.ts); past that, the exit handler below kills what is left.
  setTimeout(() => process.exit(code), 21_000).unref();
  if (children.size === 0) process.exit(code);
  else Promise.all([...children].map((c) => new Promise((r) => c.once('exit', r)))).then(() => process.exit(code));
}

// `on`, not `once`: Ctrl+C under pnpm arrives twice (from the terminal and forwarded by pnpm), and
// a second signal without a handler would kill this script, which pnpm reports as a failure.
// Stopping on request is a success: exit 0 once the children have stopped.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(0, signal));
// Children in their own process groups outlive this script unless it takes them along: whatever
// is left in any of their groups (a child, or a program a wrapper child started) goes now.
process.on('exit', () => {
  for (const group of groups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // the group is empty: everyone in it has stopped
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
