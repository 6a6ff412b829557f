/**
 * Runs a command as a child process and measures its wall time and peak resident memory. Peak RSS comes
 * from GNU time's %M (the kernel's maximum RSS of the child), so every tool is measured the same way,
 * native code and worker threads included.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const gnuTime = '/usr/bin/time';
const marker = 'measure-process:';

export function hasGnuTime() {
  return spawnSync(gnuTime, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;
}

/**
 * Resolves to { code, seconds, cpuSeconds (user + system), otherCpuSeconds, peakRssMegabytes, stdout, stderr };
 * never rejects on a non-zero exit. otherCpuSeconds is what the rest of the machine used meanwhile: on a
 * shared machine it tells whether a timing was disturbed.
 */
export function measureProcess(command, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const busyBefore = busyCpuSeconds();
    const child = spawn(gnuTime, ['-f', `${marker} %e %U %S %M`, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const busy = busyCpuSeconds() - busyBefore;
      const errorText = Buffer.concat(stderr).toString('utf8');
      const line = errorText.split('\n').findLast((text) => text.startsWith(marker));
      const [, , user, system, kilobytes] = line === undefined ? [] : line.trim().split(/\s+/).map(Number);
      resolve({
        code,
        seconds,
        cpuSeconds: user + system,
        otherCpuSeconds: Math.max(0, busy - (user + system)),
        peakRssMegabytes: (kilobytes * 1024) / 1e6,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: errorText.split('\n').filter((text) => !text.startsWith(marker)).join('\n').trim(),
      });
    });
  });
}

/** CPU seconds all processors have spent busy since boot, from /proc/stat (NaN where there is none). */
function busyCpuSeconds() {
  try {
    const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).map(Number);
    // /proc/stat counts in USER_HZ, 100 a second on Linux.
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return Number.NaN;
  }
}
