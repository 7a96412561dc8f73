// A text in UTF-16 as Windows writes it: little-endian with a byte-order mark (PowerShell's Out-File),
// big-endian with one, or little-endian without.
export type Utf16Variant = 'LE with BOM' | 'BE with BOM' | 'LE without BOM';
export const UTF16_VARIANTS: Utf16Variant[] = ['LE with BOM', 'BE with BOM', 'LE without BOM'];

export function utf16(text: string, variant: Utf16Variant): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (variant === 'LE without BOM') return le;
  if (variant === 'LE with BOM') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
}
