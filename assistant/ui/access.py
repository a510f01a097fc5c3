"""Who may use the staff tools (upload, ingest, batch answers, audit).

Asking is public. The staff page is served on its own route behind gradio's login when staff
accounts are configured — `ASSISTANT_STAFF_USERS="name:password,name2:password2"` or a file named
by `ASSISTANT_STAFF_FILE` (one `name:password` a line, # comments) — and gradio refuses every call
to it, uploads included, without the login cookie. There are no default accounts: with none
configured the staff page exists only on a page that listens on the loopback address alone, where
only someone at this machine can reach it; served beyond it, the staff tools are off.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

STAFF_PATH = "/staff"
USERS_ENV = "ASSISTANT_STAFF_USERS"
FILE_ENV = "ASSISTANT_STAFF_FILE"
LOCAL_USER = "本机（未配置工作人员账号）"


class StaffConfigError(ValueError):
    """A staff account setting that cannot be used (unreadable file, an entry without a password)."""


def read_accounts(environ: dict[str, str] | None = None) -> dict[str, str]:
    """name → password from the environment and the accounts file; {} when neither is set."""
    env = os.environ if environ is None else environ
    entries: list[tuple[str, str]] = []
    for part in env.get(USERS_ENV, "").replace("\n", ",").split(","):
        if part.strip():
            entries.append((USERS_ENV, part.strip()))
    if env.get(FILE_ENV):
        path = Path(env[FILE_ENV])
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise StaffConfigError(f"{FILE_ENV}={path}: cannot read the staff accounts file ({e})") from e
        entries += [(str(path), line.strip()) for line in text.splitlines()
                    if line.strip() and not line.lstrip().startswith("#")]
    accounts: dict[str, str] = {}
    for where, entry in entries:
        name, sep, password = entry.partition(":")
        if not sep or not name.strip() or not password:
            raise StaffConfigError(f"{where}: a staff account is written name:password, got {entry.split(':')[0]!r}…")
        accounts[name.strip()] = password
    return accounts


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class StaffAccess:
    mode: str                      # "login" (accounts configured), "local" (loopback only, no login), "off"
    accounts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def decide(cls, host: str, accounts: dict[str, str]) -> "StaffAccess":
        if accounts:
            return cls("login", tuple(sorted(accounts.items())))
        return cls("local" if is_loopback(host) else "off")

    @property
    def served(self) -> bool:
        return self.mode != "off"

    def check(self, username: str, password: str) -> bool:
        """gradio's auth callable: constant-time comparison, every account tried."""
        ok = False
        for name, secret in self.accounts:
            ok |= hmac.compare_digest(name.encode(), username.encode()) & hmac.compare_digest(
                secret.encode(), password.encode())
        return ok

    def user(self, username: str | None) -> str:
        """Who an ingest is recorded under."""
        return username or LOCAL_USER

    def notice(self) -> str:
        """What the public page says about the staff tools (Markdown)."""
        link = f"[工作人员页面]({STAFF_PATH.lstrip('/')}/)"
        if self.mode == "login":
            return f"工作人员：上传文件入库、批量提问、文件自查和入库记录在{link}，需用工作人员账号登录。"
        if self.mode == "local":
            return (f"工作人员工具（上传入库、批量提问、文件自查）在{link}。未配置工作人员账号，"
                    f"因此只在本机（127.0.0.1）开放；对外提供网页前请设置 {USERS_ENV} 或 {FILE_ENV}。")
        return (f"工作人员工具未开启：本网页对外开放，但未配置工作人员账号（{USERS_ENV} 或 {FILE_ENV}）。"
                "如需上传文件，请在本机以 127.0.0.1 启动，或配置账号后重启。")
