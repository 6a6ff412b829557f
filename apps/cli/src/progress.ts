/**
 * A one-line progress bar on stderr, redrawn at most ten times a second. Silent when stderr is not a
 * terminal (CI logs, pipes) or when `--quiet` is given.
 */
export type Progress = {
  update(bytesRead: number, totalBytes: number): void;
  done(): void;
};

export function createProgress(options: { label: string; enabled: boolean; stream?: NodeJS.WriteStream }): Progress {
  const stream = options.stream ?? process.stderr;
  if (!options.enabled) return { update: () => undefined, done: () => undefined };
  const started = performance.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(bytesRead, totalBytes) {
      const now = performance.now();
      if (now - lastDraw < 100 && bytesRead < totalBytes) return;
      lastDraw = now;
      drawn = true;
      const fraction = totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 0;
      const width = 30;
      const filled = Math.round(fraction * width);
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? bytesRead / seconds : 0;
      const eta = rate > 0 ? (totalBytes - bytesRead) / rate : 0;
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const text = `${options.label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${formatBytes(bytesRead)}/${formatBytes(totalBytes)} ${formatBytes(rate)}/s ETA ${eta.toFixed(0)}s`;
      stream.write(`\r${text}\u001b[K`);
    },
    done() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value >= 100 || unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
