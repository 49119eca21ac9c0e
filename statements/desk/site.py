"""The desk's AdminSite: the newsroom's name at the top, and a home page that answers
"what should I work on?" (docs/desk.md, "The desk home")."""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import home


class DeskSite(admin.AdminSite):
    index_template = "admin/desk_home.html"
    index_title = _("Desk")

    @property
    def site_header(self):
        return settings.SITE_NAME

    @property
    def site_title(self):
        return _("%(site)s desk") % {"site": settings.SITE_NAME}

    def each_context(self, request):
        context = super().each_context(request)
        # Shown on every desk page when the second pair of eyes is switched off.
        context["one_person_desk"] = settings.ONE_PERSON_DESK
        return context

    def index(self, request, extra_context=None):
        context = {**home.desk_home(user=request.user), **(extra_context or {})}
        return super().index(request, context)
