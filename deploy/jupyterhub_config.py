"""JupyterHub for this course on one machine: `deploy/start-hub.sh` starts it (docs/deploy.md).

People, courses, ports and folders come from the settings file named by COURSEHUB_SETTINGS
(default: deploy/hub.yml); see hub.example.yml. deploy/prepare.py has already made the accounts
and folders when this file is read. Secrets come from the environment, never a file in the
repository:
  COURSEHUB_PASSWORD     demo mode only: the one shared sign-in password (8+ characters)
  COURSEHUB_ADMIN_TOKEN  optional: an API token for scripts that manage users and servers

Classroom mode (the default): each person signs in with their own password (deploy/signin.py)
and their server runs under their own OS account; each course's formgrader runs under the
course's account. Demo mode: one shared password, one OS account for everyone; not for grades.
"""
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import coursehub  # noqa: E402 - deploy/ is not a package; the line above makes it importable

c = get_config()  # noqa: F821 - provided by JupyterHub when it reads this file

settings = coursehub.load(os.environ.get("COURSEHUB_SETTINGS", HERE / "hub.yml"))

# Where people connect, and where the hub keeps its state (data/hub: root's alone).
c.JupyterHub.ip = settings.ip
c.JupyterHub.port = settings.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_port
c.JupyterHub.db_url = f"sqlite:///{settings.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(settings.state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(settings.state / "jupyterhub.pid")

# configurable-http-proxy from the npm registry (deploy/package.json; the setup runs `npm ci`).
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = str(settings.state / "proxy.pid")

# Who may sign in: exactly the people listed in the settings (never someone the database still
# remembers, e.g. a learner an instructor renamed).
c.Authenticator.allowed_users = set(settings.users)
c.Authenticator.admin_users = set(settings.admins)
c.Authenticator.allow_existing_users = False

# Everyone's server: their own home folder, with nbgrader pointed at the hub. Learners land on the
# course home (each unit a page that runs itself); instructors on JupyterLab: coursehub.landing_url,
# set per person before their server starts (below). JupyterLab stays at /lab for everyone.
c.Spawner.default_url = coursehub.STAFF_LANDING
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
# A whole class signing in at the start of a lesson starts many servers at once on one machine:
# give each more than JupyterHub's 60 s (and 30 s to answer) before it is called a failure.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
c.Spawner.environment = coursehub.learner_environment(settings)

if settings.classroom:
    # Each person's own password; no sign-up page, so no one can claim a listed name first.
    c.JupyterHub.authenticator_class = "signin.CourseAuthenticator"
    c.CourseAuthenticator.first_passwords = str(settings.state / "first-passwords.txt")
    c.NativeAuthenticator.enable_signup = False
    c.NativeAuthenticator.minimum_password_length = 10
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.allowed_failed_logins = 5  # then that name waits, whatever password is tried
    c.NativeAuthenticator.seconds_before_next_try = 300
    # Each server under its person's own account, which deploy/prepare.py made with a private home.
    c.JupyterHub.spawner_class = "localprocess"

    def only_accounts_the_hub_made(spawner):
        """Never start a server as an account the hub did not make (root, a service, a colleague)."""
        from prepare import made_by_hub

        if not made_by_hub(spawner.user.name, settings):
            raise RuntimeError(f"{spawner.user.name} is not an account this hub made: not starting a server")
else:
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ.get("COURSEHUB_PASSWORD", "")
    c.JupyterHub.template_vars = {"announcement": "Demo hub: one shared password for everyone. "
                                                  "Not for graded work."}
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(settings.data / "home" / "{username}")
    c.Spawner.args = coursehub.as_root_flags()


def before_starting(spawner):
    """Check whose server this is (classroom mode), then open it on that person's landing page."""
    if settings.classroom:
        only_accounts_the_hub_made(spawner)
    spawner.default_url = coursehub.landing_url(settings, spawner.user.name)


c.Spawner.pre_spawn_hook = before_starting

# Courses: nbgrader's groups, the least access each party needs, one formgrader per course.
c.JupyterHub.load_groups = coursehub.groups(settings)
c.JupyterHub.load_roles = coursehub.roles(settings)
c.JupyterHub.services = [coursehub.grader_service(course, settings) for course in settings.courses]

admin_token = os.environ.get("COURSEHUB_ADMIN_TOKEN")
if admin_token:
    c.JupyterHub.services.append({"name": "coursehub-admin", "api_token": admin_token})
    c.JupyterHub.load_roles.append({
        "name": "coursehub-admin", "services": ["coursehub-admin"],
        "scopes": ["admin:users", "admin:servers", "admin:groups", "tokens"],
    })
