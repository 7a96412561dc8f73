/**
 * Which switch prefixes a program accepts, as measured, with the source of each row. A program that
 * is not here is "unverified": rules then say so instead of claiming a bypass. Sources:
 * - Beukema, "Windows Command-Line Obfuscation" (2021) and its scans (github.com/wietze/
 *   windows-command-line-obfuscation, sample_results/<program>.log: every code point tried in the
 *   place of the prefix, "Different dash/hyphens" / "Option Char Substitution");
 * - ArgFuscator (github.com/wietze/ArgFuscator.net, models/windows/<program>.json,
 *   `OptionCharSubstitution.OutputOptionChars`; no such entry: no other prefix works);
 * - the PowerShell Language Specification 3.0, §2.2 (lexical grammar): `dash` is U+002D, U+2013,
 *   U+2014 or U+2015, so every parameter written in PowerShell code takes those four;
 * - Microsoft Learn, "cmd": cmd.exe's own options are `/c`, `/k`, `/q`... only;
 * - the PuTTY User Manual, chapter 7 (Plink): options are `-` options, as in every PuTTY tool;
 * - Python's argparse (docs.python.org, `prefix_chars` defaults to `-`): Python tools such as impacket's.
 * Only the five prefixes of switches.ts are recorded (certutil and regsvr32 take more, e.g. U+2212).
 */
import type { SwitchPrefix } from './switches';

const WINDASH: readonly SwitchPrefix[] = ['/', '-', '\u2013', '\u2014', '\u2015'];
const ASCII: readonly SwitchPrefix[] = ['/', '-'];
const SLASH: readonly SwitchPrefix[] = ['/'];
const HYPHEN: readonly SwitchPrefix[] = ['-'];
const POWERSHELL_DASHES: readonly SwitchPrefix[] = ['-', '\u2013', '\u2014', '\u2015'];

/** powershell.exe / pwsh command-line parameters (`powershell -?`); any unambiguous prefix works. */
const POWERSHELL_CLI_PARAMETERS = [
  'psconsolefile', 'version', 'nologo', 'noexit', 'sta', 'mta', 'noprofile', 'noninteractive', 'inputformat', 'outputformat',
  'windowstyle', 'encodedcommand', 'configurationname', 'file', 'executionpolicy', 'command', 'help', 'encodedarguments',
  'workingdirectory', 'settingsfile', 'login', 'commandwithargs', 'custompipename', 'interactive',
];
/** Documented short names that are no prefix of their parameter. */
const POWERSHELL_CLI_ALIASES = new Set(['ec', 'ep', 'ea', 'wd', 'cwa', 'nop', 'noni', 'nol', 'nox', 'nopr']);

function isPowerShellCliSwitch(body: string): boolean {
  const name = body.toLowerCase();
  return POWERSHELL_CLI_ALIASES.has(name) || POWERSHELL_CLI_PARAMETERS.some((parameter) => parameter.startsWith(name));
}

interface ProgramSwitches {
  /** Program names as programName() gives them: lower case, no folder, no `.exe`. */
  programs: readonly string[];
  prefixes: readonly SwitchPrefix[];
  /** The switches the row is about, when not all of the program's. */
  applies?: (body: string) => boolean;
  source: string;
}

const TABLE: readonly ProgramSwitches[] = [
  {
    programs: ['powershell', 'pwsh'],
    prefixes: WINDASH,
    applies: isPowerShellCliSwitch,
    source: 'ArgFuscator powershell.json; Beukema\'s scan of `powershell /encodedcommand`',
  },
  {
    programs: ['powershell', 'pwsh', 'powershell_ise', 'sqlps', 'sqltoolsps', 'powershell*', 'pwsh*'],
    prefixes: POWERSHELL_DASHES,
    applies: (body) => !isPowerShellCliSwitch(body),
    source: 'PowerShell Language Specification 3.0 §2.2: a parameter of PowerShell code starts with a `dash` (- – — ―), never `/`',
  },
  { programs: ['regsvr32'], prefixes: WINDASH, source: 'Beukema\'s scan of `regsvr32 /s /u /i:`' },
  { programs: ['certutil'], prefixes: ['/', '-', '\u2013', '\u2014'], source: 'ArgFuscator certutil.json; Beukema\'s scan of `certutil /split`' },
  { programs: ['msiexec'], prefixes: ASCII, source: 'ArgFuscator msiexec.json; Beukema\'s scan of `msiexec /y` (every code point: only `-`)' },
  { programs: ['schtasks'], prefixes: ASCII, source: 'ArgFuscator schtasks.json; Beukema\'s scan of `schtasks /showsid`' },
  { programs: ['cmdkey'], prefixes: ASCII, source: 'Beukema\'s scan of `cmdkey /list` (every code point: only `-`)' },
  { programs: ['wmic'], prefixes: ASCII, source: 'ArgFuscator wmic.json' },
  { programs: ['bcdedit'], prefixes: ASCII, source: 'ArgFuscator bcdedit.json' },
  { programs: ['dism'], prefixes: ASCII, source: 'ArgFuscator dism.json' },
  { programs: ['ping'], prefixes: ASCII, source: 'ArgFuscator ping.json' },
  { programs: ['w32tm'], prefixes: ASCII, source: 'ArgFuscator w32tm.json' },
  { programs: ['whoami'], prefixes: ASCII, source: 'ArgFuscator whoami.json' },
  { programs: ['takeown'], prefixes: ASCII, source: 'ArgFuscator takeown.json' },
  { programs: ['arp', 'netstat'], prefixes: ['/', '-', '\u2015'], source: 'ArgFuscator arp.json, netstat.json (also U+2010, U+2012, U+2212, U+FF0D; not U+2013, U+2014)' },
  { programs: ['icacls'], prefixes: SLASH, source: 'ArgFuscator icacls.json (no other option character)' },
  { programs: ['cipher'], prefixes: SLASH, source: 'ArgFuscator cipher.json (no other option character)' },
  { programs: ['net', 'net1'], prefixes: SLASH, source: 'Beukema\'s scan of `net share /remark:` (every code point: none); ArgFuscator net.json' },
  { programs: ['nltest'], prefixes: SLASH, source: 'ArgFuscator nltest.json (`/` and the fraction slashes U+2044, U+2215; no dash)' },
  { programs: ['cmd'], prefixes: SLASH, source: 'Microsoft Learn, "cmd": its options are `/c`, `/k`, `/s`, `/q`...' },
  { programs: ['curl'], prefixes: HYPHEN, source: 'ArgFuscator curl.json (curl 8 on Windows 11: no other option character)' },
  { programs: ['nslookup'], prefixes: HYPHEN, source: 'ArgFuscator nslookup.json (no other option character)' },
  { programs: ['plink', 'plink64', 'pvhost'], prefixes: HYPHEN, source: 'PuTTY User Manual, chapter 7: Plink (also shipped as pvhost.exe) takes `-` options' },
  {
    programs: ['python', 'python*', 'python3', 'python3*', 'py', 'pythonw'],
    prefixes: HYPHEN,
    source: 'Python argparse: `prefix_chars` defaults to `-` (impacket\'s tools parse their options with it)',
  },
];

export interface Acceptance {
  program: string;
  prefixes: readonly SwitchPrefix[];
  source: string;
}

/** The prefixes `program` (as programName() gives it) accepts for the switch `body`, when measured. */
export function acceptedPrefixes(program: string, body: string): Acceptance | undefined {
  const row = TABLE.find((r) => r.programs.includes(program) && (!r.applies || r.applies(body)));
  return row ? { program, prefixes: row.prefixes, source: row.source } : undefined;
}

/** Every program of the table, for tests and docs. */
export function recordedPrograms(): string[] {
  return [...new Set(TABLE.flatMap((r) => r.programs))];
}
