#!/usr/bin/env python3
"""Generates an archive of support requests for `logtriage batch` benchmarks and tests.

Writes COUNT requests under OUT: e-mails (`mail/req-NNNNN.eml`, one to three attachments built from SampleLogs, some
repeated up to 12 times so sizes vary from a few KB to about a MB); one request in ten is a message of one mbox
(`mbox/archive.mbox`, read by `batch` message by message), one in twenty a request folder (`REQ-NNNNN/`)
and one in twenty a line of a JSON-lines export (`export/requests.jsonl`, its files in `export/REQ-NNNNN/`).
Senders come from 40 agency domains, dates spread over 13 weeks, every e-mail has its own Message-ID.
Deterministic for a given --seed.
"""
import argparse
import base64
import json
import os
import random
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = [
    "python-default-internal-error.log", "monolog-internal-error.log", "curl-proxy-407.txt",
    "logrus-logfmt-internal-error.log", "dotnet-console-internal-error.log", "raw-provider-error.xml",
    "curl-gateway-504.txt", "pino-internal-error.jsonl", "log4net-auth-wrong-password.log",
    "nlog-ordercancel-partial-failure.log", "nlog-token-expired.log", "java-logback-dns-failure.log",
    "nlog-stand-mismatch.log", "json-no-offers-warning.jsonl", "all-ok.log", "serilog-client-timeout.log",
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    data = {s: open(os.path.join(ROOT, "SampleLogs", s), "rb").read() for s in SAMPLES}
    for sub in ("mail", "mbox", "export"):
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    mbox = open(os.path.join(a.out, "mbox", "archive.mbox"), "w", newline="\r\n")
    export = open(os.path.join(a.out, "export", "requests.jsonl"), "w")
    start = datetime(2026, 9, 1, 9, 0, tzinfo=timezone(timedelta(hours=3)))
    total = 0
    for k in range(a.count):
        when = start + timedelta(minutes=rnd.randrange(13 * 7 * 24 * 60))
        domain = f"agency{rnd.randrange(40)}.example"
        files = []
        for j in range(rnd.choice([1, 1, 1, 2, 3])):
            name = rnd.choice(SAMPLES)
            repeat = rnd.choice([1, 1, 1, 2, 4, 12])
            files.append((f"{j}-{name}", data[name] * repeat))
        total += sum(len(b) for _, b in files)
        if k % 20 == 19:
            # Directly in OUT: a sub-folder of the SOURCE that holds no e-mail is one request.
            folder = os.path.join(a.out, f"REQ-{k:05d}")
            os.makedirs(folder, exist_ok=True)
            for name, body in files:
                open(os.path.join(folder, name), "wb").write(body)
            # A note of its own, so two folders with the same logs stay two requests (the store dedups by files).
            open(os.path.join(folder, "note.txt"), "w").write(f"Request {k} from {domain}\n")
            continue
        day = when.strftime("%d.%m.%Y")
        if k % 20 == 9:
            folder = os.path.join(a.out, "export", f"REQ-{k:05d}")
            os.makedirs(folder, exist_ok=True)
            for name, body in files:
                open(os.path.join(folder, name), "wb").write(body)
            # The store tells requests without a Message-ID apart by their files (see the folders above).
            open(os.path.join(folder, "note.txt"), "w").write(f"Request {k} from {domain}\n")
            files.append(("note.txt", b""))
            line = {
                "id": f"REQ-{k:05d}", "subject": f"PROD: errors on {day} (request {k})", "stand": "PROD",
                "body": f"Hello, on PROD we get errors on {day}. Logs attached.", "from": f"agent{k}@{domain}",
                "received": when.isoformat(), "period": {"since": (when - timedelta(hours=2)).isoformat(),
                                                         "until": when.isoformat()},
                "files": [f"REQ-{k:05d}/{name}" for name, _ in files],
            }
            export.write(json.dumps(line) + "\n")
            continue
        parts = [
            f"From: Agent {k} <agent{k}@{domain}>",
            "To: support@mixvel.example",
            f"Subject: PROD: errors on {day} (request {k})",
            f"Date: {format_datetime(when)}",
            f"Message-ID: <bench-{k}@{domain}>",
            "MIME-Version: 1.0",
            f'Content-Type: multipart/mixed; boundary="b{k}"',
            "",
            f"--b{k}",
            "Content-Type: text/plain; charset=utf-8",
            "",
            f"Hello, on PROD we get errors on {day} from 00:00 to 23:59. Logs attached.",
        ]
        for name, body in files:
            parts += [
                f"--b{k}",
                f'Content-Type: application/octet-stream; name="{name}"',
                f'Content-Disposition: attachment; filename="{name}"',
                "Content-Transfer-Encoding: base64",
                "",
                base64.encodebytes(body).decode("ascii").rstrip("\n"),
            ]
        parts.append(f"--b{k}--")
        if k % 10 == 4:
            # mboxrd: a "From " line of the body would be quoted (base64 and these headers have none).
            sep = f"From agent{k}@{domain} {when.strftime('%a %b %d %H:%M:%S %Y')}"
            mbox.write(sep + "\n" + "\n".join(parts) + "\n\n")
            continue
        open(os.path.join(a.out, "mail", f"req-{k:05d}.eml"), "w", newline="\r\n").write("\n".join(parts) + "\n")
    mbox.close()
    export.close()
    print(f"{a.count} requests, {total / 1e6:.1f} MB of attachments, in {a.out}")


if __name__ == "__main__":
    main()
