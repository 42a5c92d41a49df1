"""Serve the built JupyterLab app with Debian's jupyterlab_server (LabServerApp on jupyter_server 1.x).

Usage: /usr/bin/python3 serve.py --app BUILT_APP_DIR --state STATE_DIR [--expose-app] [jupyter_server options]

BUILT_APP_DIR is the build/ folder of what ./build made (static/, schemas/, themes/); STATE_DIR holds what Lab writes as
it runs (user settings, workspaces). The other options go to jupyter_server (--ServerApp.port=...).
"""

import argparse
import json
import os
import sys

from jupyterlab_server import LabServerApp

HERE = os.path.dirname(os.path.abspath(__file__))

parser = argparse.ArgumentParser(add_help=False)
parser.add_argument("--app", required=True)
parser.add_argument("--state", required=True)
parser.add_argument("--expose-app", action="store_true")
ARGS, SERVER_ARGS = parser.parse_known_args()
APP_DIR = os.path.abspath(ARGS.app)
STATE_DIR = os.path.abspath(ARGS.state)

with open(os.path.join(HERE, "package.json"), encoding="utf-8") as f:
    APP_VERSION = json.load(f)["version"]


class MemremapLab(LabServerApp):
    name = "memremap_lab"
    app_name = "JupyterLab (memremap-lab)"
    app_version = APP_VERSION
    extension_url = "/lab"
    default_url = "/lab"
    # Only this front end: a jupyter_server extension installed elsewhere on the machine is not ours.
    load_other_extensions = False
    static_dir = os.path.join(APP_DIR, "static")
    schemas_dir = os.path.join(APP_DIR, "schemas")
    themes_dir = os.path.join(APP_DIR, "themes")
    templates_dir = os.path.join(HERE, "templates")
    # overrides.json here sets our defaults (no news popup, no update check).
    app_settings_dir = os.path.join(HERE, "settings")
    user_settings_dir = os.path.join(STATE_DIR, "user-settings")
    workspaces_dir = os.path.join(STATE_DIR, "workspaces")

    def initialize_settings(self):
        super().initialize_settings()
        settings = self.serverapp.web_app.settings
        # Debian's jupyter_server 1.x has no terminal support installed with it.
        settings["terminals_available"] = False
        page_config = settings.setdefault("page_config_data", {})
        page_config["buildAvailable"] = False
        page_config["terminalsAvailable"] = False
        page_config["exposeAppInBrowser"] = "true" if ARGS.expose_app else "false"


def _jupyter_server_extension_points():
    # jupyter_server finds the app to start through this module-level hook.
    return [{"module": __name__, "app": MemremapLab}]


if __name__ == "__main__":
    for folder in (MemremapLab.static_dir, MemremapLab.schemas_dir):
        if not os.path.isdir(folder):
            sys.exit(f"serve.py: {folder} is missing: build the app first (src/jupyterlab-app/build)")
    MemremapLab.launch_instance(argv=SERVER_ARGS)
