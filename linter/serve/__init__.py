"""``disclint serve``: the review service, a page on an intranet for editors who never open a terminal.

Starlette on uvicorn (docs/serve.md says why): pure-Python wheels that install on Windows without a
compiler, uploads read asynchronously while checks run in a pool of worker processes with a time limit
(work.py), batches kept in SQLite (store.py). An optional extra (``pip install '.[serve]'``): the command
line imports none of it unless ``serve`` is asked for.
"""
from __future__ import annotations

import ipaddress
import os
import sys

from ..errors import UsageError


def loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def data_folder() -> str:
    """The per-user default of ``--data``: %LOCALAPPDATA%\\disclint\\serve on Windows, else
    $XDG_DATA_HOME/disclint/serve (~/.local/share/disclint/serve)."""
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
    else:
        base = os.environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share")
    return os.path.join(base, "disclint", "serve")


def desktop() -> bool:
    """Whether a browser can be opened here: Windows or macOS, or a graphical session, at a terminal."""
    graphical = sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return graphical and sys.stdin is not None and sys.stdin.isatty()


def serve(settings, host: str, port: int, open_browser: bool | None) -> int:
    """Run the service until it is stopped (Ctrl+C, a service manager's stop)."""
    import threading
    import webbrowser

    import uvicorn

    from .app import create_app

    if not loopback(host) and not settings.token:
        raise UsageError(f"监听 {host} 时其他计算机也能访问，必须设置访问令牌：--token 令牌，或环境变量 DISCLINT_TOKEN")
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    entry = address + (f"?token={settings.token}" if settings.token else "")
    print(f"disclint 审阅服务：{entry}（数据目录 {settings.data}；按 Ctrl+C 停止）", file=sys.stderr, flush=True)
    if open_browser if open_browser is not None else desktop():
        threading.Timer(1.5, webbrowser.open, (entry,)).start()
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False,
                timeout_graceful_shutdown=5)
    return 0
