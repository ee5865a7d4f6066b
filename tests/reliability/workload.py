"""Worker process for the reliability tests: cash business operations, one transaction each.

Run as a script (the tests start it; it is not part of the application):

``run --db P --log L --seed N --seconds S --mix crash|concurrent --tag T [--start-at EPOCH]``
    one worker: opens the database with ``open_database`` and loops on operations until S seconds
    have passed (the crash test kills it long before).
``serve``
    a parent that has paid the imports once and forks one worker per JSON request read on stdin
    (``{"cmd": "fork", ...}`` → ``{"pid": …}``; ``{"cmd": "wait", "pid": …}`` → how it ended), so
    that each of the crash test's hundreds of workers starts in milliseconds. No database is opened
    before a fork: every worker opens its own connections.

The log is appended with ``os.write`` (unbuffered: it survives SIGKILL): ``R`` ready, ``B i op`` just
before a transaction, ``c i`` when its commit starts, ``C i op refs`` once the commit returned,
``E ops longest_ms over_1s`` at a clean end (operations, longest one including any wait, those over 1 s).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import traceback
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # started as a script from the tests
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from centre_app.domain.permissions import Role  # noqa: E402
from centre_app.models.cash import CashClosing, Payment, PaymentCancellation  # noqa: E402
from centre_app.models.database import Database  # noqa: E402
from centre_app.models.migrate import head_revision, open_database  # noqa: E402
from centre_app.models.parties import Party  # noqa: E402
from centre_app.models.system import User  # noqa: E402
from centre_app.services import cash_day, dues, payments  # noqa: E402
from centre_app.services.context import Actor  # noqa: E402
from centre_app.services.payments import PaymentDraft  # noqa: E402

FIRST_DAY = date(2026, 1, 5)
OPERATORS = ("Orange Money", "Moov Money", "Wave", "Sank Money")
# (operation, weight): the crash mix has every document kind; two concurrent writers skip the
# cancellations and closings (a closing by one would rightly refuse the other's receipts that day).
MIXES = {
    "crash": (("dues", 3), ("receipt", 4), ("mobile", 2), ("voucher", 1), ("cancel", 1), ("close", 1)),
    "concurrent": (("dues", 2), ("receipt", 4), ("mobile", 2), ("voucher", 2)),
}


def actor_with_role(session: Session, role: Role) -> Actor:
    user = session.scalars(select(User).where(User.role == role.value, User.active).order_by(User.id)).first()
    if user is None:
        raise LookupError(f"no active user with role {role}")
    return Actor(user.id, user.username, user.full_name, role)


def current_day(session: Session) -> date:
    """The cash day in progress: the day after the last closing, or a later day already used."""
    last_closed = session.scalar(select(func.max(CashClosing.day)))
    used = [
        session.scalar(select(func.max(Payment.business_date))),
        session.scalar(select(func.max(PaymentCancellation.business_date))),
    ]
    candidates = [FIRST_DAY] + [d for d in used if d is not None]
    if last_closed is not None:
        candidates.append(last_closed + timedelta(days=1))
    return max(candidates)


class Log:
    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, *parts: object) -> None:
        os.write(self.fd, (" ".join(str(p) for p in parts) + "\n").encode())


class Worker:
    def __init__(self, db: Database, log: Log, rng: random.Random, mix: str, tag: str) -> None:
        self.db, self.log, self.rng, self.tag = db, log, rng, tag
        names, weights = zip(*MIXES[mix], strict=True)
        self.names, self.weights = names, weights
        self.current = 0
        with db.reading() as s:
            self.clerk = actor_with_role(s, Role.CLERK)
            self.manager = actor_with_role(s, Role.MANAGER)
            self.parties = list(s.scalars(select(Party.id).where(Party.kind == "personne").order_by(Party.id)))
            self.day = current_day(s)
            latest = s.scalar(select(func.max(Payment.at)).where(Payment.business_date == self.day))
        start = datetime(self.day.year, self.day.month, self.day.day, 8, tzinfo=UTC)
        self.clock = max(start, latest.replace(tzinfo=UTC)) if latest else start
        event.listen(db.write_factory, "before_commit", lambda _s: log.write("c", self.current))

    @contextmanager
    def tx(self, actor: Actor) -> Iterator[Session]:
        self.clock += timedelta(seconds=self.rng.randint(20, 240))
        if self.clock.date() != self.day:  # the clock never runs past the open day
            self.clock = datetime(self.day.year, self.day.month, self.day.day, 23, 59, tzinfo=UTC)
        with self.db.transaction(actor) as s:
            s.info["now"] = self.clock
            yield s

    def step(self, i: int) -> None:
        op = self.rng.choices(self.names, self.weights)[0]
        self.current = i
        self.log.write("B", i, op)
        refs = getattr(self, f"op_{op}")()
        self.log.write("C", i, op, ",".join(refs) or "-")
        if op == "close":
            self.day += timedelta(days=1)
            self.clock = datetime(self.day.year, self.day.month, self.day.day, 8, tzinfo=UTC)

    # --- the business operations -----------------------------------------------------------------

    def op_dues(self) -> list[str]:
        party = self.rng.choice(self.parties)
        refs = []
        with self.tx(self.clerk) as s:
            for k in range(self.rng.randint(1, 3)):
                due_id = dues.open_due(
                    s, party_id=party, direction="receivable", source_type="manual",
                    reference=f"FAC-{self.tag}-{self.current}-{k}", label="Vente à crédit",
                    amount=self.rng.randrange(4, 200) * 250, issued_on=self.day,
                )  # fmt: skip
                refs.append(f"due:{due_id}")
        return refs

    def _receipt(self, means: str) -> list[str]:
        party = self.rng.choice(self.parties)
        with self.tx(self.clerk) as s:
            open_dues = dues.list_dues(s, party)[: self.rng.randint(0, 3)]
            allocations = tuple(
                (d.id, d.remaining if self.rng.random() < 0.6 else max(1, d.remaining // 2)) for d in open_dues
            )
            amount = sum(a for _d, a in allocations) + self.rng.choice((0, 0, 500, 5_000))
            mobile = means == "mobile_money"
            draft = PaymentDraft(
                "REC", amount or 1_000, means, "Règlement de factures", party_id=party, allocations=allocations,
                operator=self.rng.choice(OPERATORS) if mobile else None,
                payer_number="+226 70 00 00 00" if mobile else "",
                transaction_id=f"{self.tag}{uuid.uuid4().hex[:12]}" if mobile else None,
            )  # fmt: skip
            return [payments.record_payment(s, draft, accept_warnings=True).number]

    def op_receipt(self) -> list[str]:
        return self._receipt("especes")

    def op_mobile(self) -> list[str]:
        return self._receipt("mobile_money")

    def op_voucher(self) -> list[str]:
        draft = PaymentDraft(
            "DEC", self.rng.randrange(4, 60) * 250, "especes", "Carburant moto pour la mission",
            counterpart_name="Station-service de Djibo",
        )  # fmt: skip
        with self.tx(self.clerk) as s:
            return [payments.record_payment(s, draft, accept_warnings=True).number]

    def op_cancel(self) -> list[str]:
        with self.tx(self.manager) as s:
            recent = list(
                s.scalars(select(Payment.id).where(Payment.status == "valide").order_by(Payment.id.desc()).limit(20))
            )
            if not recent:
                return []
            return [payments.cancel_payment(s, self.rng.choice(recent), "Erreur de saisie du caissier")]

    def op_close(self) -> list[str]:
        with self.tx(self.clerk) as s:
            theoretical = cash_day.day_book(s, self.day).theoretical_cash
            counted = max(0, theoretical - (500 if self.rng.random() < 0.2 else 0))
            reason = "" if counted == theoretical else "Écart constaté au comptage"
            return [cash_day.close_day(s, self.day, counted, reason)]


def work(
    db_path: str, log_path: str, seed: int, seconds: float, mix: str, tag: str, start_at: float = 0, pause: float = 0
) -> int:
    log = Log(log_path)
    db = open_database(db_path, create=False)
    try:
        worker = Worker(db, log, random.Random(seed), mix, tag)
        log.write("R")
        while time.time() < start_at:
            time.sleep(0.01)
        deadline = time.monotonic() + seconds
        durations: list[float] = []
        while time.monotonic() < deadline:
            began = time.perf_counter()
            worker.step(len(durations) + 1)
            durations.append(time.perf_counter() - began)
            if pause:  # a clerk's think time, however short: the other writer gets its turn
                time.sleep(worker.rng.uniform(0, pause))
        slow = sum(1 for d in durations if d > 1)
        log.write("E", len(durations), round(max(durations, default=0) * 1000), slow)
        return 0
    finally:
        db.dispose()


# --- serve: fork workers from a pre-imported parent ------------------------------------------------


def _child(request: dict[str, Any]) -> None:
    code = 1
    try:
        out = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(out, 2)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        args = request["args"]
        code = work(args["db"], args["log"], args["seed"], args["seconds"], args["mix"], args["tag"])
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def serve() -> None:
    head_revision()  # warm up: the migration scripts are read once here
    for line in sys.stdin:
        request = json.loads(line)
        if request["cmd"] == "fork":
            pid = os.fork()
            if pid == 0:
                _child(request)
            reply: dict[str, Any] = {"pid": pid}
        else:
            _pid, status = os.waitpid(request["pid"], 0)
            reply = {
                "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            }
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="mode", required=True)
    sub.add_parser("serve")
    run = sub.add_parser("run")
    run.add_argument("--db", required=True)
    run.add_argument("--log", required=True)
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--seconds", type=float, default=60)
    run.add_argument("--mix", choices=tuple(MIXES), default="crash")
    run.add_argument("--tag", default="W")
    run.add_argument("--start-at", type=float, default=0)
    run.add_argument(
        "--pause", type=float, default=0, help="random pause of up to this many seconds between operations"
    )
    args = parser.parse_args(argv)
    if args.mode == "serve":
        serve()
        return 0
    return work(args.db, args.log, args.seed, args.seconds, args.mix, args.tag, args.start_at, args.pause)


if __name__ == "__main__":
    sys.exit(main())
