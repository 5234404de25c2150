/** Test-only child: takes the folder lock of argv[2], prints "locked <pid>", then waits to be killed. */
import { lockFolder } from './folder-lock.js';

lockFolder(process.argv[2]!, 'test.lock', (pid) => new Error(`busy ${pid}`));
process.stdout.write(`locked ${process.pid}\n`);
setInterval(() => undefined, 1 << 30);
