// Runs one of the launch scripts' programs (the console, the sandbox, Vite) and stops it when the
// launcher is gone. The launcher starts each program in a process group of its own (see run() in
// processes.mjs), so a kill -9 of the launcher, or an editor's Stop button, reaches none of them.
// It holds this process's standard input open and never writes to it: the end of that pipe means
// the launcher has exited, however it went, and the program gets SIGTERM, its graceful stop.
// Signals from the launcher are passed on once each.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
const program = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });

const pass = (signal) => {
  if (program.exitCode === null && program.signalCode === null) program.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => pass(signal));
process.stdin.on('close', () => pass('SIGTERM'));
process.stdin.resume();

program.on('error', (error) => {
  console.error(`${command} could not start: ${error.message}`);
  process.exit(1);
});
program.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
