// Small helpers the launch scripts share: child processes that stop together, and readiness polling.
import { spawn } from 'node:child_process';

const children = new Set();

export function run(name, command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
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
export function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
  if (children.size === 0) process.exit(code);
  else Promise.all([...children].map((c) => new Promise((r) => c.once('exit', r)))).then(() => process.exit(code));
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

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
