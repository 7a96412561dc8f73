// The one look of a progress bar on a terminal, shared by every long command (download, test, hunt,
// evade): `[#######-------------]`, its width fixed so the figures after it do not move.

export const BAR_WIDTH = 20;

/** The bar for `fraction` (0..1) of the work done. */
export function progressBar(fraction: number, width = BAR_WIDTH): string {
  const filled = Math.max(0, Math.min(width, Math.floor(fraction * width)));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
