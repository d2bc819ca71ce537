// Copies standard input (a service's log lines) into a file that rotates by size, so a service
// left running in local mode cannot fill the disk:
//   node tools/rotate-log.js .run/logs/scoring-service.log
// keeps <file> and at most LOG_KEEP (default 5) older ones, <file>.1 the newest, of LOG_MAX_SIZE
// (default 10M) each. It ends when its input does (the service exited). Its own output goes
// nowhere the caller waits on (scripts/lib.sh sends it to logs/rotate-log.errors).
const path = require('path');
const { createStream } = require('rotating-file-stream');

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: rotate-log.js <file>\n');
  process.exit(2);
}
const base = path.basename(file);
// In logrotate mode the generator gets only the index; no index is the live file.
const stream = createStream((index) => (index ? `${base}.${index}` : base), {
  path: path.dirname(file),
  size: process.env.LOG_MAX_SIZE || '10M',
  // Rotated files are renamed in order (.1 newest), like logrotate.
  rotate: Number(process.env.LOG_KEEP || 5),
});
stream.on('error', (error) => process.stderr.write(`rotate-log: ${error.message}\n`));
// The service must never block or die on its log: a full stream buffers, nothing is dropped.
process.stdin.pipe(stream);
process.stdin.on('end', () => stream.end());
// Terminal hang-ups and Ctrl-C belong to the service; this process ends with its input.
process.on('SIGHUP', () => undefined);
process.on('SIGINT', () => undefined);
