// Decides how the featuredoc language server is started. Pure: everything it
// needs from VS Code, the Python extension or the file system comes in as
// data or as a small function, so it is unit-tested without VS Code.

import * as path from 'path';

/** The command line that starts the server over stdio. */
export interface ServerCommand {
    command: string;
    args: string[];
    /** Which setting or fallback chose it, for the log. */
    source: 'featuredoc.path' | 'featuredoc.interpreter' | 'python extension' | 'PATH';
}

export type LaunchResolution =
    | { kind: 'ok'; server: ServerCommand }
    | { kind: 'error'; message: string; fix: string };

export interface LaunchInputs {
    /** `featuredoc.path`: the featuredoc-ls executable, '' when unset. */
    path: string;
    /** `featuredoc.interpreter`: a Python that has featuredoc, '' when unset. */
    interpreter: string;
    /**
     * The Python extension's active interpreter and whether featuredoc can be
     * imported by it; undefined when that extension is not installed or has
     * no interpreter selected.
     */
    pythonExtension?: { interpreter: string; hasFeaturedoc: boolean };
    /** For `${workspaceFolder}` in settings. */
    workspaceFolder?: string;
    homeDir: string;
    env: Record<string, string | undefined>;
    /** Finds an executable on PATH; undefined when there is none. */
    which: (name: string) => string | undefined;
    /** Whether a file exists (for explicitly configured paths). */
    exists: (file: string) => boolean;
}

export const SERVER_EXECUTABLE = 'featuredoc-ls';
export const SERVER_MODULE_ARGS = ['-m', 'featuredoc'];

const FIX =
    'Install it with `pip install featuredoc` in the Python you use, or set ' +
    '"featuredoc.path" to the featuredoc-ls executable, or "featuredoc.interpreter" ' +
    'to a Python that has featuredoc installed.';

/**
 * Expands `${workspaceFolder}`, `${userHome}`, `${env:NAME}` and a leading `~`
 * the way VS Code settings usually allow. Unknown variables are left as they are.
 */
export function expandVariables(
    value: string,
    vars: { workspaceFolder?: string; homeDir: string; env: Record<string, string | undefined> },
): string {
    let out = value.trim();
    if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
        out = vars.homeDir + out.slice(1);
    }
    return out.replace(/\$\{([^}]+)\}/g, (whole: string, name: string) => {
        if (name === 'userHome') {
            return vars.homeDir;
        }
        if (name === 'workspaceFolder') {
            return vars.workspaceFolder ?? whole;
        }
        if (name.startsWith('env:')) {
            return vars.env[name.slice(4)] ?? '';
        }
        return whole;
    });
}

/** A value that names a file rather than a command to look up on PATH. */
function looksLikePath(value: string): boolean {
    return value.includes('/') || value.includes('\\') || path.isAbsolute(value);
}

function resolveExecutable(
    value: string,
    setting: string,
    inputs: LaunchInputs,
): { ok: true; file: string } | { ok: false; message: string; fix: string } {
    const expanded = expandVariables(value, inputs);
    if (looksLikePath(expanded)) {
        const file =
            path.isAbsolute(expanded) || !inputs.workspaceFolder
                ? expanded
                : path.join(inputs.workspaceFolder, expanded);
        if (inputs.exists(file)) {
            return { ok: true, file };
        }
        return {
            ok: false,
            message: `"${setting}" is set to ${file}, which does not exist.`,
            fix: `Correct "${setting}" in your settings, or clear it to use the defaults.`,
        };
    }
    const found = inputs.which(expanded);
    if (found) {
        return { ok: true, file: found };
    }
    return {
        ok: false,
        message: `"${setting}" is set to ${expanded}, which is not on PATH.`,
        fix: `Set "${setting}" to the full path, or clear it to use the defaults.`,
    };
}

/**
 * Order: `featuredoc.path`, then `featuredoc.interpreter -m featuredoc`, then
 * the Python extension's interpreter when it has featuredoc, then
 * `featuredoc-ls` on PATH. An explicit setting that points nowhere is an
 * error rather than a silent fall-through, so the user learns of the typo.
 */
export function resolveLaunch(inputs: LaunchInputs): LaunchResolution {
    if (inputs.path.trim() !== '') {
        const exe = resolveExecutable(inputs.path, 'featuredoc.path', inputs);
        if (!exe.ok) {
            return { kind: 'error', message: exe.message, fix: exe.fix };
        }
        return { kind: 'ok', server: { command: exe.file, args: [], source: 'featuredoc.path' } };
    }
    if (inputs.interpreter.trim() !== '') {
        const exe = resolveExecutable(inputs.interpreter, 'featuredoc.interpreter', inputs);
        if (!exe.ok) {
            return { kind: 'error', message: exe.message, fix: exe.fix };
        }
        return {
            kind: 'ok',
            server: { command: exe.file, args: [...SERVER_MODULE_ARGS], source: 'featuredoc.interpreter' },
        };
    }
    if (inputs.pythonExtension?.hasFeaturedoc) {
        return {
            kind: 'ok',
            server: {
                command: inputs.pythonExtension.interpreter,
                args: [...SERVER_MODULE_ARGS],
                source: 'python extension',
            },
        };
    }
    const onPath = inputs.which(SERVER_EXECUTABLE);
    if (onPath) {
        return { kind: 'ok', server: { command: onPath, args: [], source: 'PATH' } };
    }
    const tried = inputs.pythonExtension
        ? `The Python extension's interpreter (${inputs.pythonExtension.interpreter}) cannot import featuredoc, and ${SERVER_EXECUTABLE} is not on PATH.`
        : `${SERVER_EXECUTABLE} is not on PATH.`;
    return { kind: 'error', message: `The featuredoc language server was not found. ${tried}`, fix: FIX };
}

/**
 * Finds an executable on a PATH string, the way a shell would. `isFile` is
 * injected so that the search itself stays testable.
 */
export function whichOn(
    name: string,
    pathVar: string | undefined,
    platform: NodeJS.Platform,
    isExecutable: (file: string) => boolean,
    pathExt?: string,
): string | undefined {
    if (!pathVar) {
        return undefined;
    }
    const sep = platform === 'win32' ? ';' : ':';
    const join = platform === 'win32' ? path.win32.join : path.posix.join;
    const exts =
        platform === 'win32'
            ? ['', ...(pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '')]
            : [''];
    for (const dir of pathVar.split(sep)) {
        if (dir === '') {
            continue;
        }
        for (const ext of exts) {
            const candidate = join(dir, name + ext);
            if (isExecutable(candidate)) {
                return candidate;
            }
        }
    }
    return undefined;
}

/** Settings that only the extension reads; they are not sent to the server. */
export const CLIENT_ONLY_SETTINGS = ['path', 'interpreter', 'trace'];

/** What `WorkspaceConfiguration.inspect(key)` reports for one key. */
export interface SettingInspection {
    globalValue?: unknown;
    workspaceValue?: unknown;
    workspaceFolderValue?: unknown;
}

/**
 * The values the user actually set (the most specific scope wins), without
 * the defaults of package.json: a default sent to the server would override
 * what `.featuredoc.yaml` says.
 */
export function explicitSettings(inspections: Record<string, SettingInspection | undefined>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, inspection] of Object.entries(inspections)) {
        if (!inspection) {
            continue;
        }
        const value = inspection.workspaceFolderValue ?? inspection.workspaceValue ?? inspection.globalValue;
        if (value !== undefined) {
            out[key] = value;
        }
    }
    return out;
}

/**
 * The `featuredoc` section as the server should see it (workspace/configuration,
 * initializationOptions): the extension's own keys removed, the rest as is.
 */
export function serverSettings(section: unknown): Record<string, unknown> {
    if (section === null || typeof section !== 'object' || Array.isArray(section)) {
        return {};
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
        if (!CLIENT_ONLY_SETTINGS.includes(key) && value !== undefined) {
            out[key] = value;
        }
    }
    return out;
}

/**
 * Document-selector patterns for the Markdown feature documents: each
 * configured glob (relative to a workspace folder) matched anywhere below it.
 */
export function markdownPatterns(globs: unknown): string[] {
    const list = Array.isArray(globs) ? globs : [];
    const out: string[] = [];
    for (const glob of list) {
        if (typeof glob !== 'string' || glob.trim() === '') {
            continue;
        }
        const g = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '');
        const pattern = g.startsWith('**/') || g.startsWith('/') ? g : `**/${g}`;
        if (!out.includes(pattern)) {
            out.push(pattern);
        }
    }
    return out;
}
