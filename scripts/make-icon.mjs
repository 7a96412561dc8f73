// Draws the extension's icon (images/icon.png, 256x256) with no dependency beyond Node: shapes are
// signed distance functions, anti-aliased by 4x4 supersampling, written as an RGBA PNG.
// Rerun after changing the design: node scripts/make-icon.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const SAMPLES = 4;

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const NAVY_TOP = hex('#123554');
const NAVY_BOTTOM = hex('#0a1f33');
const BAR = hex('#dfe9f3');
const PIPE = hex('#4fc3f7');
const LENS = hex('#ffb02e');

function roundedBox(x, y, cx, cy, halfW, halfH, radius) {
  const qx = Math.abs(x - cx) - halfW + radius;
  const qy = Math.abs(y - cy) - halfH + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function segment(x, y, ax, ay, bx, by, halfWidth) {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - halfWidth;
}

// Layers from back to front: [inside(x, y) → boolean, colour(x, y) → rgb].
const layers = [
  [(x, y) => roundedBox(x, y, 128, 128, 120, 120, 44) < 0, (_x, y) => NAVY_TOP.map((c, i) => c + ((NAVY_BOTTOM[i] - c) * y) / SIZE)],
  // A search as three piped lines of text.
  [(x, y) => roundedBox(x, y, 104, 70, 64, 11, 11) < 0, () => BAR],
  [(x, y) => roundedBox(x, y, 50, 110, 10, 16, 4) < 0, () => PIPE],
  [(x, y) => roundedBox(x, y, 116, 110, 46, 11, 11) < 0, () => BAR],
  [(x, y) => roundedBox(x, y, 50, 150, 10, 16, 4) < 0, () => PIPE],
  [(x, y) => roundedBox(x, y, 96, 150, 26, 11, 11) < 0, () => BAR],
  // The magnifier that finds the match.
  [(x, y) => Math.abs(Math.hypot(x - 164, y - 160) - 38) - 11 < 0, () => LENS],
  [(x, y) => segment(x, y, 194, 190, 222, 218, 14) < 0, () => LENS],
];

function pixel(px, py) {
  let r = 0, g = 0, b = 0, a = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES, y = py + (sy + 0.5) / SAMPLES;
      let colour;
      for (const [inside, paint] of layers) if (inside(x, y)) colour = paint(x, y);
      if (colour) { r += colour[0]; g += colour[1]; b += colour[2]; a += 1; }
    }
  }
  // Colour is averaged over covered samples only, so edges fade in alpha, not towards black.
  return a === 0 ? [0, 0, 0, 0] : [r / a, g / a, b / a, (255 * a) / SAMPLES ** 2].map(Math.round);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let y = 0; y < SIZE; y++) {
  raw[y * (1 + SIZE * 4)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), y * (1 + SIZE * 4) + 1 + x * 4);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync('images', { recursive: true });
writeFileSync('images/icon.png', png);
console.log(`images/icon.png: ${png.length} bytes`);
