/**
 * SPL103 over-broad-substring: `"*-y*"` is meant to find the switch `-y` but matches any value that
 * contains those two characters anywhere.
 */
import type { SearchCompareNode, SearchInNode } from '../../spl/ast';
import type { Rule, RuleContext } from '../rule';
import { isSearchValue, searchPlace, searchValue, type SearchValueNode } from '../searchValues';

/** `*` + a switch prefix (`/`, `-` or a Unicode dash) + one or two letters or digits + `*`. */
const SHORT_SWITCH = /^\*([/\-\u2013\u2014\u2015])([A-Za-z0-9]{1,2})\*$/;

export const overBroadSubstring: Rule = {
  meta: {
    id: 'SPL103',
    name: 'over-broad-substring',
    defaultSeverity: 'warning',
    fixable: false,
    messages: {
      broad:
        '{{value}} matches every value that contains "{{switch}}" anywhere, not only the switch {{switch}}: ' +
        'longer switches and words ("{{switch}}…"), paths, URLs and hyphenated names ("…{{switch}}…"). Bound it, e.g. "* {{switch}} *" and "* {{switch}}", ' +
        'or match({{field}}, "{{regex}}"); bounded forms miss a switch glued to a quote or to another switch.',
    },
    doc: {
      what:
        'A wildcard value of the form `"*/y*"` or `"*-y*"`: a leading and trailing `*` around a switch prefix (`/`, `-`, ' +
        'or the dashes U+2013 `–`, U+2014 `—`, U+2015 `―`) followed by only one or two letters or digits, in a search ' +
        'expression (`search`, `tstats ... where`, `IN (...)`).',
      why:
        'The pattern is meant to find a command-line switch such as msiexec\'s `/y` (register a DLL), but `*` on both sides ' +
        'makes it a plain substring test for two characters. It also matches longer switches (`/yes`, `-year`), any path or ' +
        'URL with a segment starting with that letter (`C:/your/...`, `https://host/y...`), and arguments such as ' +
        '`some-y...`. On busy fields such as `process` this buries the real finding in unrelated matches. Two characters ' +
        'are also too few for a rule to be reviewed at a glance: the reader has to guess which switch was meant.',
      example: '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process_name=msiexec.exe Processes.process IN ("*/y*", "*-y*")\n  by Processes.dest Processes.process\n```',
      useInstead:
        '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process_name=msiexec.exe Processes.process IN ("* /y *", "* /y", "* -y *", "* -y")\n  by Processes.dest Processes.process\n```\n' +
        'or test the switch with a regular expression after the tstats:\n\n' +
        '```spl\n| where match(process, "(?i)\\s[/\\-\\x{2013}\\x{2014}\\x{2015}]y(\\s|$)")\n```\n' +
        'Trade-off: the bounded forms require whitespace (or the end of the value) around the switch, so they miss a ' +
        'switch glued to a quote (`"/y"`) or to another switch (`/i/y`), and a tab instead of a space. Choose the form after ' +
        'looking at real command lines of the tool. There is no automatic fix because no bounded form is equivalent.',
    },
  },
  create(context) {
    const check = (node: SearchValueNode, field: string) => {
      const match = SHORT_SWITCH.exec(searchValue(node));
      if (!match) return;
      const [, prefix, letters] = match;
      const sw = prefix + letters;
      context.report({
        span: node.span,
        messageId: 'broad',
        data: {
          value: node.kind === 'string' ? node.raw : node.text,
          switch: sw,
          field: field.replace(/^[A-Za-z_]+\./, ''),
          regex: `(?i)\\s[/-]${letters.toLowerCase()}(\\s|$)`,
        },
      });
    };
    const inSearch = (c: RuleContext) => {
      const place = searchPlace(c.command(), c.commandIndex());
      return place !== undefined && place !== 'lookup';
    };
    return {
      searchCompare(node: SearchCompareNode) {
        if (!inSearch(context) || (node.operator !== '=' && node.operator !== '!=') || !isSearchValue(node.value)) return;
        check(node.value, node.field.name);
      },
      searchIn(node: SearchInNode) {
        if (!inSearch(context)) return;
        for (const value of node.values) if (isSearchValue(value)) check(value, node.field.name);
      },
    };
  },
};
