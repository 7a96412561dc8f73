/** What a CLI command may touch of the process, so tests can run commands in-process. */
export interface CliIo {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: long work draws a progress bar there (else plain lines). */
  errIsTerminal?: boolean;
  /** Calls `onInterrupt` at the first Ctrl-C (SIGINT) until the returned function is called; absent in tests. */
  onInterrupt?(onInterrupt: () => void): () => void;
}
