from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("statements.api.urls")),
    path("", include("integrations.urls")),
]
# The reader's pages in each language: /claims/… in English, /hi/claims/… and /ur/claims/….
urlpatterns += i18n_patterns(
    path("", include("pages.urls")),
    path("", include("promises.urls")),
    path("", include("statements.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    # Uploaded portraits, on a developer's machine only; production serves MEDIA_ROOT itself.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "factcheck.views.server_error"
