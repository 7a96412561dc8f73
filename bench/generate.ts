// Deterministic bench logs: the corpus' XmlWinEventLog example events with varied hosts, users,
// processes and times, written as XmlWinEventLog (one event a line) and as JSON lines (the same
// events, flat fields). A controlled share of events are hits of the msiexec detection (msiexec.exe
// /y, Sysmon EventID 1); a larger share are near misses that pass its literal pre-filter (msiexec.exe
// /i ...). Files are cached outside git, keyed by generator version, seed, size and hit rate.
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeXml, loadTemplates, type Slot, type Template } from './templates';

/** Bump when the generated content changes, so cached files are not reused. */
const GENERATOR_VERSION = 3;

export interface GenerateOptions {
  seed: number;
  megabytes: number;
  /** Share of events that are msiexec /y hits. */
  hitRate: number;
  /** Share of events that are msiexec near misses (pass the literal filter, fail the search). */
  nearMissRate: number;
  dataSourcesDir: string;
  cacheDir?: string;
}

export interface GeneratedLogs {
  xml: string;
  jsonl: string;
  xmlBytes: number;
  jsonlBytes: number;
  events: number;
  /** msiexec /y events written (what the msiexec detection must find). */
  hits: number;
  nearMisses: number;
  templates: number;
  seed: number;
  megabytes: number;
  hitRate: number;
}

export function defaultCacheDir(): string {
  return process.env.SPL_BENCH_CACHE ?? join(tmpdir(), 'spl-detect-bench');
}

/** mulberry32: small, fast, and the same numbers on every machine. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Process {
  image: string;
  original: string;
  commandLine: (r: () => number, user: string) => string;
}

const hex = (r: () => number, digits: number) => Math.floor(r() * 16 ** digits).toString(16).padStart(digits, '0');

/** Ordinary activity: no msiexec, no `/y` or `-y` anywhere. */
const PROCESSES: Process[] = [
  { image: 'C:\\Windows\\System32\\svchost.exe', original: 'svchost.exe', commandLine: (r) => `C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s ${['Schedule', 'BITS', 'Winmgmt', 'gpsvc'][Math.floor(r() * 4)]}` },
  { image: 'C:\\Windows\\System32\\cmd.exe', original: 'Cmd.Exe', commandLine: (r) => `"C:\\Windows\\system32\\cmd.exe" /c "echo ${hex(r, 6)} & whoami"` },
  { image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', original: 'PowerShell.EXE', commandLine: (r) => `powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\scripts\\task${Math.floor(r() * 40)}.ps1` },
  { image: 'C:\\Windows\\System32\\rundll32.exe', original: 'RUNDLL32.EXE', commandLine: () => 'rundll32.exe C:\\Windows\\system32\\shell32.dll,Control_RunDLL' },
  { image: 'C:\\Windows\\System32\\conhost.exe', original: 'CONHOST.EXE', commandLine: () => '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1' },
  { image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', original: 'chrome.exe', commandLine: (r) => `"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --renderer-client-id=${Math.floor(r() * 900)}` },
  { image: 'C:\\Windows\\System32\\reg.exe', original: 'reg.exe', commandLine: (r) => `reg query HKLM\\Software\\Vendor${Math.floor(r() * 20)} /v Version` },
  { image: 'C:\\Windows\\System32\\net.exe', original: 'net.exe', commandLine: (r) => `net use \\\\fileserver${Math.floor(r() * 5)}\\share` },
  { image: 'C:\\Windows\\System32\\schtasks.exe', original: 'schtasks.exe', commandLine: (r) => `schtasks.exe /query /tn Task${Math.floor(r() * 30)}` },
  { image: 'C:\\Windows\\System32\\certutil.exe', original: 'CertUtil.exe', commandLine: () => 'certutil.exe -verifystore Root' },
  { image: 'C:\\Users\\Public\\tools\\updater.exe', original: 'updater.exe', commandLine: (r, user) => `C:\\Users\\Public\\tools\\updater.exe --check --user ${user} --build ${hex(r, 8)}` },
  { image: 'C:\\Windows\\explorer.exe', original: 'EXPLORER.EXE', commandLine: () => 'C:\\Windows\\Explorer.EXE' },
];

const PARENTS: Process[] = [PROCESSES[0], PROCESSES[1], PROCESSES[2], PROCESSES[11], { image: 'C:\\Windows\\System32\\services.exe', original: 'services.exe', commandLine: () => 'C:\\Windows\\system32\\services.exe' }];

const MSIEXEC_HIT: Process = {
  image: 'C:\\Windows\\System32\\msiexec.exe', original: 'msiexec.exe',
  commandLine: (r, user) => `msiexec.exe /y C:\\Users\\${user}\\AppData\\Local\\Temp\\${hex(r, 8)}.dll`,
};
const MSIEXEC_NEAR_MISS: Process = {
  image: 'C:\\Windows\\System32\\msiexec.exe', original: 'msiexec.exe',
  commandLine: (r) => `C:\\Windows\\system32\\msiexec.exe /i C:\\Packages\\app${Math.floor(r() * 50)}.msi /qn`,
};

const USERS = Array.from({ length: 40 }, (_, i) => `user${String(i).padStart(2, '0')}`).concat(['Administrator', 'SYSTEM']);
const HOSTS = Array.from({ length: 50 }, (_, i) => `win-host-${String(i).padStart(3, '0')}.corp.local`);
const START = Date.UTC(2024, 4, 1, 0, 0, 0);

interface EventValues {
  process: Process;
  parent: Process;
  user: string;
  time: number;
}

function slotValue(slot: Slot, v: EventValues, index: number, r: () => number): string {
  switch (slot.kind) {
    case 'time':
      return new Date(v.time).toISOString().replace(/Z$/, '000000Z');
    case 'record':
      return String(100000 + index);
    case 'computer':
      return HOSTS[index % HOSTS.length];
    case 'user':
      return slot.field === 'User' ? `CORP\\${v.user}` : v.user;
    case 'image':
      return v.process.image;
    case 'commandLine':
      return v.process.commandLine(r, v.user);
    case 'parentImage':
      return v.parent.image;
    case 'parentCommandLine':
      return v.parent.commandLine(r, v.user);
    case 'originalFileName':
      return v.process.original;
    case 'processId': {
      const id = 1000 + Math.floor(r() * 60000);
      return slot.hex ? `0x${id.toString(16)}` : String(id);
    }
    case 'ip':
      return `10.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
  }
}

/** One event in both forms. */
function render(template: Template, v: EventValues, index: number, r: () => number): { xml: string; json: string } {
  let xml = template.parts[0];
  const values = new Map<string, string>();
  template.slots.forEach((slot, i) => {
    const value = slotValue(slot, v, index, r);
    values.set(slot.field, value);
    xml += escapeXml(value) + template.parts[i + 1];
  });
  const object: Record<string, string> = { timestamp: new Date(v.time).toISOString() };
  for (const [name, value] of template.fields) object[name] = values.get(name) ?? value;
  return { xml: xml + '\n', json: JSON.stringify(object) + '\n' };
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function close(out: WriteStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

function cacheKey(o: GenerateOptions): string {
  return `v${GENERATOR_VERSION}-seed${o.seed}-${o.megabytes}mb-hit${o.hitRate}-near${o.nearMissRate}`;
}

/** The logs for these options: from the cache when present, else generated into it. */
export async function generateLogs(options: GenerateOptions): Promise<GeneratedLogs> {
  const dir = options.cacheDir ?? defaultCacheDir();
  mkdirSync(dir, { recursive: true });
  const key = cacheKey(options);
  const manifestPath = join(dir, `${key}.manifest.json`);
  if (existsSync(manifestPath)) {
    const cached = JSON.parse(readFileSync(manifestPath, 'utf8')) as GeneratedLogs;
    if (existsSync(cached.xml) && existsSync(cached.jsonl) && statSync(cached.xml).size === cached.xmlBytes) return cached;
  }
  const templates = loadTemplates(options.dataSourcesDir);
  const sysmonProcess = templates.find((t) => t.file === 'sysmon_eventid_1.yml');
  const securityProcess = templates.find((t) => t.file === 'windows_event_log_security_4688.yml');
  if (!sysmonProcess || !securityProcess) throw new Error(`no Sysmon 1 / Security 4688 example_log under ${options.dataSourcesDir}`);
  const others = templates.filter((t) => t !== sysmonProcess && t !== securityProcess);
  const r = prng(options.seed);
  const xmlPath = join(dir, `${key}.xml.log`);
  const jsonPath = join(dir, `${key}.jsonl`);
  const xmlOut = createWriteStream(`${xmlPath}.partial`);
  const jsonOut = createWriteStream(`${jsonPath}.partial`);
  const target = options.megabytes * 1024 * 1024;
  let xmlBytes = 0;
  let jsonlBytes = 0;
  let index = 0;
  let hits = 0;
  let nearMisses = 0;
  while (xmlBytes < target) {
    let xmlBatch = '';
    let jsonBatch = '';
    for (let k = 0; k < 500; k++, index++) {
      const pick = r();
      let template: Template;
      let process: Process;
      if (pick < options.hitRate) {
        [template, process] = [sysmonProcess, MSIEXEC_HIT];
        hits++;
      } else if (pick < options.hitRate + options.nearMissRate) {
        [template, process] = [r() < 0.7 ? sysmonProcess : securityProcess, MSIEXEC_NEAR_MISS];
        nearMisses++;
      } else {
        const which = r();
        template = which < 0.25 ? sysmonProcess : which < 0.35 ? securityProcess : others[Math.floor(r() * others.length)];
        process = PROCESSES[Math.floor(r() * PROCESSES.length)];
      }
      const values: EventValues = { process, parent: PARENTS[Math.floor(r() * PARENTS.length)], user: USERS[Math.floor(r() * USERS.length)], time: START + index * 250 + Math.floor(r() * 250) };
      const { xml, json } = render(template, values, index, r);
      xmlBatch += xml;
      jsonBatch += json;
    }
    xmlBytes += Buffer.byteLength(xmlBatch);
    jsonlBytes += Buffer.byteLength(jsonBatch);
    await Promise.all([write(xmlOut, xmlBatch), write(jsonOut, jsonBatch)]);
  }
  await Promise.all([close(xmlOut), close(jsonOut)]);
  renameSync(`${xmlPath}.partial`, xmlPath);
  renameSync(`${jsonPath}.partial`, jsonPath);
  const logs: GeneratedLogs = {
    xml: xmlPath, jsonl: jsonPath, xmlBytes, jsonlBytes, events: index, hits, nearMisses, templates: templates.length,
    seed: options.seed, megabytes: options.megabytes, hitRate: options.hitRate,
  };
  writeFileSync(manifestPath, JSON.stringify(logs, null, 2));
  return logs;
}
