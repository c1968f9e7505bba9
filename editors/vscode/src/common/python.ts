// The Python extension (ms-python.python), when it is installed: its active
// interpreter is a fallback for starting the server.

import { execFile } from 'child_process';
import * as vscode from 'vscode';
import { parseProbe, PROBE_SCRIPT, PythonProbe } from './launch';

const PYTHON_EXTENSION_ID = 'ms-python.python';

interface PythonEnvironmentsApi {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(
        env: { path: string } | string,
    ): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
}

async function environmentsApi(): Promise<PythonEnvironmentsApi | undefined> {
    const extension = vscode.extensions.getExtension(PYTHON_EXTENSION_ID);
    if (!extension) {
        return undefined;
    }
    try {
        const api = extension.isActive ? extension.exports : await extension.activate();
        return (api as { environments?: PythonEnvironmentsApi } | undefined)?.environments;
    } catch {
        return undefined;
    }
}

/** The active interpreter's executable, or undefined. */
export async function pythonExtensionInterpreter(resource?: vscode.Uri): Promise<string | undefined> {
    const api = await environmentsApi();
    if (!api) {
        return undefined;
    }
    try {
        const active = api.getActiveEnvironmentPath(resource);
        if (!active) {
            return undefined;
        }
        const env = await api.resolveEnvironment(active);
        return env?.executable.uri?.fsPath;
    } catch {
        return undefined;
    }
}

/** Subscribes to interpreter changes in the Python extension, if any. */
export async function onDidChangePythonInterpreter(
    listener: () => void,
): Promise<vscode.Disposable | undefined> {
    const api = await environmentsApi();
    return api?.onDidChangeActiveEnvironmentPath?.(listener);
}

/**
 * Runs {@link PROBE_SCRIPT} with a Python (in cwd, where the server would
 * run): its version and whether it can import featuredoc.
 */
export function probePython(interpreter: string, cwd: string | undefined): Promise<PythonProbe> {
    return new Promise((resolve) => {
        execFile(
            interpreter,
            ['-c', PROBE_SCRIPT],
            { timeout: 20000, cwd, windowsHide: true, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } },
            (error, stdout, stderr) => {
                if (error) {
                    const why = String(stderr).trim().split(/\r?\n/).pop() || error.message;
                    resolve({ ok: false, error: why });
                    return;
                }
                resolve(parseProbe(String(stdout)));
            },
        );
    });
}
