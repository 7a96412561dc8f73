// Measures reader throughput on a generated XmlWinEventLog file (not a test: numbers vary by
// machine). Run: node --import tsx scripts/bench-readers.mjs [megabytes=200]
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLog } from '../server/src/engine/readers/readLog.ts';
import { requireLiterals } from '../server/src/engine/readers/filters.ts';
import { LineSplitter } from '../server/src/engine/readers/lineSplitter.ts';
import { CimEngine } from '../server/src/engine/cim/datamodel.ts';

const megabytes = Number(process.argv[2] ?? 200);
const IMAGES = ['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\msiexec.exe', 'C:\\Program Files\\App\\app.exe', 'C:\\Windows\\System32\\svchost.exe'];

function line(i) {
  const id = i % 5 === 0 ? 3 : i % 7 === 0 ? 11 : 1;
  const image = IMAGES[i % IMAGES.length];
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>${id}</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2024-05-02T10:15:${String(i % 60).padStart(2, '0')}.100000000Z'/><EventRecordID>${i}</EventRecordID><Correlation/><Execution ProcessID='2912' ThreadID='3424'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>host-${i % 50}.attackrange.local</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='RuleName'>-</Data><Data Name='UtcTime'>2024-05-02 10:15:01.100</Data><Data Name='ProcessGuid'>{96128EA2-F212-5F7E-E400-${String(i).padStart(12, '0')}}</Data><Data Name='ProcessId'>${i}</Data><Data Name='Image'>${image}</Data><Data Name='FileVersion'>10.0.14393.0 (rs1_release.160715-1616)</Data><Data Name='Description'>Windows Command Processor</Data><Data Name='Product'>Microsoft® Windows® Operating System</Data><Data Name='Company'>Microsoft Corporation</Data><Data Name='OriginalFileName'>Cmd.Exe</Data><Data Name='CommandLine'>"${image}" /c "echo ${i} &amp; whoami"${i % 1000 === 1 ? ' /y evil.dll' : ''}</Data><Data Name='CurrentDirectory'>C:\\Users\\bob\\</Data><Data Name='User'>ATTACKRANGE\\bob</Data><Data Name='LogonGuid'>{96128EA2-F210-5F7E-ACD4-080000000000}</Data><Data Name='LogonId'>0x8d4ac</Data><Data Name='TerminalSessionId'>1</Data><Data Name='IntegrityLevel'>High</Data><Data Name='Hashes'>MD5=F4F684066175B77E0C3A000549D2922C,SHA256=935C1861DF1F4018D698E8B65ABFA02D7E9037D8F68CA3C2065B6CA165D44AD2</Data><Data Name='ParentProcessGuid'>{96128EA2-F211-5F7E-DF00-000000007F01}</Data><Data Name='ParentProcessId'>4624</Data><Data Name='ParentImage'>C:\\Windows\\explorer.exe</Data><Data Name='ParentCommandLine'>C:\\Windows\\Explorer.EXE</Data></EventData></Event>\n`;
}

async function generate(path, bytes) {
  const out = createWriteStream(path);
  let written = 0;
  for (let i = 0; written < bytes; ) {
    let batch = '';
    for (let k = 0; k < 1000; k++) batch += line(i++);
    written += Buffer.byteLength(batch);
    if (!out.write(batch)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function measure(label, size, run) {
  const start = process.hrtime.bigint();
  const count = await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label.padEnd(44)} ${(size / 1048576 / seconds).toFixed(0).padStart(5)} MB/s  ${count} events  ${seconds.toFixed(2)} s`);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-readers-'));
try {
  const path = join(dir, 'sysmon.log');
  await generate(path, megabytes * 1048576);
  const size = statSync(path).size;
  console.log(`file: ${(size / 1048576).toFixed(0)} MB of XmlWinEventLog (Sysmon), node ${process.version}`);
  await measure('read bytes only (fs stream)', size, async () => {
    let n = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) n += chunk.length > 0 ? 1 : 0;
    return 0;
  });
  await measure('split into lines (decode UTF-8)', size, async () => {
    let n = 0;
    const splitter = new LineSplitter(() => n++, 1 << 26, () => {});
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) splitter.push(chunk);
    splitter.end();
    return n;
  });
  await measure('split into events (+ _time), fields untouched', size, async () => {
    let n = 0;
    for await (const event of readLog(path)) if (event.time > 0) n++;
    return n;
  });
  await measure('split + extract every field', size, async () => {
    let n = 0;
    for await (const event of readLog(path)) n += event.fields.size > 0 ? 1 : 0;
    return n;
  });
  await measure('split + literal pre-filter + extract', size, async () => {
    let n = 0;
    for await (const event of readLog(path, { lineFilter: requireLiterals(['msiexec.exe', '/y']) })) n += event.fields.size > 0 ? 1 : 0;
    return n;
  });
  const cim = new CimEngine();
  const processes = cim.view('Endpoint.Processes');
  await measure('split + Endpoint.Processes (bind, 3 fields)', size, async () => {
    let n = 0;
    for await (const event of readLog(path, { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog' })) {
      const record = processes.bind(event);
      if (record && record.get('Processes.process_name') && record.get('Processes.process') && record.get('Processes.dest')) n++;
    }
    return n;
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
