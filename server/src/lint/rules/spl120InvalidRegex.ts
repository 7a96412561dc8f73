/**
 * SPL120 invalid-regex: a regular expression Splunk's PCRE rejects, in `rex`, `regex`, match(),
 * replace() or mvfind(), and a `rex mode=sed` expression that is not `s/regex/replacement/flags`
 * or `y/from/to/`. Reported at the offending character.
 */
import type { Rule, RuleContext } from '../rule';
import { checkPcre } from '../pcre';
import { regexSitesOf, stringSite, type RegexSite } from '../regexSites';
import type { AnyNode } from '../../spl/visit';

export const invalidRegex: Rule = {
  meta: {
    id: 'SPL120',
    name: 'invalid-regex',
    defaultSeverity: 'error',
    fixable: false,
    messages: {
      invalid: 'Invalid regular expression in {{where}}: {{reason}}. Splunk stops the search with a regex error.',
      uncertain: 'Regular expression in {{where}}: {{reason}}.',
      sed: 'Invalid sed expression in rex mode=sed: {{reason}}.',
      sedUncertain: 'Sed expression in rex mode=sed: {{reason}}.',
      unchecked: 'The regular expression in {{where}} uses {{construct}}, which this check cannot judge: it was not checked.',
    },
    doc: {
      what:
        'A regular expression that PCRE (the regex library Splunk uses) rejects, in `rex`, `regex`, `match()`, `replace()` ' +
        'or `mvfind()`: an unclosed `(` or `[`, a `)` that closes nothing, a quantifier with nothing to repeat (`*abc`), a ' +
        'backwards range (`[z-a]`), `{3,2}`, a bad or duplicate group name, a backreference to a group that does not exist, ' +
        '`\\U`/`\\u`/`\\L`/`\\l` (which PCRE refuses: often a Windows path such as `C:\\Users` with single backslashes), a trailing ' +
        'lone backslash. Also a `rex mode=sed` expression that is not `s/<regex>/<replacement>/<flags>` or `y/<from>/<to>/`. ' +
        'The finding points at the offending character. A variable-length lookbehind (`(?<=a+)`) is reported as a warning: ' +
        'PCRE2 accepts it from version 10.43 on. Patterns using constructs this check cannot judge (recursion, conditionals, ' +
        'extended mode `(?x)`, backtracking verbs) get a hint and are not checked.',
      why:
        'Splunk compiles the pattern when the search starts; an invalid one stops the whole search with "Error in \'rex\' ' +
        'command: Encountered the following error while compiling the regex" (or the `regex`/eval equivalent), so a scheduled ' +
        'detection silently never alerts. The Search Reference (rex, regex, match/replace in "Evaluation functions") says the ' +
        'patterns are PCRE. The check translates PCRE spellings that JavaScript lacks (`(?P<name>`, a leading `(?i)`, `(?>`, ' +
        'possessive `*+`, `\\A`, `\\z`, `\\x{...}`) before asking JavaScript\'s RegExp, so valid PCRE is not reported; the rex ' +
        'page defines the sed syntax ("s/<regex>/<replacement>/<flags>", flags `g` or a number; "y/<string1>/<string2>/"; ' +
        '"No other sed commands are implemented").',
      example:
        '```spl\n... | rex field=CommandLine "(?<exe>\\w+\\.exe"\n... | where match(path, "C:\\\\Users\\\\Public")\n' +
        '... | rex field=user mode=sed "s/@.*/"\n... | rex field=x mode=sed "s/a/b/c/"\n```',
      useInstead:
        '```spl\n... | rex field=CommandLine "(?<exe>\\w+\\.exe)"\n... | where match(path, "C:\\\\\\\\Users\\\\\\\\Public")\n' +
        '... | rex field=user mode=sed "s/@.*//g"\n... | rex field=x mode=sed "s/a/b\\/c/"\n```\nClose every group and class; write a backslash of a Windows path as ' +
        '`\\\\\\\\` in the SPL string (SPL turns it into `\\\\`, which PCRE reads as one backslash); escape a `/` inside a sed ' +
        'expression as `\\/`.',
    },
  },
  create(context) {
    const visit = (node: AnyNode) => {
      const { sites, sed } = regexSitesOf(node);
      if (sed && !sed.parse.ok) {
        const { parse } = sed;
        const whole = stringSite(sed.node, 'rex mode=sed', 0, sed.node.value.length);
        context.report({
          span: whole.spanOf(parse.start, Math.max(parse.end, parse.start + 1)),
          messageId: parse.certain ? 'sed' : 'sedUncertain',
          data: { reason: parse.reason },
          ...(parse.certain ? {} : { severity: 'hint' as const }),
        });
      }
      for (const regex of sites) checkSite(context, regex);
    };
    return { rex: visit, regex: visit, evalCall: visit };
  },
};

function checkSite(context: RuleContext, site: RegexSite): void {
  const check = checkPcre(site.pattern);
  const error = check.errors[0];
  if (error) {
    context.report({
      span: site.spanOf(error.start, Math.max(error.end, error.start + 1)),
      messageId: error.certain ? 'invalid' : 'uncertain',
      data: { where: site.where, reason: error.message },
      ...(error.certain ? {} : { severity: 'warning' as const }),
    });
    return;
  }
  const unchecked = check.unchecked[0];
  if (unchecked) {
    context.report({
      span: site.spanOf(unchecked.start, unchecked.end),
      messageId: 'unchecked',
      data: { where: site.where, construct: unchecked.construct },
      severity: 'hint',
    });
  }
}
