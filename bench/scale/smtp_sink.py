"""An SMTP server for the scale benchmark: appends each message's Subject to a file, one a line."""
import asyncio
import sys

from aiosmtpd.controller import Controller


class Record:
    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        subject = ""
        for line in envelope.content.decode("utf-8", "replace").splitlines():
            if line.lower().startswith("subject:"):
                subject = line.split(":", 1)[1].strip()
                break
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(subject + "\n")
        return "250 OK"


async def main(port, path):
    controller = Controller(Record(path), hostname="127.0.0.1", port=port)
    controller.start()
    while True:
        await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
