/**
 * SPL122 unescaped-dot-in-filename: `match(process, "rundll32.exe")`, `regex x="cmd.exe"`: in a regular
 * expression an unescaped `.` matches any character, so the file name also matches `rundll32Xexe`.
 * Fix (certain): escape the dot.
 */
import type { Finding, Rule } from '../rule';
import { regexSitesOf, type RegexSite } from '../regexSites';
import type { AnyNode } from '../../spl/visit';

/** File extensions of Windows and script files, archives and documents that detections name. */
const EXTENSIONS = [
  'exe', 'dll', 'sys', 'drv', 'ocx', 'cpl', 'scr', 'com', 'msi', 'msp', 'msc', 'lnk', 'ps1', 'psm1', 'psd1', 'bat', 'cmd', 'vbs', 'vbe',
  'js', 'jse', 'wsf', 'wsh', 'hta', 'jar', 'py', 'sh', 'php', 'asp', 'aspx', 'jsp', 'zip', 'rar', '7z', 'iso', 'img', 'vhd', 'vhdx',
  'doc', 'docx', 'docm', 'xls', 'xlsx', 'xlsm', 'ppt', 'pptx', 'pdf', 'rtf', 'one', 'chm', 'inf', 'reg', 'tmp', 'dat', 'ini', 'xml',
  'config', 'txt', 'log', 'csv', 'json', 'yml', 'yaml', 'conf', 'so', 'dylib', 'plist', 'pif', 'gadget', 'appref-ms',
];
/** `.ext` ending the name: not followed by more of a word or by `.more` (`spring.config.location` is no file). */
const EXTENSION_AFTER = new RegExp(`^(?:${EXTENSIONS.map((e) => e.replace(/-/g, '\\-')).join('|')})(?![A-Za-z0-9_]|\\.[A-Za-z])`, 'i');
/** A character a file name (or the pattern piece standing for it) ends with before its extension. */
const NAME_END = /[A-Za-z0-9_\-$)\]}*+]/;

export const unescapedDotInFilename: Rule = {
  meta: {
    id: 'SPL122',
    name: 'unescaped-dot-in-filename',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      dot:
        'In the regular expression of {{where}}, the `.` of "{{name}}" matches any character, not only a dot ' +
        '("{{example}}" matches too). Escape it: `\\.`.',
    },
    doc: {
      what:
        'A file name with an unescaped `.` before its extension inside a regular expression of `rex`, `regex`, `match()`, ' +
        '`replace()` or `mvfind()`: `match(process, "rundll32.exe")`, `regex process_name="cmd.exe"`, `"\\\\w+.ps1$"`. ' +
        'Extensions of executables, scripts, archives and documents are recognised (`exe`, `dll`, `ps1`, `bat`, `vbs`, `js`, ' +
        '`hta`, `lnk`, `zip`, `iso`, `docm` ...); a dot inside a character class (`[.]`) or followed by a quantifier (`.*`) ' +
        'is not reported.',
      why:
        'In PCRE `.` matches any character except a line break. `rundll32.exe` therefore also matches `rundll32_exe`, ' +
        '`rundll32exe.bin` ... The detection still matches the intended file, so tests pass, but it matches more than the ' +
        'author wrote, and a pattern anchored on both sides (`^cmd.exe$`) can be hit by a look-alike name. The Search Manual ' +
        '("About Splunk regular expressions", "Regular expression syntax and terminology") lists `.` as "any character" and ' +
        '`\\.` as the literal dot.',
      example: '```spl\n... | where match(process_name, "(?i)^(rundll32|regsvr32).exe$")\n... | regex parent_process="cmd.exe /c"\n```',
      useInstead:
        '```spl\n... | where match(process_name, "(?i)^(rundll32|regsvr32)\\.exe$")\n... | regex parent_process="cmd\\.exe /c"\n```\n' +
        'The quick fix inserts the backslash. In a search expression (not a regex) use a plain value instead: ' +
        '`process_name="rundll32.exe"` compares the text, where `.` is just a dot.',
    },
  },
  create(context) {
    const visit = (node: AnyNode) => {
      for (const site of regexSitesOf(node).sites) for (const finding of findDots(site)) context.report(finding);
    };
    return { rex: visit, regex: visit, evalCall: visit };
  },
};

function findDots(site: RegexSite): Finding[] {
  const pattern = site.pattern;
  const findings: Finding[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      if (pattern.startsWith('\\Q', i)) {
        const end = pattern.indexOf('\\E', i + 2);
        i = end < 0 ? pattern.length : end + 1;
      } else i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (ch !== '.' || i === 0 || !NAME_END.test(pattern[i - 1])) continue;
    const extension = EXTENSION_AFTER.exec(pattern.slice(i + 1));
    if (!extension || /^[*+?{]/.test(pattern.slice(i + 1 + extension[0].length))) continue;
    const name = pattern.slice(nameStart(pattern, i), i + 1 + extension[0].length);
    // NAME_END keeps backslashes and quotes away from the dot, so one raw backslash escapes it.
    const at = site.spanOf(i, i + 1).start;
    findings.push({
      span: site.spanOf(i, i + 1),
      messageId: 'dot',
      data: { where: site.where, name, example: `${name.slice(0, name.length - extension[0].length - 1)}_${extension[0]}` },
      fix: { title: 'Escape the dot', edits: [{ span: { start: at, end: at }, newText: '\\' }] },
    });
  }
  return findings;
}

/** Where the literal name before the dot starts (for the message). */
function nameStart(pattern: string, dot: number): number {
  let start = dot;
  while (start > 0 && /[A-Za-z0-9_\-$]/.test(pattern[start - 1])) start--;
  return start;
}
