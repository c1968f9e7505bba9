// The Python extension (ms-python.python), when it is installed: its active
// interpreter is a fallback for starting the server.

import { execFile } from 'child_process';
import * as vscode from 'vscode';

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

/** Whether `python -c "import featuredoc"` succeeds. */
export function canImportFeaturedoc(interpreter: string): Promise<boolean> {
    return new Promise((resolve) => {
        execFile(interpreter, ['-c', 'import featuredoc'], { timeout: 15000 }, (error) => resolve(!error));
    });
}
