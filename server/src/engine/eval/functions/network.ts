// cidrmatch(): IPv4 and IPv6 addresses against a CIDR block. A value that is not an address of the
// block's family does not match.

function ipv4(text: string): bigint | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function ipv6(text: string): bigint | undefined {
  let address = text.trim();
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = ipv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) groups.push(parseInt(piece, 16));
      else return undefined;
    }
    return groups;
  };
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

export function cidrContains(cidr: string, address: string): boolean {
  const [base, bitsText] = cidr.trim().split('/');
  const v4 = ipv4(base);
  const family = v4 !== undefined ? 32 : 128;
  const network = v4 ?? ipv6(base);
  if (network === undefined) return false;
  const bits = bitsText === undefined ? family : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > family) return false;
  const value = family === 32 ? ipv4(address) : ipv6(address);
  if (value === undefined) return false;
  const shift = BigInt(family - bits);
  return value >> shift === network >> shift;
}
