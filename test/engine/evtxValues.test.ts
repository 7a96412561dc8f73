// The parts of the format the six real files do not exercise, written into a real file's chunk
// (test/support/binxmlWriter.ts) and read back through the whole reader: every value type the format
// defines (MS-EVEN6 2.2.12) as Windows renders it, arrays repeating their element, optional
// substitutions whose value is NULL leaving out their element or attribute, entity and character
// references, CDATA and processing instructions, and the XML escaping that keeps the event parseable
// by the engine's extraction (winXml.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseEvtx } from '../../server/src/engine/readers/evtx/reader';
import type { EvtxItem } from '../../server/src/engine/readers/evtx/chunk';
import { extractWindowsXml } from '../../server/src/engine/readers/winXml';
import { evtxSample } from '../support/evtxSamples';
import { withRecords, type Node, type Value } from '../support/binxmlWriter';

const REAL = readFileSync(evtxSample('issue_38.evtx').path);

function le(bytes: number, write: (buffer: Buffer) => void): Buffer {
  const buffer = Buffer.alloc(bytes);
  write(buffer);
  return buffer;
}

const utf16 = (text: string): Buffer => Buffer.from(text, 'utf16le');

/** Renders `<Data>%0</Data>` with one value; the text between the tags. */
function rendered(value: Value): string {
  const [item] = read([{ template: { element: 'Data', children: [{ sub: 0 }] }, values: [value] }]);
  assert.equal(item.kind, 'event', item.kind === 'problem' ? item.reason : '');
  return item.kind === 'event' ? item.xml.replace(/^<Data>|<\/Data>$/g, '') : '';
}

function read(records: { template: Node; values: Value[] }[]): EvtxItem[] {
  return parseEvtx(withRecords(REAL, records)).items;
}

test('integers, reals and booleans: decimal, signed where the type is, 64-bit values exact', () => {
  assert.equal(rendered({ type: 0x03, bytes: Buffer.from([0x80]) }), '-128');
  assert.equal(rendered({ type: 0x04, bytes: Buffer.from([0xff]) }), '255');
  assert.equal(rendered({ type: 0x05, bytes: le(2, (b) => b.writeInt16LE(-2)) }), '-2');
  assert.equal(rendered({ type: 0x06, bytes: le(2, (b) => b.writeUInt16LE(65535)) }), '65535');
  assert.equal(rendered({ type: 0x07, bytes: le(4, (b) => b.writeInt32LE(-2147188641)) }), '-2147188641');
  assert.equal(rendered({ type: 0x08, bytes: le(4, (b) => b.writeUInt32LE(4294967295)) }), '4294967295');
  assert.equal(rendered({ type: 0x09, bytes: le(8, (b) => b.writeBigInt64LE(-9223372036854775808n)) }), '-9223372036854775808');
  assert.equal(rendered({ type: 0x09, bytes: le(8, (b) => b.writeBigInt64LE(-5n)) }), '-5');
  assert.equal(rendered({ type: 0x0a, bytes: le(8, (b) => b.writeBigUInt64LE(18446744073709551615n)) }), '18446744073709551615');
  assert.equal(rendered({ type: 0x0a, bytes: le(8, (b) => b.writeBigUInt64LE(9007199254740993n)) }), '9007199254740993');
  assert.equal(rendered({ type: 0x0b, bytes: le(4, (b) => b.writeFloatLE(0.5)) }), '0.5');
  assert.equal(rendered({ type: 0x0c, bytes: le(8, (b) => b.writeDoubleLE(-1.25e-7)) }), '-1.25e-7');
  assert.equal(rendered({ type: 0x0c, bytes: le(8, (b) => b.writeDoubleLE(Infinity)) }), '1.#INF');
  assert.equal(rendered({ type: 0x0d, bytes: le(4, (b) => b.writeUInt32LE(1)) }), 'true');
  assert.equal(rendered({ type: 0x0d, bytes: le(4, () => {}) }), 'false');
});

test('hex types, size_t and handles: 0x with lower-case digits, no padding, as Windows writes them', () => {
  assert.equal(rendered({ type: 0x14, bytes: le(4, (b) => b.writeUInt32LE(0xc000006d)) }), '0xc000006d');
  assert.equal(rendered({ type: 0x15, bytes: le(8, (b) => b.writeBigUInt64LE(0x3e7n)) }), '0x3e7');
  assert.equal(rendered({ type: 0x15, bytes: le(8, (b) => b.writeBigUInt64LE(0x8020000000000001n)) }), '0x8020000000000001');
  assert.equal(rendered({ type: 0x10, bytes: le(8, (b) => b.writeBigUInt64LE(0x7ff6a000n)) }), '0x7ff6a000');
  assert.equal(rendered({ type: 0x10, bytes: le(4, (b) => b.writeUInt32LE(16)) }), '0x10');
  assert.equal(rendered({ type: 0x20, bytes: le(8, (b) => b.writeBigUInt64LE(1234n)) }), '1234');
});

test('strings, binary, GUID, SID, FILETIME and SYSTEMTIME', () => {
  assert.equal(rendered({ type: 0x01, bytes: utf16('C:\\Windows\\cmd.exe\0') }), 'C:\\Windows\\cmd.exe', 'the stored terminator is not part of the string');
  assert.equal(rendered({ type: 0x02, bytes: Buffer.from([0x41, 0x80, 0xe9, 0x00]) }), 'A€é', 'ANSI strings in Windows-1252');
  assert.equal(rendered({ type: 0x0e, bytes: Buffer.from([0x00, 0xab, 0x10]) }), '00AB10');
  const guid = Buffer.from('9725f0058efe674e854269567ab8fd4f', 'hex');
  assert.equal(rendered({ type: 0x0f, bytes: guid }), '{05F02597-FE8E-4E67-8542-69567AB8FD4F}');
  const sid = Buffer.from([1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 0x71, 0x6d, 0xb1, 0xcf, 0x09, 0x53, 0x79, 0x93, 0x2b, 0x6b, 0x4c, 0xbb, 0xe9, 0x03, 0, 0]);
  assert.equal(rendered({ type: 0x13, bytes: sid }), 'S-1-5-21-3484511601-2474201865-3142347563-1001');
  const bigAuthority = Buffer.from([1, 1, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 7, 0, 0, 0]);
  assert.equal(rendered({ type: 0x13, bytes: bigAuthority }), 'S-1-0x123456789ABC-7', 'an authority past 32 bits in hex, as SDDL writes it');
  // 2016-07-08T18:12:51.6816408Z as 100 ns ticks since 1601.
  assert.equal(rendered({ type: 0x11, bytes: le(8, (b) => b.writeBigUInt64LE(131124751716816408n)) }), '2016-07-08T18:12:51.681640800Z');
  const systemTime = le(16, (b) => [2017, 4, 5, 21, 10, 41, 18, 7].forEach((v, i) => b.writeUInt16LE(v, i * 2)));
  assert.equal(rendered({ type: 0x12, bytes: systemTime }), '2017-04-21T10:41:18.007Z');
});

test('escaping: text keeps quotes and escapes & < >; attribute values escape quotes too; EvtXml is inserted as markup', () => {
  assert.equal(rendered({ type: 0x01, bytes: utf16(`cmd /c "a & b" > 'c' <d>`) }), `cmd /c "a &amp; b" &gt; 'c' &lt;d&gt;`);
  const [attribute] = read([{ template: { element: 'E', attributes: [['v', [{ sub: 0 }]]] }, values: [{ type: 0x01, bytes: utf16(`it's "x" & <y>`) }] }]);
  assert.equal(attribute.kind === 'event' && attribute.xml, `<E v='it&apos;s &quot;x&quot; &amp; &lt;y&gt;'/>`);
  assert.equal(rendered({ type: 0x23, bytes: utf16('<Inner a="1">x</Inner>') }), '<Inner a="1">x</Inner>');
  // The engine's extraction reads the escaped text back as it was logged.
  const [event] = read([
    {
      template: { element: 'Event', children: [{ element: 'EventData', children: [{ element: 'Data', attributes: [['Name', [{ text: 'CommandLine' }]]], children: [{ sub: 0 }] }] }] },
      values: [{ type: 0x01, bytes: utf16(`cmd /c "a & b" > 'c'`) }],
    },
  ]);
  assert.equal(event.kind === 'event' && extractWindowsXml(event.xml).get('CommandLine'), `cmd /c "a & b" > 'c'`);
});

test('an array value repeats the element around it once per item; an empty array gives the element once, empty', () => {
  const data: Node = { element: 'EventData', children: [{ element: 'Data', attributes: [['Name', [{ text: 'Group' }]]], children: [{ sub: 0 }] }] };
  const [strings] = read([{ template: data, values: [{ type: 0x81, bytes: utf16('Administrators\0Users\0') }] }]);
  assert.equal(strings.kind === 'event' && strings.xml, "<EventData><Data Name='Group'>Administrators</Data><Data Name='Group'>Users</Data></EventData>");
  const [numbers] = read([{ template: data, values: [{ type: 0x88, bytes: le(8, (b) => (b.writeUInt32LE(7), b.writeUInt32LE(9, 4))) }] }]);
  assert.equal(numbers.kind === 'event' && numbers.xml, "<EventData><Data Name='Group'>7</Data><Data Name='Group'>9</Data></EventData>");
  const [empty] = read([{ template: data, values: [{ type: 0x81, bytes: Buffer.alloc(0) }] }]);
  assert.equal(empty.kind === 'event' && empty.xml, "<EventData><Data Name='Group'></Data></EventData>");
  const attribute: Node = { element: 'List', children: [{ element: 'Item', attributes: [['Id', [{ sub: 0 }]]] }] };
  const [ids] = read([{ template: attribute, values: [{ type: 0x8f, bytes: Buffer.alloc(32, 0x11) }] }]);
  assert.equal(ids.kind === 'event' && ids.xml, "<List><Item Id='{11111111-1111-1111-1111-111111111111}'/><Item Id='{11111111-1111-1111-1111-111111111111}'/></List>");
  // Each fixed-size type splits by its width; SIDs one after another; ANSI strings at NUL.
  const sids = Buffer.concat([Buffer.from([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]), Buffer.from([1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0])]);
  const [sidItems] = read([{ template: data, values: [{ type: 0x93, bytes: sids }] }]);
  assert.match(sidItems.kind === 'event' ? sidItems.xml : '', /'Group'>S-1-5-18<\/Data><Data Name='Group'>S-1-5-32-544</);
  const [ansi] = read([{ template: data, values: [{ type: 0x82, bytes: Buffer.from('a\0b\0') }] }]);
  assert.match(ansi.kind === 'event' ? ansi.xml : '', /'Group'>a<\/Data><Data Name='Group'>b</);
});

test('an optional substitution whose value is NULL leaves out the element or attribute around it; a normal one leaves it empty', () => {
  const template: Node = {
    element: 'System',
    children: [
      { element: 'Correlation', attributes: [['ActivityID', [{ sub: 0, optional: true }]], ['RelatedActivityID', [{ sub: 1, optional: true }]]] },
      { element: 'Opt', children: [{ sub: 0, optional: true }] },
      { element: 'Normal', children: [{ sub: 0 }] },
      { element: 'Kept', children: [{ sub: 2, optional: true }] },
    ],
  };
  const [event] = read([{ template, values: [{ type: 0x00, bytes: Buffer.alloc(0) }, { type: 0x0f, bytes: Buffer.alloc(16) }, { type: 0x01, bytes: utf16('x') }] }]);
  assert.equal(event.kind === 'event' && event.xml, "<System><Correlation RelatedActivityID='{00000000-0000-0000-0000-000000000000}'/><Normal></Normal><Kept>x</Kept></System>");
});

test('entity and character references, CDATA and processing instructions are written as XML has them', () => {
  const template: Node = {
    element: 'Doc',
    children: [{ text: 'a' }, { entity: 'amp' }, { charRef: 174 }, { cdata: 'if (a < b) ]]> x' }, { pi: 'app', data: 'mode="x"' }, { element: 'E', attributes: [['v', [{ text: '1' }, { entity: 'lt' }, { text: '2' }]]] }],
  };
  const [event] = read([{ template, values: [] }]);
  assert.equal(event.kind === 'event' && event.xml, `<Doc>a&amp;&#174;<![CDATA[if (a < b) ]]]]><![CDATA[> x]]><?app mode="x"?><E v='1&lt;2'/></Doc>`);
});

test('an empty BinXml value renders nothing (classic events hold their EventData in a BinXml value: system.evtx)', () => {
  const [event] = read([{ template: { element: 'Event', children: [{ element: 'EventData', children: [{ sub: 0 }] }] }, values: [{ type: 0x21, bytes: Buffer.alloc(0) }] }]);
  assert.equal(event.kind === 'event' && event.xml, '<Event><EventData></EventData></Event>');
});

test('a value whose size does not fit its type costs its record, with the reason', () => {
  const items = read([
    { template: { element: 'Data', children: [{ sub: 0 }] }, values: [{ type: 0x07, bytes: Buffer.alloc(3) }] },
    { template: { element: 'Data', children: [{ sub: 0 }] }, values: [{ type: 0x13, bytes: Buffer.from([1, 9, 0, 0, 0, 0, 0, 5]) }] },
    { template: { element: 'Data', children: [{ sub: 1 }] }, values: [{ type: 0x07, bytes: Buffer.alloc(4) }] },
  ]);
  assert.deepEqual(items.map((item) => item.kind === 'problem' && [item.record, item.reason]), [
    [1, 'value of type 0x7 is 3 bytes instead of 4; record skipped'],
    [2, 'SID of 8 bytes is shorter than its 44-byte header says; record skipped'],
    [3, 'substitution of value 1, but the template instance has 1 values; record skipped'],
  ]);
});
