"""JupyterHub for this course on one machine: `deploy/start-hub.sh` starts it (docs/deploy.md).

People, courses, ports and folders come from the settings file named by COURSEHUB_SETTINGS
(default: deploy/hub.yml); see hub.example.yml. Secrets come from the environment, never a file
in the repository:
  COURSEHUB_PASSWORD     the shared sign-in password (8+ characters) for everyone listed
  COURSEHUB_ADMIN_TOKEN  optional: an API token for scripts that manage users and servers

Every learner's server and every course's formgrader run under the OS account that runs the hub
(SimpleLocalProcessSpawner). That suits a trusted class on one machine; docs/deploy.md says what
it does not protect, and how large classes run on Kubernetes instead.
"""
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import coursehub  # noqa: E402 - deploy/ is not a package; the line above makes it importable

c = get_config()  # noqa: F821 - provided by JupyterHub when it reads this file

settings = coursehub.load(os.environ.get("COURSEHUB_SETTINGS", HERE / "hub.yml"))
coursehub.prepare_folders(settings)

# Where people connect, and where the hub keeps its state.
c.JupyterHub.ip = settings.ip
c.JupyterHub.port = settings.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_port
c.JupyterHub.db_url = f"sqlite:///{settings.data / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(settings.data / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(settings.data / "jupyterhub.pid")

# configurable-http-proxy from the npm registry (deploy/package.json; the setup runs `npm ci`).
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = str(settings.data / "proxy.pid")

# Sign-in: everyone listed in the settings, with one shared password.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("COURSEHUB_PASSWORD", "")
c.Authenticator.allowed_users = set(settings.users)
c.Authenticator.admin_users = set(settings.admins)

# Learners' servers: JupyterLab in their own home folder, with nbgrader pointed at the hub.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(settings.data / "home" / "{username}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.args = coursehub.as_root_flags()
c.Spawner.default_url = "/lab"
c.Spawner.environment = coursehub.learner_environment(settings)

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
