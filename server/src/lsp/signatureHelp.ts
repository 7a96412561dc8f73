import type { ParameterInformation, SignatureHelp, SignatureHelpParams } from 'vscode-languageserver';
import { macroSignature } from '../workspace/macroQueries';
import type { ServerContext } from './context';
import { queryAt } from './workspaceQuery';

/** `(` opens the help, `,` moves to the next argument. */
export const SIGNATURE_TRIGGERS = ['(', ','];

/** Inside a macro call's parentheses: the macro's arguments, the one at the cursor active. */
export function signatureHelp(context: ServerContext, params: SignatureHelpParams): SignatureHelp | null {
  const query = queryAt(context, params.textDocument.uri, params.position);
  const signature = query && macroSignature(query.project, query.path, query.offset);
  if (!signature) return null;
  // Offsets into the label, not names: a parameter's name may also occur in the macro's name.
  let from = signature.label.indexOf('(') + 1;
  const parameters = signature.parameters.map((parameter): ParameterInformation => {
    const start = signature.label.indexOf(parameter, from);
    from = start + parameter.length;
    return { label: [start, start + parameter.length] };
  });
  const information = { label: signature.label, parameters, ...(signature.documentation ? { documentation: signature.documentation } : {}) };
  return { signatures: [information], activeSignature: 0, activeParameter: signature.activeParameter };
}
