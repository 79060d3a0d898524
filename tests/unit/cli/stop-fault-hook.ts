/**
 * Test-only preload (`node --import`) for `liqmap record`: once a stop signal arrives, one step of
 * the recorder's stop throws, as a bug of its own would. LIQMAP_TEST_STOP_FAULT=close: closing
 * Binance's stream throws before it closes anything (its socket stays open); `flush`: the writer's
 * flush throws. The recorder itself has no test hook: this patches the modules it loads.
 */
import { StreamConnection } from '../../../src/lib/live/stream-connection.ts';
import { RecordWriter } from '../../../tools/cli/record-files.ts';

let stopping = false;
// Registered before the recorder's handlers (a preload runs first): armed before its stop runs.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => (stopping = true));

const fault = process.env.LIQMAP_TEST_STOP_FAULT;
if (fault === 'close') {
  const stop = StreamConnection.prototype.stop;
  StreamConnection.prototype.stop = function (this: StreamConnection) {
    if (stopping && this.getState().name === 'Binance') throw new Error('test fault: Binance\'s stream would not close');
    stop.call(this);
  };
}
if (fault === 'flush') {
  const flush = RecordWriter.prototype.flush;
  RecordWriter.prototype.flush = function (this: RecordWriter) {
    if (stopping) throw new Error('test fault: the writer failed on flush');
    return flush.call(this);
  };
}
