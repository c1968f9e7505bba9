// Decides how the featuredoc language server is started. Pure: everything it
// needs from VS Code, the Python extension or the file system comes in as
// data or as a small function, so it is unit-tested without VS Code.

import * as path from 'path';

/** Where the Python that runs the server came from. */
export type PythonOrigin = 'featuredoc.interpreter' | 'python extension' | 'PATH';

/** The command line that starts the server over stdio. */
export interface ServerCommand {
    command: string;
    args: string[];
    /** Which setting or fallback chose it, for the log and the status item. */
    source: 'featuredoc.path' | 'featuredoc.interpreter' | 'python extension' | 'PATH' | 'bundled';
    /** One line for people: what runs, e.g. "the bundled server with Python 3.11.7 (/usr/bin/python3, from PATH)". */
    description: string;
    /** A few words for the status item, e.g. "bundled server, Python 3.11.7". */
    label: string;
    /** The Python that runs the server, when one does and its version is known. */
    python?: { path: string; version: string; origin: PythonOrigin };
}

export type LaunchResolution =
    | { kind: 'ok'; server: ServerCommand; tried: string[] }
    | { kind: 'error'; message: string; fix: string; tried: string[] };

/** What running a Python interpreter with {@link PROBE_SCRIPT} told. */
export type PythonProbe =
    | {
          ok: true;
          /** major, minor, micro */
          version: [number, number, number];
          /** featuredoc's version when that Python can import it, else undefined. */
          featuredoc?: string;
          /** Why `import featuredoc` failed there (for the log). */
          importError?: string;
      }
    | { ok: false; error: string };

export type ImportStrategy = 'fromEnvironment' | 'useBundled';

export interface LaunchInputs {
    /** `featuredoc.path`: the featuredoc-ls executable, '' when unset. */
    path: string;
    /** `featuredoc.interpreter`: a Python to run the server with, '' when unset. */
    interpreter: string;
    /** `featuredoc.importStrategy`. */
    importStrategy: ImportStrategy;
    /** The Python extension's active interpreter; undefined when there is none. */
    pythonExtension?: string;
    /** The bundled launcher (bundled/tool/server.py); undefined when the extension has none. */
    bundled?: string;
    /** Whether the workspace is trusted: if not, nothing inside it is run. */
    trusted: boolean;
    /** For `${workspaceFolder}` in settings. */
    workspaceFolder?: string;
    homeDir: string;
    env: Record<string, string | undefined>;
    platform: NodeJS.Platform;
    /** Finds an executable on PATH; undefined when there is none. */
    which: (name: string) => string | undefined;
    /** Whether a file exists (for explicitly configured paths). */
    exists: (file: string) => boolean;
    /** Runs {@link PROBE_SCRIPT} with a Python. */
    probe: (python: string) => Promise<PythonProbe>;
}

export const SERVER_EXECUTABLE = 'featuredoc-ls';
export const SERVER_MODULE_ARGS = ['-m', 'featuredoc'];
/** The oldest Python the server runs on. */
export const MIN_PYTHON: [number, number] = [3, 10];

/**
 * Printed as JSON by the Python being probed: its version and whether it can
 * import featuredoc. Written for any Python (even 2.7), so that a Python that
 * is too old is told apart from one that cannot run at all.
 */
export const PROBE_SCRIPT = [
    'import json, sys',
    'info = {"version": list(sys.version_info[:3])}',
    'try:',
    '    import featuredoc',
    '    info["featuredoc"] = str(getattr(featuredoc, "__version__", "unknown"))',
    'except Exception as e:',
    '    info["importError"] = "%s: %s" % (type(e).__name__, e)',
    'sys.stdout.write(json.dumps(info))',
].join('\n');

/** Reads what {@link PROBE_SCRIPT} printed. */
export function parseProbe(stdout: string): PythonProbe {
    try {
        const data = JSON.parse(stdout.trim()) as { version?: unknown; featuredoc?: unknown; importError?: unknown };
        const v = data.version;
        if (!Array.isArray(v) || v.length < 2 || !v.every((n) => typeof n === 'number')) {
            return { ok: false, error: `unexpected answer: ${stdout.trim().slice(0, 200)}` };
        }
        return {
            ok: true,
            version: [v[0], v[1], v[2] ?? 0],
            featuredoc: typeof data.featuredoc === 'string' ? data.featuredoc : undefined,
            importError: typeof data.importError === 'string' ? data.importError : undefined,
        };
    } catch {
        return { ok: false, error: `unexpected answer: ${stdout.trim().slice(0, 200) || '(nothing)'}` };
    }
}

export function versionText(version: [number, number, number]): string {
    return version.join('.');
}

function recentEnough(version: [number, number, number]): boolean {
    return version[0] > MIN_PYTHON[0] || (version[0] === MIN_PYTHON[0] && version[1] >= MIN_PYTHON[1]);
}

const FIX =
    'Install Python 3.10 or newer (the extension brings its own server), or install ' +
    'featuredoc in the Python you use (`pip install` of a featuredoc source tree or wheel), ' +
    'or set "featuredoc.path" to the featuredoc-ls executable or "featuredoc.interpreter" ' +
    'to a Python 3.10 or newer.';

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

/** Whether file lies in folder (or is it), for the platform's kind of paths. */
export function isInside(file: string, folder: string, platform: NodeJS.Platform): boolean {
    const p = platform === 'win32' ? path.win32 : path.posix;
    const rel = p.relative(p.resolve(folder), p.resolve(file));
    if (rel === '') {
        return true;
    }
    const first = rel.split(p.sep)[0];
    return first !== '..' && !p.isAbsolute(rel) && !(platform === 'win32' && /^[a-zA-Z]:/.test(rel));
}

type Resolved = { ok: true; file: string } | { ok: false; message: string; fix: string };

function resolveExecutable(value: string, setting: string, inputs: LaunchInputs): Resolved {
    const expanded = expandVariables(value, inputs);
    let file: string | undefined;
    if (looksLikePath(expanded)) {
        file =
            path.isAbsolute(expanded) || !inputs.workspaceFolder
                ? expanded
                : path.join(inputs.workspaceFolder, expanded);
        if (!inputs.exists(file)) {
            return {
                ok: false,
                message: `"${setting}" is set to ${file}, which does not exist.`,
                fix: `Correct "${setting}" in your settings, or clear it to use the defaults.`,
            };
        }
    } else {
        file = inputs.which(expanded);
        if (!file) {
            return {
                ok: false,
                message: `"${setting}" is set to ${expanded}, which is not on PATH.`,
                fix: `Set "${setting}" to the full path, or clear it to use the defaults.`,
            };
        }
    }
    if (!inputs.trusted && inputs.workspaceFolder && isInside(file, inputs.workspaceFolder, inputs.platform)) {
        return {
            ok: false,
            message: `"${setting}" is ${file}, inside a workspace that is not trusted, so it is not run.`,
            fix: 'Trust the workspace (Manage Workspace Trust), or clear the setting to use the bundled server.',
        };
    }
    return { ok: true, file };
}

function bundledWith(python: string, version: [number, number, number], origin: PythonOrigin, launcher: string): ServerCommand {
    return {
        command: python,
        args: [launcher],
        source: 'bundled',
        description: `the bundled server with Python ${versionText(version)} (${python}, from ${origin})`,
        label: `bundled server, Python ${versionText(version)}`,
        python: { path: python, version: versionText(version), origin },
    };
}

function withModule(python: string, version: [number, number, number], origin: PythonOrigin, featuredoc: string): ServerCommand {
    return {
        command: python,
        args: [...SERVER_MODULE_ARGS],
        source: origin,
        description: `featuredoc ${featuredoc} installed in Python ${versionText(version)} (${python}, from ${origin})`,
        label: `installed in Python ${versionText(version)} (${origin})`,
        python: { path: python, version: versionText(version), origin },
    };
}

/** Why a probed Python cannot run the bundled server, or undefined when it can. */
function unusable(probe: PythonProbe): string | undefined {
    if (!probe.ok) {
        return `could not be run: ${probe.error}`;
    }
    if (!recentEnough(probe.version)) {
        return `is Python ${versionText(probe.version)}; the server needs ${MIN_PYTHON.join('.')} or newer`;
    }
    return undefined;
}

/**
 * Order, first match wins:
 *
 * 1. `featuredoc.path`: that executable.
 * 2. `featuredoc.interpreter`: `-m featuredoc` when it has featuredoc, else the
 *    bundled server with it (`importStrategy: useBundled`: always the bundled server).
 * 3. The Python extension's interpreter when it has featuredoc (trusted
 *    workspaces only, and not with `useBundled`).
 * 4. `featuredoc-ls` on PATH (not with `useBundled`).
 * 5. The bundled server with the first Python 3.10+ among the Python
 *    extension's interpreter, `python3` and `python` on PATH.
 *
 * An explicit setting that points nowhere is an error rather than a silent
 * fall-through, so the user learns of the typo. `tried` lists every
 * candidate that was passed over, and why.
 */
export async function resolveLaunch(inputs: LaunchInputs): Promise<LaunchResolution> {
    const tried: string[] = [];
    // Without a bundled server (a development build), useBundled has nothing to prefer.
    const bundledFirst = inputs.importStrategy === 'useBundled' && inputs.bundled !== undefined;
    if (inputs.path.trim() !== '') {
        const exe = resolveExecutable(inputs.path, 'featuredoc.path', inputs);
        if (!exe.ok) {
            return { kind: 'error', message: exe.message, fix: exe.fix, tried };
        }
        return {
            kind: 'ok',
            server: {
                command: exe.file,
                args: [],
                source: 'featuredoc.path',
                description: `${exe.file} (featuredoc.path)`,
                label: 'from featuredoc.path',
            },
            tried,
        };
    }
    if (inputs.interpreter.trim() !== '') {
        const exe = resolveExecutable(inputs.interpreter, 'featuredoc.interpreter', inputs);
        if (!exe.ok) {
            return { kind: 'error', message: exe.message, fix: exe.fix, tried };
        }
        const probe = await inputs.probe(exe.file);
        if (probe.ok && probe.featuredoc && !bundledFirst) {
            return { kind: 'ok', server: withModule(exe.file, probe.version, 'featuredoc.interpreter', probe.featuredoc), tried };
        }
        const why = unusable(probe);
        if (why) {
            return {
                kind: 'error',
                message: `"featuredoc.interpreter" (${exe.file}) ${why}.`,
                fix: 'Set "featuredoc.interpreter" to a Python 3.10 or newer, or clear it to use the defaults.',
                tried,
            };
        }
        if (inputs.bundled && probe.ok) {
            if (!bundledFirst) {
                tried.push(`featuredoc.interpreter (${exe.file}): cannot import featuredoc (${probe.importError ?? 'not installed'})`);
            }
            return { kind: 'ok', server: bundledWith(exe.file, probe.version, 'featuredoc.interpreter', inputs.bundled), tried };
        }
        return {
            kind: 'error',
            message: `"featuredoc.interpreter" (${exe.file}) cannot import featuredoc, and this build of the extension has no bundled server.`,
            fix: FIX,
            tried,
        };
    }

    // Pythons that could run the bundled server, in order, probed at most once each.
    const pythons: { path: string; origin: PythonOrigin }[] = [];
    const probes = new Map<string, PythonProbe>();
    const probeOnce = async (python: string): Promise<PythonProbe> => {
        let probe = probes.get(python);
        if (!probe) {
            probe = await inputs.probe(python);
            probes.set(python, probe);
        }
        return probe;
    };

    if (inputs.pythonExtension && !inputs.trusted) {
        tried.push(`the Python extension's interpreter (${inputs.pythonExtension}): not used in a workspace that is not trusted`);
    } else if (inputs.pythonExtension) {
        const python = inputs.pythonExtension;
        if (!bundledFirst) {
            const probe = await probeOnce(python);
            if (probe.ok && probe.featuredoc) {
                return { kind: 'ok', server: withModule(python, probe.version, 'python extension', probe.featuredoc), tried };
            }
            tried.push(
                `the Python extension's interpreter (${python}): ${probe.ok ? `cannot import featuredoc (${probe.importError ?? 'not installed'})` : `could not be run: ${probe.error}`}`,
            );
        }
        pythons.push({ path: python, origin: 'python extension' });
    }
    if (!bundledFirst) {
        const onPath = inputs.which(SERVER_EXECUTABLE);
        if (onPath) {
            return {
                kind: 'ok',
                server: {
                    command: onPath,
                    args: [],
                    source: 'PATH',
                    description: `${onPath} (${SERVER_EXECUTABLE} on PATH)`,
                    label: `${SERVER_EXECUTABLE} on PATH`,
                },
                tried,
            };
        }
        tried.push(`${SERVER_EXECUTABLE}: not on PATH`);
    }
    if (!inputs.bundled) {
        return {
            kind: 'error',
            message: `The featuredoc language server was not found: ${tried.join('; ')}.`,
            fix: FIX,
            tried,
        };
    }
    const names = inputs.platform === 'win32' ? ['python', 'python3'] : ['python3', 'python'];
    let anyPython = pythons.length > 0;
    for (const name of names) {
        const found = inputs.which(name);
        if (found) {
            anyPython = true;
            if (!pythons.some((p) => p.path === found)) {
                pythons.push({ path: found, origin: 'PATH' });
            }
        }
    }
    for (const python of pythons) {
        const probe = await probeOnce(python.path);
        const why = unusable(probe);
        if (!why && probe.ok) {
            return { kind: 'ok', server: bundledWith(python.path, probe.version, python.origin, inputs.bundled), tried };
        }
        tried.push(`${python.path} (${python.origin}) for the bundled server: ${why}`);
    }
    if (!anyPython) {
        tried.push(`no ${names.join(' or ')} on PATH to run the bundled server`);
    }
    return {
        kind: 'error',
        message: `The featuredoc language server could not be started: ${tried.join('; ')}.`,
        fix: FIX,
        tried,
    };
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
export const CLIENT_ONLY_SETTINGS = ['path', 'interpreter', 'importStrategy', 'trace'];

/**
 * Settings that a workspace that is not trusted may not set (package.json's
 * `restrictedConfigurations`; VS Code then hands the extension the user's
 * value only). `base` runs git in the workspace's repository.
 */
export const RESTRICTED_SETTINGS = ['path', 'interpreter', 'importStrategy', 'base'];

/** Server settings left out altogether while the workspace is not trusted. */
export const UNTRUSTED_DROPPED_SETTINGS = ['base'];

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
 * initializationOptions): the extension's own keys removed, and while the
 * workspace is not trusted, the settings that would run git in it.
 */
export function serverSettings(section: unknown, trusted = true): Record<string, unknown> {
    if (section === null || typeof section !== 'object' || Array.isArray(section)) {
        return {};
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
        if (CLIENT_ONLY_SETTINGS.includes(key) || value === undefined) {
            continue;
        }
        if (!trusted && UNTRUSTED_DROPPED_SETTINGS.includes(key)) {
            continue;
        }
        out[key] = value;
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
