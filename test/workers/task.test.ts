import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { parseRunTask } from '../../workers/task.js';

const valid = { scenario: { name: 'x' }, mode: 'stochastic', seed: 3, runStart: 4, runEnd: 6 };

describe('parseRunTask', () => {
  it('accepts a valid task', () => {
    expect(parseRunTask(valid)).toEqual(valid);
  });

  it.each([
    [{ ...valid, mode: 'random' }, 'task.mode must be "deterministic" or "stochastic" (got "random")'],
    [{ ...valid, seed: null }, 'task.seed must be a string or number (got null)'],
    [{ ...valid, runStart: -1 }, 'task.runStart must be a non-negative integer (got -1)'],
    [{ ...valid, runEnd: 4 }, 'task.runEnd must be an integer greater than runStart (4) (got 4)'],
    [{ ...valid, scenario: undefined }, 'task.scenario must be a scenario object (got undefined)'],
    [{ ...valid, progress: 'port' }, 'task.progress must be a MessagePort (got "port")'],
  ])('rejects %j', (task, message) => {
    expect(() => parseRunTask(task)).toThrow(TypeError);
    expect(() => parseRunTask(task)).toThrow(message);
  });

  it('accepts a progress port', () => {
    const { port1, port2 } = new MessageChannel();
    expect(parseRunTask({ ...valid, progress: port2 }).progress).toBe(port2);
    port1.close();
  });

  it('rejects a message that is not an object', () => {
    expect(() => parseRunTask('run 3')).toThrow('task must be an object (got "run 3")');
  });
});
