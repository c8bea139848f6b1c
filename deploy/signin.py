"""Sign-in for a graded class: NativeAuthenticator (a JupyterHub project), with no sign-up page at all.

A sign-up page, like FirstUseAuthenticator's first sign-in, lets whoever comes first claim a listed
name. Here nobody can claim one: at each start the hub gives every person listed in hub.yml who has
no password yet a random first password, written to <data>/hub/first-passwords.txt (root only), for
the person who runs the hub to hand out. After that people change their own password at
/hub/change-password, and a course's instructors reset their learners' passwords at
/hub/change-password/<name> (deploy/coursehub.py's reset-passwords role; docs/deploy.md).

    c.JupyterHub.authenticator_class = "signin.CourseAuthenticator"
    c.CourseAuthenticator.first_passwords = "/srv/coursehub/hub/first-passwords.txt"
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

import bcrypt
from jupyterhub.handlers.login import LoginHandler as HubLoginHandler
from nativeauthenticator import NativeAuthenticator, handlers
from nativeauthenticator.orm import UserInfo
from traitlets import Unicode


class _Untimed:
    """Stands in for the statsd client JupyterHub 6 removed; NativeAuthenticator 1.3.0 still times sign-ins."""

    def timer(self, name: str) -> "_Untimed":
        return self

    def start(self) -> "_Untimed":
        return self

    def stop(self, send: bool = True) -> None:
        pass


class LoginHandler(handlers.LoginHandler):
    """NativeAuthenticator 1.3.0's sign-in page, fitted to JupyterHub 6: no statsd, and error pages
    pass ``sync`` through ``_render`` (without this, any failed sign-in is a server error)."""

    statsd = _Untimed()

    def _render(self, login_error=None, username=None, **kwargs):
        if kwargs.get("sync"):  # an error page drawn at once: JupyterHub's own form shows the message
            return HubLoginHandler._render(self, login_error=login_error, username=username, **kwargs)
        return super()._render(login_error=login_error, username=username)


class CourseAuthenticator(NativeAuthenticator):
    """NativeAuthenticator whose accounts are the people of hub.yml, each with a first password."""

    first_passwords = Unicode(config=True, help="Where new people's first passwords are written (mode 0600).")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)  # NativeAuthenticator makes its table in the hub's database here
        self.give_first_passwords(sorted(self.allowed_users | self.admin_users))

    def get_handlers(self, app):
        return [(path, LoginHandler if handler is handlers.LoginHandler else handler)
                for path, handler in super().get_handlers(app)]

    def give_first_passwords(self, names: list[str]) -> list[str]:
        """A sign-in for each of ``names`` that has none; returns the names given one."""
        new = [name for name in names if self.get_user(name) is None]
        if not new:
            return []
        lines = []
        for name in new:
            password = secrets.token_urlsafe(12)  # 16 characters, about 96 bits
            self.db.add(UserInfo(username=name, password=bcrypt.hashpw(password.encode(), bcrypt.gensalt()),
                                 is_authorized=True))
            lines.append(f"{name}\t{password}\n")
        self.db.commit()
        _append_private(Path(self.first_passwords), "".join(lines))
        self.log.info("First passwords for %s are in %s", ", ".join(new), self.first_passwords)
        return new


def _append_private(path: Path, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as file:
        file.write(text)
