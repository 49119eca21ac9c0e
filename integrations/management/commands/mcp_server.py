"""manage.py mcp_server: the fact-check lookup for AI assistants (Model Context Protocol)."""

from django.core.management.base import BaseCommand

from integrations.assistants import build_server


class Command(BaseCommand):
    help = (
        "Serve read-only fact-check tools over MCP: stdio (default) for an assistant on this "
        "machine, or --http for remote assistants (streamable HTTP at /mcp)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--http", action="store_true", help="Streamable HTTP, not stdio.")
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (HTTP).")
        parser.add_argument("--port", type=int, default=8765, help="Port to listen on (HTTP).")

    def handle(self, *args, http, host, port, **options):
        server = build_server()
        if http:
            server.run("streamable-http", host=host, port=port)
        else:
            server.run("stdio")
