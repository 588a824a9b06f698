"""A small Dockerfile reader (enough for this project's Dockerfile), shared by the deploy tests
and `.ci/docker-recipe.sh`, which replays the image's recipe without a Docker engine."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Instruction:
    keyword: str  # upper case: FROM, ENV, RUN, COPY, CMD, ...
    text: str  # the arguments as written (continuations joined)
    line: int

    @property
    def exec_form(self) -> list[str] | None:
        """The JSON array of an exec-form CMD/ENTRYPOINT/RUN (after any --flags), else None."""
        text = self.text
        if self.keyword == "HEALTHCHECK":
            _, _, text = text.partition("CMD")
        text = text.strip()
        if not text.startswith("["):
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return None
        return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


@dataclass
class Dockerfile:
    instructions: list[Instruction] = field(default_factory=list)

    @classmethod
    def read(cls, path: str | Path) -> Dockerfile:
        out: list[Instruction] = []
        pending, start = "", 0
        for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not pending and (not line or line.startswith("#")):
                continue
            if pending and line.startswith("#"):
                continue
            if not pending:
                start = number
            if line.endswith("\\"):
                pending += line[:-1].strip() + " "
                continue
            full = (pending + line).strip()
            pending = ""
            keyword, _, rest = full.partition(" ")
            out.append(Instruction(keyword.upper(), rest.strip(), start))
        return cls(out)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None

    @property
    def base_image(self) -> str:
        return self.all("FROM")[0].text.split()[0]

    @property
    def env(self) -> dict[str, str]:
        """Every ENV key=value (in order; later ones win)."""
        values: dict[str, str] = {}
        for inst in self.all("ENV"):
            for token in shlex.split(inst.text):
                key, sep, value = token.partition("=")
                if not sep:
                    raise ValueError(f"line {inst.line}: use ENV key=value")
                values[key] = value
        return values

    @property
    def cmd(self) -> list[str] | None:
        inst = self.last("CMD")
        return inst.exec_form if inst else None

    @property
    def healthcheck(self) -> tuple[dict[str, str], list[str] | None] | None:
        """(options such as interval, the exec-form command) of the last HEALTHCHECK."""
        inst = self.last("HEALTHCHECK")
        if inst is None:
            return None
        options_text, _, _ = inst.text.partition("CMD")
        options = {}
        for token in options_text.split():
            key, _, value = token.lstrip("-").partition("=")
            options[key] = value
        return options, inst.exec_form

    @property
    def copies(self) -> list[tuple[list[str], str]]:
        """(sources, destination) of each COPY, flags such as --chown dropped."""
        result = []
        for inst in self.all("COPY"):
            parts = [p for p in shlex.split(inst.text) if not p.startswith("--")]
            result.append((parts[:-1], parts[-1]))
        return result

    @property
    def run_commands(self) -> list[str]:
        """Every RUN command (shell form), one per `&&`-separated step."""
        steps = []
        for inst in self.all("RUN"):
            steps.extend(step.strip() for step in inst.text.split("&&") if step.strip())
        return steps

    @property
    def user(self) -> str | None:
        inst = self.last("USER")
        return inst.text.split()[0] if inst else None

    @property
    def workdir(self) -> str | None:
        inst = self.last("WORKDIR")
        return inst.text.split()[0] if inst else None

    @property
    def exposed_ports(self) -> list[int]:
        return [int(p.split("/")[0]) for inst in self.all("EXPOSE") for p in inst.text.split()]
