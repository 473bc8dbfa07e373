"""A real SMTP server on loopback for the e-mail tests (aiosmtpd): every message it accepts is
written to DIR as NNNN.eml, in order, with its subject and text decoded in NNNN.json. With --stop-after N it stops after accepting N messages,
the way a mail server going down in the middle of a batch would.

Usage: python3 smtp_sink.py PORT DIR [--stop-after N]. Prints READY once it listens."""

import argparse
import email
import email.policy
import json
import os
import sys
import threading

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, directory, stop_after, stopped):
        self.directory = directory
        self.stop_after = stop_after
        self.stopped = stopped
        self.count = len([n for n in os.listdir(directory) if n.endswith(".eml")])
        self.accepted = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.stopped.is_set():
                return "421 closing"
            self.count += 1
            self.accepted += 1
            raw = envelope.original_content or envelope.content
            parsed = email.message_from_bytes(raw, policy=email.policy.default)
            body = parsed.get_body(preferencelist=("plain",))
            decoded = {"subject": str(parsed["subject"]), "body": body.get_content() if body else ""}
            path = os.path.join(self.directory, "%04d" % self.count)
            with open(path + ".json", "w", encoding="utf-8") as out:
                json.dump(decoded, out)
            with open(path + ".part", "wb") as out:
                out.write(raw)
            os.replace(path + ".part", path + ".eml")
            if self.stop_after and self.accepted >= self.stop_after:
                self.stopped.set()
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("directory")
    parser.add_argument("--stop-after", type=int, default=0)
    args = parser.parse_args()
    stopped = threading.Event()
    controller = Controller(Keep(args.directory, args.stop_after, stopped), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("READY", flush=True)
    try:
        # Ends when told to (--stop-after) or when the test closes our stdin.
        threading.Thread(target=lambda: (sys.stdin.read(), stopped.set()), daemon=True).start()
        stopped.wait()
        # Let the last accepted message's reply reach the client before the port closes;
        # messages arriving meanwhile are refused with 421.
        threading.Event().wait(0.3)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
