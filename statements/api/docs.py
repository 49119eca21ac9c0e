"""Swagger UI at /api/docs/, from our own static files and under the site's strict CSP."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    """The split view: the page loads its start-up script as a file, never inline.

    Our template also drops the stock page's inline <style> for a stylesheet of our own.
    """

    template_name = "api/swagger_ui.html"
