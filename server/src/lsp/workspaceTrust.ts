// Whether runs may read the workspace's files comes from the client, never from a request: VS Code
// tells at initialization (initializationOptions.workspaceTrusted) and again when the user grants
// trust (WORKSPACE_TRUST_NOTIFICATION). A client that says nothing has no Restricted Mode: runs are
// allowed, and they read only inside the workspace and the configured folders anyway.
import type { ServerContext } from './context';
import type { SplDetectInitializationOptions, WorkspaceTrustParams } from './protocol';

export function trustAtInitialization(options: unknown): boolean {
  const trusted = (options as SplDetectInitializationOptions | null | undefined)?.workspaceTrusted;
  return typeof trusted === 'boolean' ? trusted : true;
}

export function workspaceTrustChanged(context: ServerContext, params: WorkspaceTrustParams | null | undefined): void {
  if (typeof params?.trusted !== 'boolean') {
    context.log.warn(`splDetect/workspaceTrust: expected { trusted: true | false }, got ${JSON.stringify(params)?.slice(0, 80)}`);
    return;
  }
  context.workspaceTrusted = params.trusted;
  context.log.info(`Workspace trust: ${params.trusted ? 'trusted, detections may run' : 'not trusted, detections do not run'}`);
}
