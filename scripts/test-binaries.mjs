// Reads cargo's JSON messages (`cargo test --no-run --message-format=json`) on stdin and
// prints, for each test executable of the packages named on the command line, its package's
// directory and the executable, separated by a tab: what scripts/test runs on PostgreSQL.
import path from 'node:path';

const wanted = new Set(process.argv.slice(2));
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', () => {
  const lines = [];
  for (const line of input.split('\n')) {
    if (!line.startsWith('{')) continue;
    const msg = JSON.parse(line);
    if (msg.reason !== 'compiler-artifact' || !msg.executable || !msg.profile?.test) continue;
    if (!wanted.has(packageName(msg))) continue;
    lines.push(`${path.dirname(msg.manifest_path)}\t${msg.executable}`);
  }
  if (lines.length === 0) {
    console.error('no test executables found for ' + [...wanted].join(', '));
    process.exit(1);
  }
  console.log(lines.join('\n'));
});

// Every package lives in crates/<its name>/.
function packageName(msg) {
  return path.basename(path.dirname(msg.manifest_path));
}
