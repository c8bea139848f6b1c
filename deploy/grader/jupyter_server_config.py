"""Each course's formgrader service on the hub (JUPYTER_CONFIG_PATH points here)."""
c = get_config()  # noqa: F821 - provided by Jupyter Server when it reads this file

# JupyterHub (4.1 and later) forbids framing its servers' pages, but the formgrader in JupyterLab is
# a frame of a page from this same server: allow exactly that, and nothing from elsewhere.
c.ServerApp.tornado_settings = {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}
