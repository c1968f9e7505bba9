// Entry point: starts the featuredoc language server, shows its state in a
// language status item, reports a failure once with its cause, and restarts
// the server when the settings that decide how it is started change.

import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import {
    createClient,
    documentSelector,
    findServer,
    notifyConfigurationChanged,
    SECTION,
    ServerProcess,
    serverCwd,
} from './common/server';
import { LaunchResolution } from './common/launch';
import { onDidChangePythonInterpreter } from './common/python';
import { CrashPolicy, failureReport, OnceOnly, ServerState, shouldRestart, statusView } from './common/supervision';

/** Settings whose change needs a new server process or document selector. */
const RESTART_SETTINGS = ['path', 'interpreter', 'importStrategy', 'include'].map((key) => `${SECTION}.${key}`);
const SERVER_ACTIONS = 'featuredoc.serverActions';

let client: LanguageClient | undefined;
let serverProcess: ServerProcess | undefined;
let outputChannel: vscode.LogOutputChannel;
let traceOutputChannel: vscode.OutputChannel;
let statusItem: vscode.LanguageStatusItem;
let extensionPath: string;
/** Serialises start/stop so that quick successive restarts do not interleave. */
let pending: Promise<void> = Promise.resolve();
/** Each distinct failure is shown once, until the server runs or the user restarts it. */
const notices = new OnceOnly();

function showState(state: ServerState): void {
    const view = statusView(state);
    statusItem.text = view.text;
    statusItem.detail = view.detail;
    statusItem.busy = view.busy;
    statusItem.severity =
        view.severity === 'error'
            ? vscode.LanguageStatusSeverity.Error
            : view.severity === 'warning'
              ? vscode.LanguageStatusSeverity.Warning
              : vscode.LanguageStatusSeverity.Information;
}

async function notify(message: string, actions: ('Show Log' | 'Open Settings' | 'Restart')[]): Promise<void> {
    if (!notices.first(message)) {
        outputChannel.info('(the notification above was shown already)');
        return;
    }
    // VS Code shows the source (featuredoc) with the message.
    const choice = await vscode.window.showErrorMessage(message, ...actions);
    if (choice === 'Open Settings') {
        await vscode.commands.executeCommand('workbench.action.openSettings', SECTION);
    } else if (choice === 'Show Log') {
        outputChannel.show();
    } else if (choice === 'Restart') {
        await vscode.commands.executeCommand('featuredoc.restart');
    }
}

async function stopServer(): Promise<void> {
    const old = client;
    const oldProcess = serverProcess;
    client = undefined;
    serverProcess = undefined;
    if (old) {
        try {
            if (old.state !== State.Stopped) {
                await old.stop();
            }
        } catch (error) {
            outputChannel.warn(`stopping the server failed: ${String(error)}`);
        }
        await old.dispose().catch(() => undefined);
    }
    oldProcess?.kill();
}

async function startServer(): Promise<void> {
    await stopServer();
    showState({ kind: 'starting' });
    statusItem.selector = documentSelector();
    let resolution: LaunchResolution;
    try {
        resolution = await findServer(extensionPath);
    } catch (error) {
        const message = `Looking for the language server failed: ${error instanceof Error ? error.message : String(error)}`;
        outputChannel.error(message);
        showState({ kind: 'failed', reason: message });
        void notify(message, ['Show Log']);
        return;
    }
    for (const line of resolution.tried) {
        outputChannel.info(`passed over: ${line}`);
    }
    if (resolution.kind === 'error') {
        outputChannel.error(`${resolution.message} ${resolution.fix}`);
        showState({ kind: 'failed', reason: resolution.message });
        void notify(`${resolution.message} ${resolution.fix}`, ['Open Settings', 'Show Log']);
        return;
    }
    const server = resolution.server;
    const proc = new ServerProcess(server, serverCwd(extensionPath));
    outputChannel.info(`starting ${server.description}: ${proc.commandLine}`);
    showState({ kind: 'starting', server: server.label });

    const policy = new CrashPolicy();
    let phase: 'starting' | 'running' = 'starting';
    /** The client restarts the server: the Stopped state it passes through is not a failure. */
    let restarting = false;
    let everRan = false;
    let reported = false;

    const report = async (error?: unknown): Promise<void> => {
        if (reported || client !== newClient) {
            return;
        }
        reported = true;
        const exit = await proc.waitForExit(2000);
        const failure = failureReport({
            server: server.description,
            commandLine: proc.commandLine,
            phase: everRan ? 'crash' : 'start',
            exit,
            error: error === undefined ? undefined : error instanceof Error ? error.message : String(error),
            stderr: proc.stderr.text(),
            crashes: policy.recent,
            windowMs: policy.windowMs,
        });
        outputChannel.error(failure.detail);
        showState({ kind: 'failed', reason: failure.reason });
        void notify(failure.summary, ['Show Log', 'Restart']);
    };

    const newClient = createClient(proc, outputChannel, traceOutputChannel, () => {
        if (client !== newClient) {
            return false;
        }
        const restart = shouldRestart(phase, policy, Date.now());
        if (restart) {
            outputChannel.warn(
                `the server stopped unexpectedly (${policy.recent} of ${policy.maxRestarts} restarts allowed within ` +
                    `${policy.windowMs / 60000} minutes); restarting it. Its last output: ${proc.stderr.text().join(' | ')}`,
            );
            phase = 'starting';
            restarting = true;
            showState({ kind: 'starting', server: server.label });
        }
        return restart;
    });
    newClient.onDidChangeState((event) => {
        if (client !== newClient) {
            return;
        }
        if (event.newState === State.Starting) {
            restarting = false;
        } else if (event.newState === State.Running) {
            phase = 'running';
            everRan = true;
            reported = false;
            notices.reset();
            const version = newClient.initializeResult?.serverInfo?.version;
            outputChannel.info(`the server is running${version ? ` (featuredoc ${version})` : ''}`);
            showState({ kind: 'running', version, label: server.label });
        } else if (event.newState === State.Stopped && !restarting) {
            void report();
        }
    });
    client = newClient;
    serverProcess = proc;
    try {
        await newClient.start();
    } catch (error) {
        await report(error);
    }
}

function restart(): Promise<void> {
    pending = pending.then(startServer, startServer);
    return pending;
}

async function serverActions(): Promise<void> {
    const items: (vscode.QuickPickItem & { command: string })[] = [
        { label: 'Show server log', command: 'featuredoc.showLog' },
        { label: 'Restart server', command: 'featuredoc.restart' },
        { label: 'Open featuredoc settings', command: 'workbench.action.openSettings' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'featuredoc' });
    if (picked) {
        await vscode.commands.executeCommand(picked.command, ...(picked.command.startsWith('workbench') ? [SECTION] : []));
    }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    extensionPath = context.extensionPath;
    outputChannel = vscode.window.createOutputChannel('featuredoc', { log: true });
    traceOutputChannel = vscode.window.createOutputChannel('featuredoc trace');
    statusItem = vscode.languages.createLanguageStatusItem('featuredoc.server', documentSelector());
    statusItem.name = 'featuredoc server';
    statusItem.command = {
        title: 'Log / Restart',
        command: SERVER_ACTIONS,
        tooltip: 'Show the server log, restart the server or open the settings',
    };
    context.subscriptions.push(
        outputChannel,
        traceOutputChannel,
        statusItem,
        vscode.commands.registerCommand('featuredoc.restart', () => {
            notices.reset();
            return restart();
        }),
        vscode.commands.registerCommand('featuredoc.showLog', () => outputChannel.show()),
        vscode.commands.registerCommand(SERVER_ACTIONS, serverActions),
        vscode.workspace.onDidGrantWorkspaceTrust(() => {
            outputChannel.info('the workspace is trusted now: restarting the server with its settings');
            void restart();
        }),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (RESTART_SETTINGS.some((key) => event.affectsConfiguration(key))) {
                void restart();
            } else if (event.affectsConfiguration(SECTION) && client?.isRunning()) {
                void notifyConfigurationChanged(client).catch((error) =>
                    outputChannel.error(`sending the settings failed: ${String(error)}`),
                );
            }
        }),
    );
    if (!vscode.workspace.isTrusted) {
        outputChannel.info(
            'the workspace is not trusted: workspace values of featuredoc.path, featuredoc.interpreter, ' +
                'featuredoc.importStrategy and featuredoc.base are ignored, and nothing inside the workspace is run',
        );
    }
    const pythonWatch = await onDidChangePythonInterpreter(() => {
        const config = vscode.workspace.getConfiguration(SECTION);
        if (!config.get<string>('path') && !config.get<string>('interpreter')) {
            void restart();
        }
    });
    if (pythonWatch) {
        context.subscriptions.push(pythonWatch);
    }
    await restart();
}

export async function deactivate(): Promise<void> {
    await pending.catch(() => undefined);
    await stopServer();
}
