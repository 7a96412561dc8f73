// A Git LFS pointer is what a checkout of splunk/attack_data holds when it was cloned without Git LFS,
// and what github.com's raw URLs serve for LFS files: a few lines naming the real object. Read as a
// log it gives no event and every test "fails" for the wrong reason, so it is recognised and explained.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** A pointer file is small (the spec caps it at 1024 bytes) and starts with this line. */
const POINTER_MAX_BYTES = 1024;
const POINTER_START = 'version https://git-lfs.github.com/spec/';

export interface LfsPointer {
  oid: string;
  size: number;
}

export function parseLfsPointer(text: string): LfsPointer | undefined {
  if (!text.startsWith(POINTER_START)) return undefined;
  const oid = /^oid (\S+)$/m.exec(text)?.[1];
  const size = /^size (\d+)$/m.exec(text)?.[1];
  return { oid: oid ?? 'unknown', size: size ? Number(size) : NaN };
}

/** The pointer the file holds, undefined when it is a real file (or cannot be read: the reader says why). */
export function lfsPointerIn(path: string): LfsPointer | undefined {
  let fd: number | undefined;
  try {
    const stats = statSync(path);
    if (!stats.isFile() || stats.size > POINTER_MAX_BYTES) return undefined;
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(stats.size);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return parseLfsPointer(buffer.subarray(0, read).toString('utf8'));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What the pointer means, for a message about `where` ("the checkout's file x", "the download of URL"). */
export function explainLfsPointer(pointer: LfsPointer, where: string): string {
  const size = Number.isFinite(pointer.size) ? `${pointer.size} bytes` : 'unknown size';
  return `${where} is a Git LFS pointer (object ${pointer.oid}, ${size}), not the data itself: a checkout made without Git LFS holds these (run \`git lfs pull\` in it), and github.com's raw URLs serve them (use the media.githubusercontent.com URL)`;
}
