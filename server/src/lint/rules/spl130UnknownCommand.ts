/**
 * SPL130 unknown-command: a command the catalogue (Search Reference, server/src/spl/catalogue/commands.ts)
 * does not know and that is not a macro: a typo, or a custom command from an app. Commands from known
 * Splunkbase apps get a hint naming the app; more custom commands can be listed in the `commands` option.
 */
import type { GenericCommandNode } from '../../spl/ast';
import { COMMANDS, findCommand } from '../../spl/catalogue/commands';
import { closestName } from '../closestName';
import type { Rule } from '../rule';

/** Commands that Splunkbase apps add, with the app (and where the corpus says so). */
const APP_COMMANDS: Record<string, string> = {
  // security_content ssl_certificates_with_punycode: "the CyberChef app is needed https://splunkbase.splunk.com/app/5348".
  cyberchef: 'CyberChef for Splunk (Splunkbase app 5348)',
};

const COMMAND_NAMES = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);

export const unknownCommand: Rule = {
  meta: {
    id: 'SPL130',
    name: 'unknown-command',
    defaultSeverity: 'warning',
    fixable: false,
    options: { commands: [] },
    messages: {
      unknown:
        'Unknown command `{{name}}`{{suggestion}}. Splunk stops the search with "Unknown search command" unless an installed ' +
        'app provides it; list custom commands in the `commands` option of SPL130 in .spl-detect.json.',
      app: '`{{name}}` is a custom command of the app {{app}}: the search fails where that app is not installed.',
    },
    doc: {
      what:
        'A command (the word after `|`, or the first word of a subsearch) that is neither a Splunk search command of the ' +
        'Search Reference nor a macro. Commands of Machine Learning Toolkit (`apply`, `fit`, `score`, `summary`, `sample`) ' +
        'are known; commands of other apps that detections use get a hint naming the app (`cyberchef`: CyberChef for ' +
        'Splunk). Macros are expanded before the check, so a macro that turns into a command is judged by that command.',
      why:
        'Splunk refuses a search with an unknown command ("Unknown search command \'procces\'") before it reads any event, ' +
        'so a scheduled detection with a typo never runs. Custom search commands exist (apps declare them in commands.conf, ' +
        'see "Create custom search commands for apps" in the Developer Guide): a command of an app that is not installed fails ' +
        'the same way, which is worth knowing when a detection is shared.',
      example: '```spl\n... | stats count by user | sortt - count\n... | cyberchef infield=domain outfield=decoded\n```',
      useInstead:
        '```spl\n... | stats count by user | sort - count\n```\nFix typos. For custom commands your Splunk has, list them so they ' +
        'are not reported:\n\n```json\n{ "rules": { "SPL130": ["warning", { "commands": ["mycommand"] }] } }\n```',
    },
  },
  create(context) {
    const custom = new Set(((context.options.commands as unknown[]) ?? []).filter((c): c is string => typeof c === 'string').map((c) => c.toLowerCase()));
    return {
      generic(node: GenericCommandNode) {
        const name = node.name.toLowerCase();
        if (findCommand(name) || custom.has(name) || /[$<%]/.test(name)) return;
        const app = APP_COMMANDS[name];
        if (app) {
          context.report({ span: node.nameSpan, messageId: 'app', data: { name: node.name, app }, severity: 'hint' });
          return;
        }
        const close = closestName(name, COMMAND_NAMES);
        context.report({
          span: node.nameSpan,
          messageId: 'unknown',
          data: { name: node.name, suggestion: close ? ` (did you mean \`${close}\`?)` : '' },
        });
      },
    };
  },
};
