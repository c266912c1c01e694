// The policy debug adapter as a process speaking DAP over stdin/stdout (or `--server=PORT`): what
// DAP-level tests start; the extension runs the same session inline.

import { DebugSession } from '@vscode/debugadapter';
import { PolicyDebugSession } from './debugAdapter';

DebugSession.run(PolicyDebugSession);
