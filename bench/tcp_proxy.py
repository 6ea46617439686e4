"""A TCP proxy in front of the local PostgreSQL server, for the outage
test: it can cut every connection and refuse new ones for a while, as a
network failure or a database restart would, without touching the shared
server itself. It connects to PostgreSQL through the local Unix socket.

    python -m bench.tcp_proxy PORT   (then: kill -USR1 to cut for 10 s)
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time

PG_SOCKET = os.path.join(os.environ.get("PG_SOCKET_DIR", "/var/run/postgresql"), ".s.PGSQL.5432")


class Proxy:
    def __init__(self, port: int, outage_seconds: float = 10) -> None:
        self.port = port
        self.outage_seconds = outage_seconds
        self.down_until = 0.0
        self.writers: set[asyncio.StreamWriter] = set()

    def cut(self) -> None:
        self.down_until = time.monotonic() + self.outage_seconds
        for writer in list(self.writers):
            writer.transport.abort()
        self.writers.clear()

    async def handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if time.monotonic() < self.down_until:
            client_writer.transport.abort()
            return
        try:
            server_reader, server_writer = await asyncio.open_unix_connection(PG_SOCKET)
        except OSError:
            client_writer.transport.abort()
            return
        self.writers |= {client_writer, server_writer}

        async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                writer.transport.abort()
                self.writers.discard(writer)

        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    async def serve(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGUSR1, self.cut)
        server = await asyncio.start_server(self.handle, "127.0.0.1", self.port)
        print("ready", flush=True)
        async with server:
            await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(Proxy(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 10).serve())
