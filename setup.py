"""Build hook: the wheel carries the top-level ``templates/`` and ``static/`` inside the package.

They stay at the repository's top level (the Dockerfile copies them beside ``app/``); building a
wheel copies them to ``app/_templates`` and ``app/_static``, where ``app.resources`` finds them
through ``importlib.resources``. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PACKAGED = {"templates": "_templates", "static": "_static"}  # the same map as app/resources.py


class build_py_with_page_files(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads them from the source tree
            return
        for src, dst in PACKAGED.items():
            target = Path(self.build_lib) / "app" / dst
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(HERE / src, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": build_py_with_page_files})
