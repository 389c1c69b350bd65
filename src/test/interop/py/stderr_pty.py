"""Runs a command with its stderr on a pseudo-terminal (stdin and stdout as given), for tests of what
rtc draws only on a terminal (Java cannot open a pty). The terminal is raw, so no "\\n" becomes "\\r\\n":
FILE receives exactly the bytes the command wrote to stderr. Exits with the command's exit status.

usage: stderr_pty.py FILE COMMAND [ARG...]
"""
import os
import pty
import select
import sys
import tty


def main(path, command):
    master, slave = pty.openpty()
    tty.setraw(slave)
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.dup2(slave, 2)
        os.close(slave)
        os.execvp(command[0], command)
    os.close(slave)
    status = None
    with open(path, "wb") as out:
        # Until the command has exited and its output is drained: a process it left behind may still
        # hold the terminal, so the end of the command, not of the terminal, ends the copy.
        while True:
            if status is None:
                done, st = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = st
            ready, _, _ = select.select([master], [], [], 0.1)
            if not ready:
                if status is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every holder of the terminal has closed it
                data = b""
            if not data:
                if status is None:
                    _, status = os.waitpid(pid, 0)
                break
            out.write(data)
            out.flush()
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
