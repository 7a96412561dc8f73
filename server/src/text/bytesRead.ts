// How far into a file long work is, as the CLI's progress and the editor's notification say it:
// "3.2 of 100 MB", or in KB when the whole is under a megabyte (a sample log read as "0.0 of 0.0 MB").

const KB = 1024;
const MB = 1024 * 1024;

/** `done` of `total` bytes (total 0: unknown, only `done`), in the unit the larger of them reads best in. */
export function bytesReadText(done: number, total: number): string {
  const whole = Math.max(done, total);
  if (whole < MB) return `${Math.ceil(done / KB)}${total > 0 ? ` of ${Math.ceil(total / KB)}` : ''} KB`;
  return `${megabytes(done)}${total > 0 ? ` of ${megabytes(total)}` : ''} MB`;
}

function megabytes(bytes: number): string {
  return (bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0);
}
