/**
 * SPL106 mid-value-wildcard-punctuation: a `*` inside a term, next to punctuation, in the search that
 * reads the index (`S*G01` against `SC-MG-G01`): Splunk documents inconsistent results.
 */
import type { SearchCompareNode, SearchInNode, SearchTermNode } from '../../spl/ast';
import type { Rule, RuleContext } from '../rule';
import { isSearchValue, searchPlace, searchValue, type SearchValueNode } from '../searchValues';

/** Splunk's default minor breakers (segmenters.conf) and other punctuation that splits indexed terms. */
const PUNCTUATION = /[/:=@.\-$#%\\_'",;!?&+()[\]{}<>|~^]/;

export const midValueWildcardPunctuation: Rule = {
  meta: {
    id: 'SPL106',
    name: 'mid-value-wildcard-punctuation',
    defaultSeverity: 'information',
    fixable: false,
    messages: {
      mid:
        'The `*` inside {{value}} stands next to "{{neighbour}}": Splunk documents inconsistent results for wildcards in the ' +
        'middle of a term, especially next to punctuation, because the index stores the term split at punctuation.',
    },
    doc: {
      what:
        'A raw search term or a field value that has a letter or digit before its first `*` and has a `*` in its middle (not first, not last) ' +
        'with a punctuation character right before or after it (`foo*.bar`, `a.*b`, `S*-G01`), in the command that reads ' +
        'the index: the first command of the search or of a subsearch, or `from`. Values with nothing but wildcards and ' +
        'punctuation before the first `*` (`*foo*.bar`, `"\\\\*\\C$"`) are not reported: Splunk has no prefix to look up in the ' +
        'index for them (see SPL102), so the segmentation problem does not arise. Neither are `tstats` clauses or later ' +
        '`| search` commands, which compare whole field values.',
      why:
        'The Search Manual ("Wildcards", section "Avoid using wildcards in the middle of a string", e.g. ' +
        'https://docs.splunk.com/Documentation/Splunk/6.4.2/Search/Wildcards) says: "Wildcard characters in the middle of a ' +
        'word or string might cause inconsistent results. This is especially true if the string contains punctuation, such ' +
        'as an underscore _ or dash - character." Its example is `productID="S*G01"` against IDs such as `SC-MG-G01`: ' +
        'at index time the ID is broken into segments at the punctuation, so the wildcard lookup does not see the whole ' +
        'value ("Event segmentation and searching").',
      example: '```spl\nindex=web uri_path=/api*/login\n```',
      useInstead:
        '```spl\nindex=web uri_path=/api/* uri_path=*/login\n```\n' +
        'Split the pattern into conditions with wildcards only at the end (or the start) of a term, list the exact values ' +
        '(`productID=SC-MG-G01 OR productID=SF-BVS-G01`), use a lookup, or test the pattern after the index search with ' +
        '`| where like(uri_path, "/api%/login")` or `| regex uri_path="^/api.*/login$"`.',
    },
  },
  create(context) {
    const inIndexSearch = (c: RuleContext) => searchPlace(c.command(), c.commandIndex()) === 'index';
    const check = (node: SearchValueNode) => {
      const value = searchValue(node);
      // Without letters or digits before the first `*` there is no prefix to look up in the index: the
      // value is scanned like a leading wildcard (SPL102) and segmentation does not come into play.
      const first = value.indexOf('*');
      if (first < 0 || !/[\p{L}\p{N}]/u.test(value.slice(0, first))) return;
      for (let i = 1; i < value.length - 1; i++) {
        if (value[i] !== '*') continue;
        const neighbour = [value[i - 1], value[i + 1]].find((ch) => PUNCTUATION.test(ch));
        if (!neighbour) continue;
        context.report({ span: node.span, messageId: 'mid', data: { value: node.kind === 'string' ? node.raw : node.text, neighbour } });
        return;
      }
    };
    return {
      searchTerm(node: SearchTermNode) {
        if (inIndexSearch(context)) check(node.term);
      },
      searchCompare(node: SearchCompareNode) {
        if (inIndexSearch(context) && (node.operator === '=' || node.operator === '!=') && isSearchValue(node.value)) check(node.value);
      },
      searchIn(node: SearchInNode) {
        if (!inIndexSearch(context)) return;
        for (const value of node.values) if (isSearchValue(value)) check(value);
      },
    };
  },
};
