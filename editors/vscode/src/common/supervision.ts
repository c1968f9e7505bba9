// What happens when the server fails: whether to restart it, what to tell the
// user (once), and what the language status item shows. Pure, so unit-tested
// without VS Code.

/** How a server process ended. */
export interface ExitInfo {
    code: number | null;
    signal: string | null;
}

export function describeExit(exit: ExitInfo | undefined): string {
    if (!exit) {
        return 'closed the connection';
    }
    if (exit.signal) {
        return `was killed by ${exit.signal}`;
    }
    return `exited with code ${exit.code ?? 'unknown'}`;
}

/** The last lines a process wrote to stderr, bounded in lines and characters. */
export class OutputTail {
    private lines: string[] = [];
    private partial = '';

    constructor(
        private readonly maxLines = 20,
        private readonly maxLineLength = 500,
    ) {}

    push(chunk: string): void {
        const parts = (this.partial + chunk).split(/\r?\n/);
        this.partial = parts.pop() ?? '';
        for (const line of parts) {
            this.add(line);
        }
        if (this.partial.length > this.maxLineLength * 4) {
            this.add(this.partial);
            this.partial = '';
        }
    }

    private add(line: string): void {
        if (line.trim() === '') {
            return;
        }
        this.lines.push(line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line);
        if (this.lines.length > this.maxLines) {
            this.lines.shift();
        }
    }

    /** The kept lines, the unterminated last one included. */
    text(): string[] {
        const out = [...this.lines];
        if (this.partial.trim() !== '') {
            out.push(this.partial.slice(0, this.maxLineLength));
        }
        return out.slice(-this.maxLines);
    }
}

/**
 * Restarts a server that crashed after it had been running, at most
 * `maxRestarts` times within `windowMs`; then it stays stopped. A server
 * that failed while starting is never restarted (it would fail again the
 * same way): see {@link shouldRestart}.
 */
export class CrashPolicy {
    private crashes: number[] = [];

    constructor(
        readonly maxRestarts = 3,
        readonly windowMs = 3 * 60 * 1000,
    ) {}

    /** Records a crash at `now` (ms); true when the server may be restarted. */
    crashed(now: number): boolean {
        this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
        this.crashes.push(now);
        return this.crashes.length <= this.maxRestarts;
    }

    /** Crashes within the window, the last one included. */
    get recent(): number {
        return this.crashes.length;
    }

    reset(): void {
        this.crashes = [];
    }
}

/** Whether a closed connection is followed by a restart. */
export function shouldRestart(phase: 'starting' | 'running' | 'stopping', policy: CrashPolicy, now: number): boolean {
    if (phase !== 'running') {
        return false;
    }
    return policy.crashed(now);
}

export interface FailureInput {
    /** What was started: ServerCommand.description. */
    server: string;
    /** The full command line, for the log. */
    commandLine: string;
    phase: 'start' | 'crash';
    exit?: ExitInfo;
    /** The error the client or the operating system gave (spawn failure, protocol error). */
    error?: string;
    stderr: string[];
    /** For a crash: how many within the window, and the window in ms. */
    crashes?: number;
    windowMs?: number;
}

/**
 * The most telling stderr line: a Python exception's last line, else the last
 * line that is not routine logging (INFO, DEBUG, WARNING), else nothing.
 */
export function mainStderrLine(stderr: string[]): string | undefined {
    const lines = stderr.map((l) => l.trim()).filter((l) => l !== '');
    for (let i = lines.length - 1; i >= 0; i--) {
        if (/^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b/.test(lines[i])) {
            return lines[i];
        }
    }
    const telling = lines.filter((l) => !/^(DEBUG|INFO|WARNING)\b/.test(l));
    return telling[telling.length - 1];
}

/**
 * What to tell the user: `summary` for the notification and the status item
 * (one paragraph, the real cause in it), `detail` for the log.
 */
export function failureReport(input: FailureInput): { summary: string; reason: string; detail: string } {
    const how = input.exit ? describeExit(input.exit) : undefined;
    const cause = mainStderrLine(input.stderr) ?? input.error;
    let reason: string;
    if (input.error && !input.exit && input.stderr.length === 0) {
        reason = input.error;
    } else {
        reason = [how, cause].filter((s) => s).join(': ') || 'closed the connection';
    }
    // The cause first: a notification shows only its first lines.
    let summary: string;
    if (input.phase === 'start') {
        summary = `The language server failed to start: ${reason}. It was started as ${input.server}.`;
    } else {
        const minutes = Math.round((input.windowMs ?? 0) / 60000);
        summary =
            `The language server stopped unexpectedly ${input.crashes ?? 1} times` +
            `${minutes ? ` in ${minutes} minutes` : ''} and is not restarted again: ${reason}. ` +
            `It was started as ${input.server}.`;
    }
    const detail = [
        summary,
        `command: ${input.commandLine}`,
        ...(how ? [`the process ${how}`] : []),
        ...(input.error ? [`error: ${input.error}`] : []),
        ...(input.stderr.length ? ['its last output on stderr:', ...input.stderr.map((l) => `    ${l}`)] : []),
    ].join('\n');
    return { summary, reason, detail };
}

/** Lets each distinct message through once, until {@link reset}. */
export class OnceOnly {
    private seen = new Set<string>();

    first(key: string): boolean {
        if (this.seen.has(key)) {
            return false;
        }
        this.seen.add(key);
        return true;
    }

    reset(): void {
        this.seen.clear();
    }
}

export type ServerState =
    | { kind: 'starting'; server?: string }
    | { kind: 'running'; version?: string; label: string }
    | { kind: 'failed'; reason: string }
    | { kind: 'stopped'; reason?: string };

export interface StatusView {
    text: string;
    detail: string;
    severity: 'information' | 'warning' | 'error';
    busy: boolean;
}

/** The status item's hover is narrow: longer details are cut (the log has them whole). */
export const STATUS_DETAIL_LENGTH = 60;

export function shorten(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** What the language status item shows for a state. */
export function statusView(state: ServerState): StatusView {
    switch (state.kind) {
        case 'starting':
            return {
                text: 'featuredoc: starting',
                detail: state.server ? shorten(state.server, STATUS_DETAIL_LENGTH) : 'looking for the server',
                severity: 'information',
                busy: true,
            };
        case 'running':
            return {
                text: state.version ? `featuredoc ${state.version}` : 'featuredoc',
                detail: state.label,
                severity: 'information',
                busy: false,
            };
        case 'failed':
            return {
                text: '$(error) featuredoc: failed',
                detail: shorten(state.reason, STATUS_DETAIL_LENGTH),
                severity: 'error',
                busy: false,
            };
        case 'stopped':
            return {
                text: 'featuredoc: stopped',
                detail: state.reason ?? 'the server is not running',
                severity: 'warning',
                busy: false,
            };
    }
}
