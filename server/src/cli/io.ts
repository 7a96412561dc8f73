/** What a CLI command may touch of the process, so tests can run commands in-process. */
export interface CliIo {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: progress is drawn as a bar redrawn in place, else written as plain lines. */
  errIsTTY?: boolean;
  /** The terminal's width (stderr), when it is one. */
  errColumns?: number;
  /** Calls `onInterrupt` at the first Ctrl-C (SIGINT) until the returned function is called; absent in tests. */
  onInterrupt?(onInterrupt: () => void): () => void;
}
