"""``python -m embedded_stack.die_with_parent PARENT_PID COMMAND...``: run COMMAND so it ends with the launcher.

The death signal is set here, after the fork, in a fresh interpreter, and survives the ``exec``. It used to be
set by ``Popen(preexec_fn=...)``, which runs Python between fork and exec in a copy of a multi-threaded
parent: a test process holding gRPC channels then had gRPC's fork handlers abort the child now and then
(«Epoll1Poller … epoll_wait error: Bad file descriptor», exit -6) before the command even started.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def main(argv: list[str]) -> None:
    parent, command = int(argv[0]), argv[1:]
    with contextlib.suppress(OSError):  # not glibc: the child outlives a killed launcher, as before
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the launcher died before the signal was armed: nobody to serve
        sys.exit(1)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
