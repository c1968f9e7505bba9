// Unit tests of what happens when the server fails (node's built-in test runner).

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    CrashPolicy,
    describeExit,
    failureReport,
    mainStderrLine,
    OnceOnly,
    OutputTail,
    shouldRestart,
    STATUS_DETAIL_LENGTH,
    statusView,
} from '../../common/supervision';

const MINUTE = 60 * 1000;

describe('shouldRestart and CrashPolicy', () => {
    it('never restarts a server that failed while starting', () => {
        const policy = new CrashPolicy(3, 3 * MINUTE);
        for (let i = 0; i < 10; i++) {
            assert.equal(shouldRestart('starting', policy, i * 1000), false);
        }
        assert.equal(policy.recent, 0, 'start failures are not counted as crashes');
    });

    it('restarts a running server three times within three minutes, then stops', () => {
        const policy = new CrashPolicy(3, 3 * MINUTE);
        const decisions = [0, 10, 20, 30, 40].map((s) => shouldRestart('running', policy, s * 1000));
        assert.deepEqual(decisions, [true, true, true, false, false]);
        assert.equal(policy.recent, 5);
    });

    it('forgets crashes older than the window', () => {
        const policy = new CrashPolicy(3, 3 * MINUTE);
        assert.equal(policy.crashed(0), true);
        assert.equal(policy.crashed(1 * MINUTE), true);
        assert.equal(policy.crashed(2 * MINUTE), true);
        // The first crash is now more than three minutes old.
        assert.equal(policy.crashed(3 * MINUTE + 1), true);
        assert.equal(policy.recent, 3);
        assert.equal(policy.crashed(3 * MINUTE + 2), false);
    });

    it('does nothing while stopping on purpose', () => {
        const policy = new CrashPolicy();
        assert.equal(shouldRestart('stopping', policy, 0), false);
        policy.crashed(0);
        policy.reset();
        assert.equal(policy.recent, 0);
    });
});

describe('OutputTail', () => {
    it('keeps the last lines, split across chunks, CRLF or LF', () => {
        const tail = new OutputTail(3);
        tail.push('Traceback (most recent call last):\r\n  File "x.py", li');
        tail.push('ne 1, in <module>\n');
        tail.push('\n\nModuleNotFoundError: No module named ');
        tail.push("'lsprotocol'");
        assert.deepEqual(tail.text(), [
            'Traceback (most recent call last):',
            '  File "x.py", line 1, in <module>',
            "ModuleNotFoundError: No module named 'lsprotocol'",
        ]);
        tail.push('\n');
        for (let i = 0; i < 10; i++) {
            tail.push(`line ${i}\n`);
        }
        assert.deepEqual(tail.text(), ['line 7', 'line 8', 'line 9']);
    });

    it('cuts very long lines and an endless line without newline', () => {
        const tail = new OutputTail(5, 10);
        tail.push(`${'x'.repeat(25)}\n`);
        assert.deepEqual(tail.text(), [`${'x'.repeat(10)}…`]);
        tail.push('y'.repeat(100));
        const lines = tail.text();
        assert.equal(lines.length, 2);
        assert.ok(lines.every((l) => l.length <= 11));
    });
});

describe('mainStderrLine', () => {
    it("picks a Python exception's last line over the lines after it", () => {
        assert.equal(
            mainStderrLine([
                'Traceback (most recent call last):',
                '  File "/x/featuredoc/__main__.py", line 3, in <module>',
                "ModuleNotFoundError: No module named 'pygls'",
                '',
            ]),
            "ModuleNotFoundError: No module named 'pygls'",
        );
        assert.equal(mainStderrLine(['INFO featuredoc: starting', 'Killed']), 'Killed');
        // The server's routine log lines say nothing about why it ended.
        assert.equal(mainStderrLine(['INFO featuredoc: featuredoc: indexed 3 documents under /ws']), undefined);
        assert.equal(mainStderrLine(['fatal: no memory', 'WARNING pygls: Cancel notification']), 'fatal: no memory');
        assert.equal(mainStderrLine(['featuredoc.errors.ConfigError: bad']), 'featuredoc.errors.ConfigError: bad');
        assert.equal(mainStderrLine([]), undefined);
    });
});

describe('failureReport', () => {
    const base = {
        server: 'the bundled server with Python 3.11.7 (/usr/bin/python3, from PATH)',
        commandLine: '/usr/bin/python3 /ext/bundled/tool/server.py',
    };

    it('says which candidate failed to start, how it exited and the real cause', () => {
        const r = failureReport({
            ...base,
            phase: 'start',
            exit: { code: 1, signal: null },
            error: 'Pending response rejected since connection got disposed',
            stderr: ['Traceback (most recent call last):', "ModuleNotFoundError: No module named 'pygls'"],
        });
        assert.equal(
            r.summary,
            "The language server failed to start: exited with code 1: ModuleNotFoundError: No module named 'pygls'. " +
                'It was started as the bundled server with Python 3.11.7 (/usr/bin/python3, from PATH).',
        );
        assert.equal(r.reason, "exited with code 1: ModuleNotFoundError: No module named 'pygls'");
        assert.match(r.detail, /command: \/usr\/bin\/python3 \/ext\/bundled\/tool\/server\.py/);
        assert.match(r.detail, /the process exited with code 1/);
        assert.match(r.detail, /its last output on stderr:\n {4}Traceback/);
    });

    it('gives the operating system error when the program could not run at all', () => {
        const r = failureReport({ ...base, phase: 'start', error: 'cannot run /nowhere/python: spawn /nowhere/python ENOENT', stderr: [] });
        assert.equal(r.reason, 'cannot run /nowhere/python: spawn /nowhere/python ENOENT');
    });

    it('after repeated crashes, says how many and that it will not restart', () => {
        const r = failureReport({
            ...base,
            phase: 'crash',
            exit: { code: null, signal: 'SIGKILL' },
            stderr: [],
            crashes: 4,
            windowMs: 3 * MINUTE,
        });
        assert.match(r.summary, /^The language server stopped unexpectedly 4 times in 3 minutes and is not restarted again: was killed by SIGKILL\./);
        assert.match(r.summary, /It was started as the bundled server/);
    });

    it('describes an exit', () => {
        assert.equal(describeExit(undefined), 'closed the connection');
        assert.equal(describeExit({ code: 3, signal: null }), 'exited with code 3');
        assert.equal(describeExit({ code: null, signal: 'SIGSEGV' }), 'was killed by SIGSEGV');
    });
});

describe('OnceOnly', () => {
    it('lets each message through once until reset', () => {
        const once = new OnceOnly();
        assert.deepEqual(['a', 'a', 'b', 'a'].map((m) => once.first(m)), [true, false, true, false]);
        once.reset();
        assert.equal(once.first('a'), true);
    });
});

describe('statusView', () => {
    it('shows starting as busy, running with the version, failure as an error with the reason', () => {
        assert.deepEqual(statusView({ kind: 'starting' }), {
            text: 'featuredoc: starting',
            detail: 'looking for the server',
            severity: 'information',
            busy: true,
        });
        const running = statusView({ kind: 'running', version: '0.1.0', label: 'bundled server, Python 3.11.7' });
        assert.deepEqual(running, {
            text: 'featuredoc 0.1.0',
            detail: 'bundled server, Python 3.11.7',
            severity: 'information',
            busy: false,
        });
        const failed = statusView({ kind: 'failed', reason: 'exited with code 1: ImportError: x' });
        assert.equal(failed.severity, 'error');
        assert.equal(failed.detail, 'exited with code 1: ImportError: x');
        assert.match(failed.text, /failed/);
        const long = statusView({ kind: 'failed', reason: `exited with code 1: ModuleNotFoundError: ${'x'.repeat(100)}` });
        assert.equal(long.detail.length, STATUS_DETAIL_LENGTH);
        assert.match(long.detail, /^exited with code 1: ModuleNotFoundError: x+…$/);
        assert.equal(statusView({ kind: 'stopped' }).severity, 'warning');
    });
});
