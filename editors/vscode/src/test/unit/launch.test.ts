// Unit tests of the launch resolution (node's built-in test runner: `npm test`).

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
    CLIENT_ONLY_SETTINGS,
    expandVariables,
    explicitSettings,
    isInside,
    LaunchInputs,
    LaunchResolution,
    markdownPatterns,
    parseProbe,
    PROBE_SCRIPT,
    PythonProbe,
    resolveLaunch,
    RESTRICTED_SETTINGS,
    ServerCommand,
    serverSettings,
    whichOn,
} from '../../common/launch';

const LAUNCHER = '/ext/bundled/tool/server.py';

/** A machine: executables on PATH, files that exist, and what each Python answers. */
interface Machine {
    onPath?: Record<string, string>;
    files?: string[];
    pythons?: Record<string, PythonProbe>;
}

function py(version: string, featuredoc?: string): PythonProbe {
    const [a, b, c] = version.split('.').map(Number);
    return { ok: true, version: [a, b, c ?? 0], featuredoc, importError: featuredoc ? undefined : "ModuleNotFoundError: No module named 'featuredoc'" };
}

function inputs(overrides: Partial<LaunchInputs> = {}, machine: Machine = {}): LaunchInputs & { probed: string[] } {
    const probed: string[] = [];
    const files = new Set(machine.files ?? []);
    return {
        path: '',
        interpreter: '',
        importStrategy: 'fromEnvironment',
        pythonExtension: undefined,
        bundled: LAUNCHER,
        trusted: true,
        workspaceFolder: '/ws',
        homeDir: '/home/u',
        env: { VENV: '/opt/venv' },
        platform: 'linux',
        which: (name) => machine.onPath?.[name],
        exists: (file) => files.has(file),
        probe: async (python) => {
            probed.push(python);
            return machine.pythons?.[python] ?? { ok: false, error: `spawn ${python} ENOENT` };
        },
        probed,
        ...overrides,
    };
}

function ok(r: LaunchResolution): ServerCommand {
    assert.equal(r.kind, 'ok', r.kind === 'error' ? `${r.message} ${r.fix}` : '');
    return (r as { server: ServerCommand }).server;
}

function err(r: LaunchResolution): { message: string; fix: string; tried: string[] } {
    assert.equal(r.kind, 'error', r.kind === 'ok' ? JSON.stringify(r.server) : '');
    return r as { message: string; fix: string; tried: string[] };
}

describe('resolveLaunch: the settings', () => {
    it('uses featuredoc.path as the executable, with no arguments', async () => {
        const s = ok(await resolveLaunch(inputs({ path: '/opt/bin/featuredoc-ls' }, { files: ['/opt/bin/featuredoc-ls'] })));
        assert.deepEqual([s.command, s.args, s.source], ['/opt/bin/featuredoc-ls', [], 'featuredoc.path']);
    });

    it('prefers featuredoc.path over everything else, useBundled included', async () => {
        const i = inputs(
            { path: '/a/featuredoc-ls', interpreter: '/b/python', pythonExtension: '/c/python', importStrategy: 'useBundled' },
            { files: ['/a/featuredoc-ls', '/b/python'], onPath: { 'featuredoc-ls': '/usr/bin/featuredoc-ls' } },
        );
        assert.equal(ok(await resolveLaunch(i)).command, '/a/featuredoc-ls');
        assert.deepEqual(i.probed, []);
    });

    it('expands variables and resolves relative paths against the workspace folder', async () => {
        const files = ['/ws/.venv/bin/featuredoc-ls', '/opt/venv/bin/python'];
        const pythons = { '/opt/venv/bin/python': py('3.12.1', '0.1.0') };
        const a = ok(await resolveLaunch(inputs({ path: '${workspaceFolder}/.venv/bin/featuredoc-ls' }, { files })));
        assert.equal(a.command, '/ws/.venv/bin/featuredoc-ls');
        const b = ok(await resolveLaunch(inputs({ path: '.venv/bin/featuredoc-ls' }, { files })));
        assert.equal(b.command, '/ws/.venv/bin/featuredoc-ls');
        const c = ok(await resolveLaunch(inputs({ interpreter: '${env:VENV}/bin/python' }, { files, pythons })));
        assert.deepEqual([c.command, c.args, c.source], ['/opt/venv/bin/python', ['-m', 'featuredoc'], 'featuredoc.interpreter']);
        assert.match(c.description, /featuredoc 0\.1\.0 installed in Python 3\.12\.1 \(\/opt\/venv\/bin\/python/);
    });

    it('looks a bare interpreter name up on PATH', async () => {
        const r = ok(
            await resolveLaunch(
                inputs({ interpreter: 'python3' }, { onPath: { python3: '/usr/bin/python3' }, pythons: { '/usr/bin/python3': py('3.11.2', '0.1.0') } }),
            ),
        );
        assert.deepEqual([r.command, r.args], ['/usr/bin/python3', ['-m', 'featuredoc']]);
    });

    it('reports a configured path that does not exist instead of falling back', async () => {
        const e = err(await resolveLaunch(inputs({ path: '/nowhere/featuredoc-ls' }, { onPath: { 'featuredoc-ls': '/usr/bin/featuredoc-ls' } })));
        assert.match(e.message, /"featuredoc\.path" is set to \/nowhere\/featuredoc-ls, which does not exist/);
    });

    it('reports a configured interpreter that is not on PATH', async () => {
        const e = err(await resolveLaunch(inputs({ interpreter: 'python9' })));
        assert.match(e.message, /featuredoc\.interpreter.*python9.*not on PATH/);
    });

    it('runs the bundled server with featuredoc.interpreter when that Python lacks featuredoc', async () => {
        const i = inputs(
            { interpreter: '/venv/bin/python' },
            {
                files: ['/venv/bin/python'],
                pythons: { '/venv/bin/python': py('3.10.13') },
                onPath: { 'featuredoc-ls': '/usr/bin/featuredoc-ls' },
            },
        );
        const r = await resolveLaunch(i);
        const s = ok(r);
        assert.deepEqual([s.command, s.args, s.source], ['/venv/bin/python', [LAUNCHER], 'bundled']);
        assert.deepEqual(s.python, { path: '/venv/bin/python', version: '3.10.13', origin: 'featuredoc.interpreter' });
        assert.match(r.tried.join('\n'), /featuredoc\.interpreter \(\/venv\/bin\/python\): cannot import featuredoc \(ModuleNotFoundError/);
    });

    it('says why featuredoc.interpreter cannot be used: too old, or not runnable', async () => {
        const old = err(await resolveLaunch(inputs({ interpreter: '/py39' }, { files: ['/py39'], pythons: { '/py39': py('3.9.18') } })));
        assert.match(old.message, /"featuredoc\.interpreter" \(\/py39\) is Python 3\.9\.18; the server needs 3\.10 or newer/);
        const broken = err(await resolveLaunch(inputs({ interpreter: '/broken' }, { files: ['/broken'] })));
        assert.match(broken.message, /\(\/broken\) could not be run: spawn \/broken ENOENT/);
    });

    it('with useBundled, runs the bundled server even where featuredoc is installed', async () => {
        const s = ok(
            await resolveLaunch(
                inputs({ interpreter: '/venv/bin/python', importStrategy: 'useBundled' }, { files: ['/venv/bin/python'], pythons: { '/venv/bin/python': py('3.13.0', '0.1.0') } }),
            ),
        );
        assert.deepEqual([s.args, s.source], [[LAUNCHER], 'bundled']);
    });

    it('treats blank settings as unset', async () => {
        const s = ok(await resolveLaunch(inputs({ path: '  ', interpreter: ' ' }, { onPath: { 'featuredoc-ls': '/usr/bin/featuredoc-ls' } })));
        assert.equal(s.source, 'PATH');
    });
});

describe('resolveLaunch: without settings', () => {
    it("uses the Python extension's interpreter when it has featuredoc", async () => {
        const s = ok(
            await resolveLaunch(
                inputs({ pythonExtension: '/venv/bin/python' }, { pythons: { '/venv/bin/python': py('3.11.7', '0.1.0') }, onPath: { 'featuredoc-ls': '/usr/bin/featuredoc-ls' } }),
            ),
        );
        assert.deepEqual([s.command, s.args, s.source], ['/venv/bin/python', ['-m', 'featuredoc'], 'python extension']);
    });

    it('prefers featuredoc-ls on PATH to the bundled server', async () => {
        const i = inputs(
            { pythonExtension: '/venv/bin/python' },
            { pythons: { '/venv/bin/python': py('3.11.7') }, onPath: { 'featuredoc-ls': '/usr/local/bin/featuredoc-ls', python3: '/usr/bin/python3' } },
        );
        const r = await resolveLaunch(i);
        assert.deepEqual(ok(r), {
            command: '/usr/local/bin/featuredoc-ls',
            args: [],
            source: 'PATH',
            description: '/usr/local/bin/featuredoc-ls (featuredoc-ls on PATH)',
            label: 'featuredoc-ls on PATH',
        });
        assert.deepEqual(i.probed, ['/venv/bin/python']);
    });

    it("falls back to the bundled server with the Python extension's interpreter first", async () => {
        const i = inputs(
            { pythonExtension: '/venv/bin/python' },
            { pythons: { '/venv/bin/python': py('3.12.1'), '/usr/bin/python3': py('3.11.2') }, onPath: { python3: '/usr/bin/python3' } },
        );
        const r = await resolveLaunch(i);
        const s = ok(r);
        assert.deepEqual([s.command, s.args, s.source, s.python?.origin], ['/venv/bin/python', [LAUNCHER], 'bundled', 'python extension']);
        assert.match(s.description, /^the bundled server with Python 3\.12\.1 \(\/venv\/bin\/python, from python extension\)$/);
        assert.equal(s.label, 'bundled server, Python 3.12.1');
        assert.deepEqual(i.probed, ['/venv/bin/python'], 'each Python is probed once');
        assert.deepEqual(r.tried, [
            "the Python extension's interpreter (/venv/bin/python): cannot import featuredoc (ModuleNotFoundError: No module named 'featuredoc')",
            'featuredoc-ls: not on PATH',
        ]);
    });

    it('skips Pythons that are too old or broken, and says so', async () => {
        const r = await resolveLaunch(
            inputs(
                { pythonExtension: '/old/python' },
                { pythons: { '/old/python': py('3.8.18'), '/usr/bin/python': py('3.13.0') }, onPath: { python3: '/usr/bin/python3', python: '/usr/bin/python' } },
            ),
        );
        const s = ok(r);
        assert.deepEqual([s.command, s.python?.origin, s.python?.version], ['/usr/bin/python', 'PATH', '3.13.0']);
        assert.match(r.tried.join('\n'), /\/old\/python \(python extension\) for the bundled server: is Python 3\.8\.18; the server needs 3\.10 or newer/);
        assert.match(r.tried.join('\n'), /\/usr\/bin\/python3 \(PATH\) for the bundled server: could not be run: spawn \/usr\/bin\/python3 ENOENT/);
    });

    it('says what it tried and how to fix it when nothing works', async () => {
        const e = err(await resolveLaunch(inputs({ pythonExtension: '/venv/bin/python' }, { pythons: { '/venv/bin/python': py('3.9.1') } })));
        assert.match(e.message, /could not be started/);
        assert.match(e.message, /\/venv\/bin\/python.*cannot import featuredoc/);
        assert.match(e.message, /featuredoc-ls: not on PATH/);
        assert.match(e.message, /is Python 3\.9\.1/);
        assert.doesNotMatch(e.message, /no python3 or python on PATH/);
        const none = err(await resolveLaunch(inputs()));
        assert.match(none.message, /featuredoc-ls: not on PATH; no python3 or python on PATH to run the bundled server/);
        assert.match(e.fix, /Python 3\.10 or newer/);
        assert.match(e.fix, /`pip install` of a featuredoc source tree or wheel/);
        assert.doesNotMatch(e.fix, /pip install featuredoc/); // not on a package index
        assert.match(e.fix, /featuredoc\.path/);
    });

    it('without a bundled server (a development build) says featuredoc was not found', async () => {
        const e = err(await resolveLaunch(inputs({ bundled: undefined, importStrategy: 'useBundled' }, { onPath: { python3: '/usr/bin/python3' } })));
        assert.match(e.message, /was not found: featuredoc-ls: not on PATH/);
    });

    it('with useBundled, skips featuredoc in the environment', async () => {
        const i = inputs(
            { pythonExtension: '/venv/bin/python', importStrategy: 'useBundled' },
            { pythons: { '/venv/bin/python': py('3.11.7', '0.1.0') }, onPath: { 'featuredoc-ls': '/usr/bin/featuredoc-ls' } },
        );
        const s = ok(await resolveLaunch(i));
        assert.deepEqual([s.command, s.args, s.source], ['/venv/bin/python', [LAUNCHER], 'bundled']);
    });
});

describe('resolveLaunch: a workspace that is not trusted', () => {
    it("does not run the Python extension's interpreter (it may be the workspace's own)", async () => {
        const i = inputs(
            { trusted: false, pythonExtension: '/ws/.venv/bin/python' },
            { pythons: { '/ws/.venv/bin/python': py('3.12.0', '0.1.0'), '/usr/bin/python3': py('3.11.2') }, onPath: { python3: '/usr/bin/python3' } },
        );
        const r = await resolveLaunch(i);
        const s = ok(r);
        assert.deepEqual([s.command, s.source], ['/usr/bin/python3', 'bundled']);
        assert.deepEqual(i.probed, ['/usr/bin/python3']);
        assert.match(r.tried[0], /not used in a workspace that is not trusted/);
    });

    it('refuses a configured executable inside the workspace', async () => {
        const files = ['/ws/.venv/bin/featuredoc-ls', '/ws/.venv/bin/python'];
        const e = err(await resolveLaunch(inputs({ trusted: false, path: '.venv/bin/featuredoc-ls' }, { files })));
        assert.match(e.message, /\/ws\/\.venv\/bin\/featuredoc-ls, inside a workspace that is not trusted, so it is not run/);
        const f = err(await resolveLaunch(inputs({ trusted: false, interpreter: '${workspaceFolder}/.venv/bin/python' }, { files })));
        assert.match(f.message, /featuredoc\.interpreter/);
        assert.match(f.fix, /Trust the workspace/);
    });

    it('runs a configured executable outside the workspace', async () => {
        const s = ok(await resolveLaunch(inputs({ trusted: false, path: '/opt/featuredoc-ls' }, { files: ['/opt/featuredoc-ls'] })));
        assert.equal(s.command, '/opt/featuredoc-ls');
    });
});

describe('isInside', () => {
    it('compares whole path segments', () => {
        assert.equal(isInside('/ws/a/b', '/ws', 'linux'), true);
        assert.equal(isInside('/ws', '/ws', 'linux'), true);
        assert.equal(isInside('/ws2/x', '/ws', 'linux'), false);
        assert.equal(isInside('/ws/../etc/x', '/ws', 'linux'), false);
        assert.equal(isInside('C:\\ws\\.venv\\python.exe', 'c:\\ws', 'win32'), true);
        assert.equal(isInside('D:\\py\\python.exe', 'C:\\ws', 'win32'), false);
    });
});

describe('parseProbe', () => {
    it('reads the version and featuredoc', () => {
        assert.deepEqual(parseProbe('{"version": [3, 11, 7], "featuredoc": "0.1.0"}\n'), {
            ok: true,
            version: [3, 11, 7],
            featuredoc: '0.1.0',
            importError: undefined,
        });
        assert.deepEqual(parseProbe('{"version": [3, 9, 1], "importError": "ModuleNotFoundError: x"}'), {
            ok: true,
            version: [3, 9, 1],
            featuredoc: undefined,
            importError: 'ModuleNotFoundError: x',
        });
    });
    it('rejects anything else, saying what came', () => {
        assert.deepEqual(parseProbe('Python was not found'), { ok: false, error: 'unexpected answer: Python was not found' });
        assert.deepEqual(parseProbe('{"version": "3"}'), { ok: false, error: 'unexpected answer: {"version": "3"}' });
        assert.deepEqual(parseProbe(''), { ok: false, error: 'unexpected answer: (nothing)' });
    });
    it('reads what a real Python prints', () => {
        const out = execFileSync('python3', ['-c', PROBE_SCRIPT], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: '' } });
        const expected = execFileSync('python3', ['-c', 'import sys; print(".".join(map(str, sys.version_info[:3])))'], {
            encoding: 'utf8',
        }).trim();
        const probe = parseProbe(out);
        assert.equal(probe.ok && probe.version.join('.'), expected);
    });
});

describe('expandVariables', () => {
    const vars = { workspaceFolder: '/ws', homeDir: '/home/u', env: { A: 'x' } };
    it('expands ~, ${userHome}, ${workspaceFolder}, ${env:NAME}', () => {
        assert.equal(expandVariables('~/bin/ls', vars), '/home/u/bin/ls');
        assert.equal(expandVariables('${userHome}/a', vars), '/home/u/a');
        assert.equal(expandVariables('${workspaceFolder}/a', vars), '/ws/a');
        assert.equal(expandVariables('/p/${env:A}/${env:MISSING}q', vars), '/p/x/q');
    });
    it('leaves unknown variables and a ~ inside a name alone', () => {
        assert.equal(expandVariables('${foo}/a~b', vars), '${foo}/a~b');
        assert.equal(expandVariables('${workspaceFolder}', { homeDir: '/h', env: {} }), '${workspaceFolder}');
    });
});

describe('whichOn', () => {
    it('returns the first executable match in PATH order', () => {
        const files = new Set(['/b/featuredoc-ls', '/c/featuredoc-ls']);
        assert.equal(whichOn('featuredoc-ls', '/a::/b:/c', 'linux', (f) => files.has(f)), '/b/featuredoc-ls');
        assert.equal(whichOn('featuredoc-ls', '/a', 'linux', (f) => files.has(f)), undefined);
        assert.equal(whichOn('featuredoc-ls', undefined, 'linux', () => true), undefined);
    });
    it('tries PATHEXT extensions on Windows', () => {
        const files = new Set(['C:\\py\\Scripts\\featuredoc-ls.EXE']);
        assert.equal(
            whichOn('featuredoc-ls', 'C:\\x;C:\\py\\Scripts', 'win32', (f) => files.has(f), '.COM;.EXE'),
            'C:\\py\\Scripts\\featuredoc-ls.EXE',
        );
    });
});

describe('serverSettings', () => {
    it('drops the keys only the extension reads and keeps the rest', () => {
        assert.deepEqual(
            serverSettings({
                path: '/x',
                interpreter: '/y',
                importStrategy: 'useBundled',
                trace: { server: 'off' },
                rules: { FD201: 'warning', FD203: 'off' },
                include: ['docs/*.md'],
                base: 'main',
            }),
            { rules: { FD201: 'warning', FD203: 'off' }, include: ['docs/*.md'], base: 'main' },
        );
    });
    it('drops base (it runs git) while the workspace is not trusted', () => {
        assert.deepEqual(serverSettings({ base: 'main', rules: { FD201: 'off' } }, false), { rules: { FD201: 'off' } });
    });
    it('gives an empty object for anything that is not an object', () => {
        assert.deepEqual(serverSettings(null), {});
        assert.deepEqual(serverSettings([1]), {});
        assert.deepEqual(serverSettings('x'), {});
    });
});

describe('explicitSettings', () => {
    it('keeps only values set by the user, the most specific scope winning', () => {
        assert.deepEqual(
            explicitSettings({
                rules: { globalValue: { FD203: 'off' }, workspaceValue: { FD201: 'warning' } },
                include: { globalValue: ['a/*.md'] },
                tiers: { workspaceFolderValue: ['X'], workspaceValue: ['Y'] },
                path: {},
                trace: undefined,
            }),
            { rules: { FD201: 'warning' }, include: ['a/*.md'], tiers: ['X'] },
        );
    });
});

describe('markdownPatterns', () => {
    it('anchors relative globs anywhere below the workspace and drops junk', () => {
        assert.deepEqual(markdownPatterns(['docs/features/*.md', './notes/*.md', '**/x.md', '', 3, 'docs/features/*.md']), [
            '**/docs/features/*.md',
            '**/notes/*.md',
            '**/x.md',
        ]);
        assert.deepEqual(markdownPatterns(undefined), []);
    });
});

describe('package.json agrees with the code', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
        capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
        contributes: { configuration: { properties: Record<string, { enum?: string[] }> } };
    };
    const settings = manifest.contributes.configuration.properties;

    it('restricts in untrusted workspaces exactly the settings the code treats as restricted', () => {
        assert.deepEqual(
            [...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
            RESTRICTED_SETTINGS.map((key) => `featuredoc.${key}`).sort(),
        );
    });

    it('declares the settings that only the extension reads', () => {
        for (const key of CLIENT_ONLY_SETTINGS) {
            assert.ok(
                Object.keys(settings).some((name) => name === `featuredoc.${key}` || name.startsWith(`featuredoc.${key}.`)),
                key,
            );
        }
        assert.deepEqual(settings['featuredoc.importStrategy'].enum, ['fromEnvironment', 'useBundled']);
    });
});
