"""``putright worker`` as a real process, against a file SQLite database: it picks up a queued
message and delivers it to a real SMTP server, runs the periodic jobs, stops cleanly on SIGTERM,
and two workers at once deliver every message exactly once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.mailservers import SmtpServer

ROOT = Path(settings.BASE_DIR)
PUTRIGHT = [sys.executable, "-m", "putright"]

SETUP = """
import json, sys
from django.db import transaction
from putright.correspondence.services import email_queue
from putright.organisations.models import Organisation
count = int(sys.argv[1])
organisation, _ = Organisation.objects.get_or_create(
    slug="worker-test", defaults={"name": "Worker Test Council", "division": "england-and-wales",
                                  "default_profile": "lgsco-2024"})
with transaction.atomic():
    for number in range(count):
        email_queue(organisation=organisation, to=f"person{number}@example.org",
                    subject=f"Message {number}", text="Sent by a worker process.",
                    html="<p>Sent by a worker process.</p>", key=f"worker-test:{number}",
                    attachments=[("letter.pdf", b"%PDF-1.7 test", "application/pdf")])
"""

REPORT = """
import json
from putright.clock.models import PeriodicJob
from putright.correspondence.models import OutboundEmail
print(json.dumps({
    "emails": list(OutboundEmail.objects.order_by("key").values("key", "status", "attempts")),
    "jobs": {j.task_path: j.last_finished is not None or j.last_queued is not None
             for j in PeriodicJob.objects.all()},
    "sweep": PeriodicJob.objects.filter(task_path="putright.clock.tasks.sweep_task")
             .values_list("last_result", flat=True).first(),
}))
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file database migrated once for the module; each test works on a copy."""
    folder = tmp_path_factory.mktemp("worker-db")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}"}
    env["PUTRIGHT_VAR_DIR"] = str(folder)
    subprocess.run(  # noqa: S603 - the project's own command line
        [*PUTRIGHT, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    return folder / "db.sqlite3"


@pytest.fixture
def environment(migrated: Path, tmp_path: Path, smtp_server: SmtpServer) -> dict[str, str]:
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated, database)
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "PUTRIGHT_VAR_DIR": str(tmp_path),
        "PUTRIGHT_EMAIL_HOST": smtp_server.host,
        "PUTRIGHT_EMAIL_PORT": str(smtp_server.port),
        "PUTRIGHT_EMAIL_STARTTLS": "0",
        "PUTRIGHT_EMAIL_FROM": "complaints@worker-test.example",
    }


def shell(env: dict[str, str], code: str, *args: str) -> str:
    script = f"import sys; sys.argv = ['x', *{list(args)!r}]\n{code}"
    done = subprocess.run(  # noqa: S603 - the project's own command line
        [*PUTRIGHT, "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stdout


def report(env: dict[str, str]) -> dict[str, Any]:
    return json.loads(shell(env, REPORT).strip().splitlines()[-1])


def start_worker(env: dict[str, str], name: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - the project's own command line
        [*PUTRIGHT, "worker", "--interval", "0.2", "--tick", "0.5", "--worker-id", name],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(worker: subprocess.Popen[str]) -> str:
    worker.send_signal(signal.SIGTERM)
    try:
        output, _ = worker.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
        raise AssertionError(f"the worker did not stop on SIGTERM:\n{output}") from None
    assert worker.returncode == 0, output
    return output


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for worker in started:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()


def _wait_for_sweep(env: dict[str, str], timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = report(env)
        if found["sweep"]:
            return found
        time.sleep(1)
    raise AssertionError("the sweep never finished")


def test_the_worker_delivers_a_queued_message_and_runs_the_clock(
    environment: dict[str, str], smtp_server: SmtpServer, workers: list[subprocess.Popen[str]]
) -> None:
    shell(environment, SETUP, "1")
    workers.append(start_worker(environment, "worker-one"))
    [received] = smtp_server.wait_for(1, timeout=120)
    assert received.recipients == ["person0@example.org"]
    assert received.subject == "Message 0"
    assert received.part("text/plain").strip() == "Sent by a worker process."
    assert received.attachments() == [("letter.pdf", b"%PDF-1.7 test", "application/pdf")]
    found = _wait_for_sweep(environment)
    output = stop(workers[0])
    assert found["emails"] == [{"key": "worker-test:0", "status": "sent", "attempts": 1}]
    # Every periodic job of the settings was queued at the worker's start.
    assert found["jobs"] == {path: True for path, _ in settings.PUTRIGHT_PERIODIC_TASKS}
    assert found["sweep"]["organisations"] == 1
    assert "Queued periodic job putright.clock.tasks.sweep_task" in output


def test_two_workers_at_once_deliver_each_message_once(
    environment: dict[str, str], smtp_server: SmtpServer, workers: list[subprocess.Popen[str]]
) -> None:
    shell(environment, SETUP, "30")
    workers.append(start_worker(environment, "worker-one"))
    workers.append(start_worker(environment, "worker-two"))
    smtp_server.wait_for(30, timeout=180)
    # Give a second send, were there to be one, time to arrive.
    time.sleep(3)
    outputs = [stop(worker) for worker in workers]
    recipients = sorted(r for message in smtp_server.messages for r in message.recipients)
    assert recipients == sorted(f"person{n}@example.org" for n in range(30))
    found = report(environment)
    assert {e["status"] for e in found["emails"]} == {"sent"}
    assert {e["attempts"] for e in found["emails"]} == {1}
    # Both took part, and the clock queued each periodic job once between them.
    assert all("Starting worker" in output for output in outputs), outputs
    queued = sum(o.count("Queued periodic job putright.clock.tasks.sweep_task") for o in outputs)
    assert queued == 1
