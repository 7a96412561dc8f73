/**
 * SPL121 pcre-translated: a note on PCRE-only spellings in a regular expression (`(?P<name>...)`,
 * a leading `(?i)`, `(?>...)`, `a*+`, `\A`, `\z`, `\x{...}` ...). They are valid in Splunk; tools built
 * on other regex engines (JavaScript, RE2) read them only after translation. Quiet by default (hint).
 */
import type { Rule } from '../rule';
import { checkPcre } from '../pcre';
import { regexSitesOf } from '../regexSites';
import type { AnyNode } from '../../spl/visit';

export const pcreTranslated: Rule = {
  meta: {
    id: 'SPL121',
    name: 'pcre-translated',
    defaultSeverity: 'hint',
    fixable: false,
    messages: {
      translated:
        '{{construct}} in {{where}} is PCRE syntax: valid in Splunk. Checks and the local engine translate it to their ' +
        'own regex syntax; other tools that reuse this pattern may not understand it.',
    },
    doc: {
      what:
        'A PCRE-only spelling in a regular expression of `rex`, `regex`, `match()`, `replace()` or `mvfind()`: the Python-style ' +
        'named group `(?P<name>...)` and backreference `(?P=name)`, inline flags (`(?i)` at the start or `(?i:...)` inside), ' +
        'atomic groups `(?>...)`, possessive quantifiers (`a*+`, `a++`), the anchors `\\A`, `\\Z`, `\\z`, `\\G`, `\\K`, code points ' +
        '`\\x{202E}`, `\\Q...\\E`, `(?#comments)`, `\\h`, `\\R`. It is a note, not a problem: Splunk accepts all of them.',
      why:
        'Splunk regexes are PCRE (Search Reference, rex and "Evaluation functions"). Other engines spell some constructs ' +
        'differently or lack them: JavaScript writes `(?<name>...)` and has no inline `(?i)`, RE2 has no atomic groups or ' +
        'possessive quantifiers. This tool checks patterns (SPL120) and runs them on sample logs after translating these ' +
        'spellings, so the note tells where a translation happened; it also helps when a pattern is copied into another ' +
        'tool (a SIEM migration, a unit test in Python or JavaScript). security_content uses `(?P<name>` in 19 detections ' +
        'and a leading `(?i)` in 36 (shared/README.md), which is why the rule is a hint by default.',
      example: '```spl\n... | rex field=process "(?P<exe>[^\\\\\\\\]+)$" | where match(process_name, "(?i)^powershell")\n```',
      useInstead:
        '```spl\n... | rex field=process "(?<exe>[^\\\\\\\\]+)$" | where match(lower(process_name), "^powershell")\n```\n' +
        'Nothing needs to change for Splunk. Where another tool must read the pattern too, prefer the spellings both know: ' +
        '`(?<name>...)` for named groups and lower() or a character class instead of inline flags.',
    },
  },
  create(context) {
    const visit = (node: AnyNode) => {
      for (const site of regexSitesOf(node).sites) {
        for (const construct of checkPcre(site.pattern).translated) {
          context.report({
            span: site.spanOf(construct.start, construct.end),
            messageId: 'translated',
            data: { construct: construct.construct.charAt(0).toUpperCase() + construct.construct.slice(1), where: site.where },
          });
        }
      }
    };
    return { rex: visit, regex: visit, evalCall: visit };
  },
};
